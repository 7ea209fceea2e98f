// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>

#include "export/ReferenceSeries.h"
#include "voxdiff/DicomExport.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::dicom_out {

/// The units an export writes.
struct UnitsChoice {
    std::string petCode; ///< PET Units code: BQML, GML, CNTS, ... (or what was given)
    UnitsSource source = UnitsSource::Given;
};

/// `given` when not empty (a PET Units code: 1 to 16 of A-Z, 0-9, _); otherwise inferred: the
/// reference's Units when `placed` (on the reference's grid) equals its values within each
/// slice's storage step, GML when it equals their SUVbw (a BQML reference with dose, weight
/// and times). Errors: InvalidArgument when `given` is not a code, or the units cannot be
/// inferred (the message says why).
Result<UnitsChoice> chooseUnits(const Volume& placed, const ReferenceSeries& reference,
                                const std::string& given);

/// UCUM code and meaning of a PET Units code for a Real World Value Mapping (BQML -> Bq/mL);
/// other codes are returned as they are.
std::pair<std::string, std::string> ucumOfPetUnits(const std::string& petCode);

} // namespace voxdiff::core::dicom_out
