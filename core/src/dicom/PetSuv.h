// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>
#include <vector>

#include "dicom/ObjectHeader.h"
#include "voxdiff/Result.h"

namespace voxdiff::core::dicom {

/// The factor that turns PET activity concentration (Bq/ml) into SUVbw (g/ml), and every
/// input that went into it, as one human text.
struct SuvFactor {
    double factor = 1.0;
    std::string explanation;
};

/// SUVbw by QIBA's vendor-neutral rule: weight (g) / (injected dose decayed from the injection
/// time to the scan start). Scan start is SeriesTime unless it is later than the earliest
/// AcquisitionTime of the series (then that). Needs Units BQML and DecayCorrection START (or
/// ADMIN: no decay); Units GML (already SUVbw) gives a factor of 1. Errors: UnsupportedData naming
/// the missing or unsuitable tag.
Result<SuvFactor> suvBodyWeightFactor(const std::vector<const ObjectHeader*>& objects);

} // namespace voxdiff::core::dicom
