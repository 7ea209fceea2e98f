// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>

#include "voxdiff/Result.h"

namespace voxdiff::core::dicom_out {

/// An output folder written as a whole (the product's output rule for a series): files are
/// written into a hidden staging folder beside the target, and commit() renames it into place.
/// Until then the target is untouched; an uncommitted staging folder is removed when the object
/// dies. Move-only.
class StagedFolder {
  public:
    /// Starts an output folder. An existing target is refused (OutputExists) unless it is an
    /// empty folder, or `replaceExisting` and it holds only regular files (a previous export):
    /// never a folder with subfolders. WriteFailed when the staging folder cannot be created.
    static Result<StagedFolder> begin(const std::filesystem::path& target, bool replaceExisting);

    StagedFolder(StagedFolder&& other) noexcept;
    StagedFolder& operator=(StagedFolder&&) = delete;
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;
    ~StagedFolder();

    const std::filesystem::path& stagingPath() const { return m_staging; }
    const std::filesystem::path& targetPath() const { return m_target; }

    /// Renames the staging folder onto the target (an existing target that begin() accepted is
    /// moved aside first and removed after). Errors: OutputExists (the target changed since
    /// begin), WriteFailed.
    Status commit();

  private:
    StagedFolder(std::filesystem::path target, std::filesystem::path staging, bool replace);

    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    bool m_replace = false;
    bool m_done = false;
};

} // namespace voxdiff::core::dicom_out
