// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

#include <gdcmDataSet.h>

#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::dicom_out {

/// The series an export is written beside: its grid and values, and the attributes the export
/// copies from it.
struct ReferenceSeries {
    Volume volume; ///< modality values in the reference's own units (never converted to SUV)
    /// Its first file's data set (without pixel data), every element with an explicit VR.
    gdcm::DataSet attributes;
    std::string modality;
    std::string petUnits; ///< PET Units (0054,1001) code, e.g. BQML
    /// SUVbw (g/ml) per Bq/ml, when the reference is a BQML PET series with dose, weight and times.
    std::optional<double> suvbwPerBqml;
};

/// Reads the first loadable volume under `path` (a DICOM folder or file) and its first file's
/// attributes. Errors: those of scanDicom and loadDicomVolume; NoImageData when nothing under
/// `path` is a loadable volume.
Result<ReferenceSeries> readReferenceSeries(const std::filesystem::path& path,
                                            const std::atomic<bool>* cancel);

/// Copies `tag` from the reference's attributes into `ds` when present; returns whether it was.
bool copyAttribute(const ReferenceSeries& reference, gdcm::DataSet& ds, const gdcm::Tag& tag);

/// The patient, study, frame of reference and character set attributes every export copies.
void copyPatientStudyFrame(const ReferenceSeries& reference, gdcm::DataSet& ds);

} // namespace voxdiff::core::dicom_out
