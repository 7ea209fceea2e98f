#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "voxdiff/Result.h"

namespace voxdiff::cli {

/// OutputExists unless `force` or the path is free; WriteFailed when the path lies inside one
/// of the input folders (outputs never go into the data being compared).
core::Status checkOutputPath(const std::filesystem::path& path, bool force,
                             const std::vector<std::string>& inputs);

/// Writes bytes through the core's safe output (a temporary file in the same folder, renamed
/// into place when complete; an existing file is replaced only with `force`).
core::Status writeOutputFile(const std::filesystem::path& path, const std::string& bytes,
                             bool force, const std::vector<std::string>& inputs);

} // namespace voxdiff::cli
