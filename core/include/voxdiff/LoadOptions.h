// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace voxdiff::core {

/// Reports progress of a long operation as a fraction in [0, 1] with a short label.
using ProgressCallback = std::function<void(double fraction, const std::string& label)>;

/// What to load from a path and how. Shared by the NIfTI and DICOM readers.
struct LoadOptions {
    /// For 4D/5D sources: which volume (time point) to load, 0-based.
    std::int64_t volumeIndex = 0;
    /// DICOM: which series to load when a folder holds several (empty: the only one, or the
    /// first image series in the listing's order).
    std::string seriesUid;
    /// DICOM: index into the loadable volumes of the chosen series (after splitting by
    /// orientation, size, echo...). -1 means: the first.
    int subVolume = -1;
    /// PET DICOM: convert to SUVbw (g/ml) from the dose, weight and times. Other modalities and
    /// NIfTI ignore it (diagnostic suv_not_applicable on a non-PET DICOM series).
    bool suv = false;
    /// Refuse volumes whose float32 copy would exceed this many bytes (0: derive from the
    /// machine's physical memory).
    std::uint64_t maxVolumeBytes = 0;
    /// Uncompressed NIfTI float32 in this machine's byte order, unscaled: map the file instead
    /// of copying it (VoxelBuffer::mapFile), which saves the copy and the fresh pages. For
    /// short-lived work (the CLI's compare and info): a long-lived process (the viewer, a batch
    /// run) copies, so that a file rewritten while it is open can neither change its image nor
    /// end it (a truncated mapped file ends the process: setMappedFileTruncationExit).
    bool mapFiles = false;
    /// Optional progress report and cancellation flag (checked between slices).
    ProgressCallback progress;
    const std::atomic<bool>* cancel = nullptr;
};

/// The memory budget used when LoadOptions::maxVolumeBytes is 0: half the physical memory.
std::uint64_t defaultMaxVolumeBytes();

/// The budget a load works to: options.maxVolumeBytes, else defaultMaxVolumeBytes().
std::uint64_t volumeBudgetBytes(const LoadOptions& options);

} // namespace voxdiff::core
