// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <vector>

#include "dicom/ObjectHeader.h"
#include "voxdiff/Geometry.h"
#include "voxdiff/Result.h"

namespace voxdiff::core::dicom {

/// Where one frame (or one mosaic tile) of an object goes in the volume, and its rescale.
struct FramePlacement {
    int frame = 0;
    int tile = -1; ///< mosaic tile, -1 for a whole frame
    std::int64_t sliceK = 0;
    double slope = 1.0;
    double intercept = 0.0;
};

/// Decodes the pixel data of one file and writes the placed frames into `voxelsIjk` (dims:
/// columns x rows x slices, i fastest) as float(masked stored value * slope + intercept).
/// Stored values are masked to BitsStored and sign-extended per PixelRepresentation. Native
/// pixel data is read from the file where the structure walk found it; compressed and
/// deflated data are decoded by GDCM in the voxdiff-decode helper process (a codec crash ends
/// that process, not this one). Errors name the file: ReadFailed, UnsupportedData (a pixel
/// format or compression VoxDiff does not read), TruncatedData, InconsistentSeries (the decoded
/// size differs), CorruptHeader (the decoder failed on the data), TooLarge (compressed data
/// whose frames, decoded all at once by the helper, would take more than `maxDecodedBytes`).
Status decodeIntoVolume(const ObjectHeader& object, const std::vector<FramePlacement>& placements,
                        const Index3& dims, float* voxelsIjk, std::uint64_t maxDecodedBytes);

} // namespace voxdiff::core::dicom
