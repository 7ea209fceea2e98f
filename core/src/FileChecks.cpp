// SPDX-License-Identifier: BSD-3-Clause
#include "FileChecks.h"

#include <unistd.h>

namespace voxdiff::core {

namespace fs = std::filesystem;

Status checkReadableFile(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        if (fs::is_symlink(fs::symlink_status(path, ec))) {
            return makeError(ErrorCode::FileNotFound, "broken symbolic link (or a link loop)",
                             path);
        }
        return makeError(ErrorCode::FileNotFound, "no such file or folder", path);
    }
    if (fs::is_directory(status)) {
        return makeError(ErrorCode::InvalidArgument, "is a folder, not a file", path);
    }
    if (!fs::is_regular_file(status)) {
        return makeError(ErrorCode::ReadFailed, "is not a regular file", path);
    }
    if (::access(path.c_str(), R_OK) != 0) {
        return makeError(ErrorCode::PermissionDenied, "permission denied: the file cannot be read",
                         path);
    }
    return Ok{};
}

} // namespace voxdiff::core
