// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>

#include "voxdiff/Result.h"

namespace voxdiff::core {

/// FileNotFound, PermissionDenied or ReadFailed (not a regular file) unless `path` is a
/// regular file this process can open for reading.
Status checkReadableFile(const std::filesystem::path& path);

} // namespace voxdiff::core
