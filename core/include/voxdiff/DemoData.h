// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <filesystem>

#include "voxdiff/DicomPetWriter.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// The built-in sample pair: the product's classic case, made by the program itself.
struct DemoPair {
    std::filesystem::path niftiPath;   ///< DIR/pet_suv.nii.gz: float32 SUV, k head to feet
    std::filesystem::path dicomFolder; ///< DIR/pet_dicom: int16 PET series in Bq/ml
    std::filesystem::path readmePath;  ///< DIR/README.txt: what the pair is, what to expect
    std::int64_t dicomFileCount = 0;
    std::string seriesInstanceUid;
    PetSeriesInfo pet; ///< weight, dose and times written into the DICOM series
};

/// Grid of the phantom: 96 x 96 x 72 voxels of 4 x 4 x 3 mm, axial. i runs from the
/// patient's right to left (+x LPS), j from anterior to posterior (+y LPS), k from head to
/// feet (-z LPS): ijkToRas has columns (-4, 0, 0), (0, -4, 0), (0, 0, -3). The grid is
/// centred on the LPS origin.
Matrix4 demoPhantomIjkToLps();

/// A deterministic PET-like phantom in SUVbw (g/ml), float32, on demoPhantomIjkToLps(): a body
/// at SUV ~1 with a head, brain (~7), liver (~2.5), bladder near the feet (~12), four
/// spherical lesions (SUV 4 to 15) and reproducible noise of a few percent; 0 outside the
/// body. The same call always gives the same voxels.
Volume makePetPhantomSuv();

/// Writes the sample pair into `dir`: pet_suv.nii.gz (the phantom in SUV), pet_dicom/ (the
/// same voxel centres as a classic PET series in Bq/ml: value = SUV * pet.bqmlPerSuv(),
/// stored as int16 with a slope per slice) and README.txt. The DICOM slices carry
/// ImageOrientationPatient 1\0\0\0\1\0, so a reader sorting along the normal (+z, feet to head)
/// puts its origin at the NIfTI's last slice k. `dir` is created, or must be empty unless
/// `overwrite`. Errors: OutputExists, WriteFailed.
Result<DemoPair> writeDemoPair(const std::filesystem::path& dir, bool overwrite);

} // namespace voxdiff::core
