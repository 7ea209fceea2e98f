// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <atomic>
#include <filesystem>

#include "voxdiff/ComparisonRun.h"
#include "voxdiff/LoadOptions.h"

namespace voxdiff::core::detail {

/// Loads each side with its own load options (index 0 first, 1 second), then compares them
/// under `settings`: the steps of runComparison, for callers that choose each side's series
/// (a batch row may name a different one on each side). Errors: those of loadImage and
/// compareVolumes.
Result<ComparisonRun> loadAndCompare(const std::array<std::filesystem::path, 2>& paths,
                                     const std::array<LoadOptions, 2>& load,
                                     const ComparisonSettings& settings,
                                     const ProgressCallback& progress = {},
                                     const std::atomic<bool>* cancel = nullptr);

} // namespace voxdiff::core::detail
