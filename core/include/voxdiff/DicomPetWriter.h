// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "voxdiff/NiftiWriter.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// The facts of a PET acquisition that a PET DICOM series carries besides its voxels: who,
/// what was injected, and when. They are what SUVbw needs: SUV = value_Bqml * weight_g /
/// (dose_Bq decayed from the injection to the series start).
struct PetSeriesInfo {
    std::string patientName = "VOXDIFF^PHANTOM";
    std::string patientId = "VOXDIFF-DEMO";
    std::string patientSex = "O";
    double patientWeightKg = 75.0;
    double patientSizeM = 1.75;
    std::string radiopharmaceutical = "Fluorodeoxyglucose";
    double injectedDoseBq = 370e6; ///< RadionuclideTotalDose, at injection
    double halfLifeS = 6586.2;     ///< F-18
    std::string date = "20240315"; ///< DICOM DA: injection, study, series and acquisition
    double injectionTimeOfDayS = 9 * 3600.0 + 30 * 60.0; ///< RadiopharmaceuticalStartTime
    double seriesTimeOfDayS = 10 * 3600.0 + 30 * 60.0;   ///< SeriesTime = AcquisitionTime
    double frameDurationS = 180.0;                       ///< ActualFrameDuration
    std::string seriesDescription = "PET WB SUV phantom";
    int seriesNumber = 1;

    /// Seconds from the injection to the series start (DecayCorrection START).
    double uptakeS() const { return seriesTimeOfDayS - injectionTimeOfDayS; }
    /// The injected activity decayed to the series start, in Bq.
    double decayedDoseBq() const;
    /// Bq/ml per unit of SUVbw (g/ml): decayed dose / weight in g.
    double bqmlPerSuv() const { return decayedDoseBq() / (patientWeightKg * 1000.0); }
};

/// What writeDicomPetSeries wrote.
struct DicomSeriesWritten {
    std::filesystem::path folder;
    std::int64_t fileCount = 0;
    std::string seriesInstanceUid;
};

/// Writes `volumeBqml` (values in Bq/ml, modality values) as a classic PET Image Storage
/// series into `folder`: one Explicit VR Little Endian Part 10 file per slice k, named
/// IM_0001.dcm, ... in k order, int16 with a RescaleSlope per slice (max |value| of the slice /
/// 32767, intercept 0), Units BQML, decay corrected to the series start. Every slice's
/// ImagePositionPatient is ijkToLps applied to (0, 0, k) and ImageOrientationPatient holds the
/// i and j directions, so a reader that sorts along i x j rebuilds the same voxel centres,
/// whatever order k runs in. The i and j axes must be orthogonal.
/// Output rules: `folder` is created, or must be empty unless options.overwrite; each file is
/// written to a temporary and renamed into place. options.description overrides
/// info.seriesDescription when set.
/// Errors: InvalidArgument (empty volume, non-finite values, i and j not orthogonal),
/// OutputExists, WriteFailed.
Result<DicomSeriesWritten> writeDicomPetSeries(const Volume& volumeBqml, const PetSeriesInfo& info,
                                               const std::filesystem::path& folder,
                                               const WriteOptions& options = {});

} // namespace voxdiff::core
