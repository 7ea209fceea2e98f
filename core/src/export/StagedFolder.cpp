// SPDX-License-Identifier: BSD-3-Clause
#include "export/StagedFolder.h"

#include <atomic>
#include <string>
#include <unistd.h>

namespace voxdiff::core::dicom_out {

namespace fs = std::filesystem;

namespace {

fs::path hiddenSibling(const fs::path& target, const char* what) {
    static std::atomic<unsigned> counter{0};
    return target.parent_path() / ("." + target.filename().string() + "." + what + "-" +
                                   std::to_string(::getpid()) + "-" + std::to_string(++counter));
}

/// True when `folder` holds only regular files (a series written before), or nothing.
bool holdsOnlyFiles(const fs::path& folder, bool& empty) {
    std::error_code ec;
    empty = true;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        empty = false;
        if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) {
            return false;
        }
    }
    return !ec;
}

Status checkTarget(const fs::path& target, bool replaceExisting) {
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(target, ec);
    if (!fs::exists(st)) {
        return Ok{};
    }
    if (!fs::is_directory(st)) {
        return makeError(ErrorCode::OutputExists, "the output exists and is not a folder", target);
    }
    bool empty = true;
    const bool onlyFiles = holdsOnlyFiles(target, empty);
    if (empty) {
        return Ok{};
    }
    if (!replaceExisting) {
        return makeError(ErrorCode::OutputExists,
                         "the output folder exists and is not empty; refusing to overwrite it",
                         target);
    }
    if (!onlyFiles) {
        return makeError(ErrorCode::OutputExists,
                         "the output folder holds subfolders or special files; refusing to "
                         "replace it even when asked",
                         target);
    }
    return Ok{};
}

} // namespace

StagedFolder::StagedFolder(fs::path target, fs::path staging, bool replace)
    : m_target(std::move(target)), m_staging(std::move(staging)), m_replace(replace) {}

StagedFolder::StagedFolder(StagedFolder&& other) noexcept
    : m_target(std::move(other.m_target)), m_staging(std::move(other.m_staging)),
      m_replace(other.m_replace), m_done(other.m_done) {
    other.m_done = true;
}

StagedFolder::~StagedFolder() {
    if (!m_done && !m_staging.empty()) {
        std::error_code ec;
        fs::remove_all(m_staging, ec);
    }
}

Result<StagedFolder> StagedFolder::begin(const fs::path& target, bool replaceExisting) {
    const fs::path absolute = fs::absolute(target).lexically_normal();
    const fs::path clean = absolute.has_filename() ? absolute : absolute.parent_path();
    if (auto st = checkTarget(clean, replaceExisting); !st) {
        return st.error();
    }
    std::error_code ec;
    fs::create_directories(clean.parent_path(), ec);
    const fs::path staging = hiddenSibling(clean, "staging");
    if (ec || !fs::create_directory(staging, ec) || ec) {
        return makeError(ErrorCode::WriteFailed,
                         "cannot create a folder beside the output: " + ec.message(), target);
    }
    return StagedFolder(clean, staging, replaceExisting);
}

Status StagedFolder::commit() {
    std::error_code ec;
    if (auto st = checkTarget(m_target, m_replace); !st) {
        return st;
    }
    fs::path aside;
    if (fs::exists(m_target, ec)) {
        aside = hiddenSibling(m_target, "replaced");
        fs::rename(m_target, aside, ec);
        if (ec) {
            return makeError(ErrorCode::WriteFailed,
                             "cannot move the existing output aside: " + ec.message(), m_target);
        }
    }
    fs::rename(m_staging, m_target, ec);
    if (ec) {
        if (!aside.empty()) {
            std::error_code restore;
            fs::rename(aside, m_target, restore);
        }
        return makeError(ErrorCode::WriteFailed,
                         "cannot rename the export into place: " + ec.message(), m_target);
    }
    m_done = true;
    if (!aside.empty()) {
        fs::remove_all(aside, ec);
    }
    return Ok{};
}

} // namespace voxdiff::core::dicom_out
