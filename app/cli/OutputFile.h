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

/// Writes text through a temporary file in the same folder, renamed into place when complete.
core::Status writeOutputFile(const std::filesystem::path& path, const std::string& text, bool force,
                             const std::vector<std::string>& inputs);

} // namespace voxdiff::cli
