// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::nifti {

/// A value of type T stored at p, in the other byte order when `swap`.
template <typename T> T loadSwapped(const unsigned char* p, bool swap) {
    unsigned char b[sizeof(T)];
    std::memcpy(b, p, sizeof(T));
    if (swap) {
        std::reverse(b, b + sizeof(T));
    }
    T v;
    std::memcpy(&v, b, sizeof(T));
    return v;
}

/// Where one volume's voxels are in a NIfTI data file and how they become float32.
struct VoxelLayout {
    int datatype = 0;             ///< nifti_clib's DT_* code of a supported scalar type
    int bytesPerVoxel = 0;        ///< stored bytes per voxel
    bool swap = false;            ///< stored with the other byte order
    bool scale = false;           ///< apply value * slope + intercept
    double slope = 1.0;           ///< scl_slope (1 when none)
    double intercept = 0.0;       ///< scl_inter (0 when none)
    std::uint64_t voxels = 0;     ///< voxels of one volume
    std::uint64_t startByte = 0;  ///< offset of the volume's first voxel in the uncompressed data
    std::uint64_t totalBytes = 0; ///< header offset + all volumes: the uncompressed size expected
    std::int64_t volumeIndex = 0; ///< for messages
};

/// The voxels of one volume as float32, with their statistics gathered while decoding.
struct DecodedVoxels {
    VoxelBuffer values;
    ValueStats stats;
};

/// Reads the volume `layout` describes from `dataPath` straight into its float32 buffer:
/// uncompressed files with large parallel reads (native float32 lands in place, without a
/// copy), .gz files with libdeflate in one go (zlib streaming when the gzip trailer does not
/// match the header's size). Errors: ReadFailed, TruncatedData, TooLarge (out of memory),
/// Cancelled.
Result<DecodedVoxels> readVoxels(const std::filesystem::path& dataPath, bool gz,
                                 const VoxelLayout& layout, const LoadOptions& options);

} // namespace voxdiff::core::nifti
