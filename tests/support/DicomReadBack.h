// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "voxdiff/Geometry.h"

namespace voxdiff::test {

/// One PET slice file as GDCM reads it, independently of VoxDiff's DICOM reader: the
/// attributes the writer tests check, as stored.
struct PetSliceFile {
    std::filesystem::path path;
    std::string transferSyntaxUid;
    std::string mediaStorageSopClassUid;
    std::string sopClassUid;
    std::string sopInstanceUid;
    std::string seriesInstanceUid;
    std::string frameOfReferenceUid;
    std::string modality;
    std::string units;
    std::string decayCorrection;
    std::string seriesTime;
    std::string radiopharmaceuticalStartTime;
    int rows = 0;
    int columns = 0;
    int bitsAllocated = 0;
    int bitsStored = 0;
    int highBit = 0;
    int pixelRepresentation = 0;
    int imageIndex = 0;
    int numberOfSlices = 0;
    double rescaleSlope = 0.0;
    double rescaleIntercept = 0.0;
    double patientWeightKg = 0.0;
    double totalDoseBq = 0.0;
    double halfLifeS = 0.0;
    core::Vec3 positionLps{};
    std::array<double, 6> orientation{};
    std::array<double, 2> pixelSpacing{};
    std::vector<std::int16_t> stored;
};

/// Reads one file with GDCM; adds a GoogleTest failure (and returns what it got) when a
/// needed attribute is missing.
PetSliceFile readPetSlice(const std::filesystem::path& path);

/// Every *.dcm file of a folder, in file-name order.
std::vector<PetSliceFile> readPetFolder(const std::filesystem::path& folder);

/// Seconds since midnight of a DICOM TM value (hhmmss.ffffff).
double secondsOfTm(const std::string& tm);

} // namespace voxdiff::test
