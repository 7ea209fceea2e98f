// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>

#include "voxdiff/Result.h"

namespace voxdiff::core {

/// One output file written safely (the product's output rule): the writer fills tempPath(), a
/// hidden file in the target's own folder that keeps the target's extensions (so libraries
/// that choose compression from the name still do), then commit() renames it into place.
/// Until commit() succeeds the target is untouched; an uncommitted temporary is removed when
/// the object dies, so a failed write leaves nothing behind. Move-only.
class SafeOutputFile {
  public:
    /// Starts an output. OutputExists when `target` exists and !overwrite (also when it is a
    /// folder); WriteFailed when its folder does not exist.
    static Result<SafeOutputFile> begin(const std::filesystem::path& target, bool overwrite);

    SafeOutputFile(SafeOutputFile&& other) noexcept;
    SafeOutputFile& operator=(SafeOutputFile&&) = delete;
    SafeOutputFile(const SafeOutputFile&) = delete;
    SafeOutputFile& operator=(const SafeOutputFile&) = delete;
    ~SafeOutputFile();

    const std::filesystem::path& tempPath() const { return m_tempPath; }
    const std::filesystem::path& targetPath() const { return m_targetPath; }

    /// Moves the finished temporary onto the target. Without overwrite the move refuses
    /// atomically (OutputExists) a target that appeared since begin(). WriteFailed when the
    /// temporary is missing or the rename fails.
    Status commit();

  private:
    SafeOutputFile(std::filesystem::path target, std::filesystem::path temp, bool overwrite);
    Status renameIntoPlace();

    std::filesystem::path m_targetPath;
    std::filesystem::path m_tempPath;
    bool m_overwrite = false;
    bool m_committed = false;
};

/// Makes `folder` ready to receive a set of new files: creates it (with its parents) when
/// absent; an existing empty folder is fine; an existing non-empty one is refused with
/// OutputExists unless `overwrite`. A path that is a file is OutputExists; WriteFailed when
/// the folder cannot be created.
Status prepareOutputFolder(const std::filesystem::path& folder, bool overwrite);

} // namespace voxdiff::core
