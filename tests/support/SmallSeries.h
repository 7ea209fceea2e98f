// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <filesystem>

namespace voxdiff::test {

/// Writes a small valid PET series of `slices` 4x4 slices (2 mm apart) into `folder` with
/// VoxDiff's own DICOM writer; fails the calling test if it cannot.
void writeSmallSeries(const std::filesystem::path& folder, std::int64_t slices);

} // namespace voxdiff::test
