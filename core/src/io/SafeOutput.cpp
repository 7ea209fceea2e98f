// SPDX-License-Identifier: BSD-3-Clause
#include "io/SafeOutput.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

namespace voxdiff::core {

namespace fs = std::filesystem;

namespace {

fs::path temporaryNameBeside(const fs::path& target) {
    // pid + counter keep concurrent writers (threads or processes) apart; the leading dot
    // hides the file from folder listings while it is incomplete.
    static std::atomic<unsigned> counter{0};
    const std::string prefix =
        ".voxdiff-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-";
    return target.parent_path() / (prefix + target.filename().string());
}

std::string systemReason(int err) {
    return std::strerror(err);
}

} // namespace

Result<SafeOutputFile> SafeOutputFile::begin(const fs::path& target, bool overwrite) {
    if (target.filename().empty()) {
        return makeError(ErrorCode::InvalidArgument, "the output path names no file", target);
    }
    std::error_code ec;
    const auto status = fs::symlink_status(target, ec);
    if (fs::is_directory(status)) {
        return makeError(ErrorCode::OutputExists, "a folder of that name already exists", target);
    }
    if (fs::exists(status) && !overwrite) {
        return makeError(ErrorCode::OutputExists,
                         "the file already exists; refusing to overwrite it (use --force)", target);
    }
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    if (!fs::is_directory(folder, ec)) {
        return makeError(ErrorCode::WriteFailed, "the output folder does not exist", folder);
    }
    return SafeOutputFile(target, temporaryNameBeside(target), overwrite);
}

SafeOutputFile::SafeOutputFile(fs::path target, fs::path temp, bool overwrite)
    : m_targetPath(std::move(target)), m_tempPath(std::move(temp)), m_overwrite(overwrite) {}

SafeOutputFile::SafeOutputFile(SafeOutputFile&& other) noexcept
    : m_targetPath(std::move(other.m_targetPath)), m_tempPath(std::move(other.m_tempPath)),
      m_overwrite(other.m_overwrite), m_committed(other.m_committed) {
    other.m_committed = true; // the moved-from object must not delete our temporary
}

SafeOutputFile::~SafeOutputFile() {
    if (!m_committed && !m_tempPath.empty()) {
        std::error_code ec;
        fs::remove(m_tempPath, ec);
    }
}

Status SafeOutputFile::commit() {
    std::error_code ec;
    if (!fs::is_regular_file(m_tempPath, ec)) {
        return makeError(ErrorCode::WriteFailed, "the writer produced no file", m_targetPath);
    }
    if (m_overwrite) {
        return renameIntoPlace();
    }
    // link() fails with EEXIST when the target exists: an atomic "rename unless present".
    if (::link(m_tempPath.c_str(), m_targetPath.c_str()) == 0) {
        ::unlink(m_tempPath.c_str());
        m_committed = true;
        return Ok{};
    }
    // EEXIST: the target exists. Other failures: a file system without hard links (FAT, some
    // network mounts), where only check-then-rename is left.
    if (errno == EEXIST || fs::exists(fs::symlink_status(m_targetPath, ec))) {
        return makeError(ErrorCode::OutputExists,
                         "the file appeared while it was being written; refusing to overwrite it",
                         m_targetPath);
    }
    return renameIntoPlace();
}

Status SafeOutputFile::renameIntoPlace() {
    if (::rename(m_tempPath.c_str(), m_targetPath.c_str()) != 0) {
        return makeError(ErrorCode::WriteFailed,
                         "cannot move the finished file into place: " + systemReason(errno),
                         m_targetPath);
    }
    m_committed = true;
    return Ok{};
}

Status prepareOutputFolder(const fs::path& folder, bool overwrite) {
    std::error_code ec;
    const auto status = fs::status(folder, ec);
    if (fs::exists(status) && !fs::is_directory(status)) {
        return makeError(ErrorCode::OutputExists, "a file of that name exists, not a folder",
                         folder);
    }
    if (fs::is_directory(status)) {
        const bool empty = fs::is_empty(folder, ec);
        if (ec) {
            return makeError(ErrorCode::WriteFailed, "cannot list the folder: " + ec.message(),
                             folder);
        }
        if (!empty && !overwrite) {
            return makeError(ErrorCode::OutputExists,
                             "the folder exists and is not empty; refusing to write into it "
                             "(use --force)",
                             folder);
        }
        return Ok{};
    }
    fs::create_directories(folder, ec);
    if (ec) {
        return makeError(ErrorCode::WriteFailed, "cannot create the folder: " + ec.message(),
                         folder);
    }
    return Ok{};
}

} // namespace voxdiff::core
