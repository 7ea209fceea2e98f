// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <gdcmDataSet.h>

#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::dicom_out {

/// How the int16 slices of a PET series are scaled.
enum class SlopeChoice {
    PerSlice,     ///< one RescaleSlope per slice, from that slice's max |value|
    OneForVolume, ///< one slope for the whole volume (what other exporters do; for comparison)
    UnitSlope     ///< slope 1: an integer cast (what other exporters do; for comparison)
};

/// The int16 values of one slice and the slope that maps them back to values.
struct QuantizedSlice {
    std::vector<std::int16_t> stored;
    double slope = 1.0;    ///< as written in its DS string
    std::string slopeText; ///< the DS string
};

/// The slope of a set of values: the smallest DS text >= max |value| / 32767, so that every
/// value fits in int16 and is within slope / 2 of stored x slope (1 for all zero).
std::string slopeTextFor(double maxAbsValue);

/// The Image Pixel description of int16 PET slices of `volume` (rows, columns, signed 16 bits,
/// MONOCHROME2), RescaleIntercept 0 and LossyImageCompression 00.
void putInt16Image(gdcm::DataSet& ds, const Volume& volume);

/// Quantizes slice k of `volume` with `slopeText` (from slopeTextFor).
QuantizedSlice quantizeSlice(const Volume& volume, std::int64_t k, const std::string& slopeText);

/// Writes one data set as an Explicit VR Little Endian Part 10 file, through a temporary file
/// renamed into place. Errors: OutputExists, WriteFailed.
Status writeDataSetFile(const gdcm::DataSet& dataSet, const std::filesystem::path& target,
                        bool overwrite);

/// Writes the slices of `volume` as a classic PET series into `folder` (which must exist):
/// IM_0001.dcm ... in k order, each `common` plus SOPInstanceUID, InstanceNumber and ImageIndex
/// (k + 1), ImagePositionPatient (ijkToLps of (0, 0, k)), RescaleSlope and int16 pixel data.
/// On failure the files already written are removed. Returns the number of files.
/// Errors: OutputExists, WriteFailed, Cancelled.
Result<std::int64_t> writePetSlices(const Volume& volume, const gdcm::DataSet& common,
                                    const std::filesystem::path& folder, bool overwrite,
                                    SlopeChoice slopes, const ProgressCallback& progress = {},
                                    const std::atomic<bool>* cancel = nullptr);

/// "a\b\c" of DS values.
std::string joinDs(const std::vector<double>& values);

/// The plane geometry of a series in DICOM terms, from a volume's ijkToLps (LPS, mm).
struct PlaneGeometry {
    std::string orientation;  ///< ImageOrientationPatient: i direction \ j direction (LPS)
    std::string pixelSpacing; ///< PixelSpacing: row spacing (along j) \ column spacing (i)
    std::string sliceThickness;
};

/// Errors: InvalidArgument when the i and j axes are not orthogonal (DICOM rows and columns
/// must be).
Result<PlaneGeometry> planeGeometry(const Volume& volume);

} // namespace voxdiff::core::dicom_out
