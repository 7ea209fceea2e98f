// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/PixelDecoderProcess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <vector>

#include <gdcmImage.h>
#include <gdcmImageReader.h>

#include "voxdiff/DecodeHelper.h"
#include "voxdiff/LoadOptions.h"

extern char** environ;

namespace voxdiff::core::dicom {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'V', 'X', 'D', 'D', 'E', 'C', '0', '1'};
/// The helper gets this long without sending a byte before it is killed.
constexpr int kSilenceLimitMs = 120 * 1000;
constexpr std::uint32_t kMaxMessageBytes = 4096;

/// The helper's answer header (same machine, same build: native layout).
struct Reply {
    char magic[8];
    std::int32_t errorCode; ///< 0, or an ErrorCode
    std::uint32_t messageBytes;
    DecodedFormat format;
};

bool writeAll(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

int writeError(int fd, ErrorCode code, const std::string& message) {
    Reply r{};
    std::memcpy(r.magic, kMagic, sizeof kMagic);
    r.errorCode = static_cast<std::int32_t>(code);
    r.messageBytes = static_cast<std::uint32_t>(std::min<std::size_t>(message.size(), 4096));
    const bool ok = writeAll(fd, reinterpret_cast<const char*>(&r), sizeof r) &&
                    writeAll(fd, message.data(), r.messageBytes);
    return ok ? 0 : 1;
}

/// The helper executable, or empty when none is found.
fs::path helperPath() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("VOXDIFF_DECODE_HELPER"); env != nullptr && *env != '\0') {
        candidates.emplace_back(env);
    }
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        candidates.push_back(self.parent_path() / "voxdiff-decode");
        candidates.push_back(self.parent_path().parent_path() / "libexec" / "voxdiff" /
                             "voxdiff-decode");
    }
#ifdef VOXDIFF_DECODE_HELPER_BUILD_PATH
    candidates.emplace_back(VOXDIFF_DECODE_HELPER_BUILD_PATH);
#endif
    for (const fs::path& c : candidates) {
        if (::access(c.c_str(), X_OK) == 0 && fs::is_regular_file(c, ec)) {
            return c;
        }
    }
    return {};
}

/// Reads exactly n bytes from the helper (waiting at most kSilenceLimitMs for each chunk).
/// Returns "" on success, else why not.
std::string readExactly(int fd, char* out, std::uint64_t n) {
    while (n > 0) {
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, kSilenceLimitMs);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready == 0) {
            return "timeout";
        }
        const ssize_t r =
            ::read(fd, out, static_cast<std::size_t>(std::min<std::uint64_t>(n, 1 << 20)));
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return "eof";
        }
        out += r;
        n -= static_cast<std::uint64_t>(r);
    }
    return "";
}

/// A spawned helper: its pid and the read end of its stdout. Reaped (killed first if still
/// running) on destruction, so no path leaves a zombie or a stray process.
class HelperProcess {
  public:
    ~HelperProcess() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        if (m_pid > 0) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == 0) {
                ::kill(m_pid, SIGKILL);
                while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
                }
            }
        }
    }

    Status start(const fs::path& helper, const fs::path& file) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            return makeError(ErrorCode::Internal, "cannot create a pipe for the pixel decoder",
                             file);
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        std::string arg0 = "voxdiff-decode", arg1 = file.string();
        char* argv[] = {arg0.data(), arg1.data(), nullptr};
        const int rc = ::posix_spawn(&m_pid, helper.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        m_fd = fds[0];
        if (rc != 0) {
            m_pid = 0;
            return makeError(ErrorCode::Internal,
                             "cannot start the pixel decoder " + helper.string() + ": " +
                                 std::strerror(rc),
                             file);
        }
        return Ok{};
    }

    int fd() const { return m_fd; }

    /// Waits for the helper to end; a description of an abnormal end, or "" for exit 0.
    std::string finish() {
        ::close(m_fd);
        m_fd = -1;
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
        m_pid = 0;
        if (WIFSIGNALED(status)) {
            return "stopped on signal " + std::to_string(WTERMSIG(status));
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            return "exited with status " + std::to_string(WEXITSTATUS(status));
        }
        return "";
    }

  private:
    pid_t m_pid = 0;
    int m_fd = -1;
};

Error helperFailed(const fs::path& file, const std::string& why) {
    return makeError(ErrorCode::CorruptHeader,
                     "the pixel decoder (GDCM, in its own process) " + why +
                         " on this file's compressed pixel data",
                     file, "decoder_failed");
}

/// Reads the answer header, the error message if any, and checks the format with the sink.
Status readReply(HelperProcess& helper, const fs::path& file, DecodedFrameSink& sink) {
    Reply r{};
    if (const std::string why = readExactly(helper.fd(), reinterpret_cast<char*>(&r), sizeof r);
        !why.empty() || std::memcmp(r.magic, kMagic, sizeof kMagic) != 0 ||
        r.messageBytes > kMaxMessageBytes) {
        const std::string end = helper.finish();
        return helperFailed(file, why == "timeout" ? "did not answer"
                                  : end.empty()    ? "sent a malformed answer"
                                                   : end);
    }
    if (r.errorCode != 0) {
        std::string message(r.messageBytes, '\0');
        (void)readExactly(helper.fd(), message.data(), message.size());
        const bool known = r.errorCode >= static_cast<int>(ErrorCode::InvalidArgument) &&
                           r.errorCode <= static_cast<int>(ErrorCode::Internal);
        return makeError(known ? static_cast<ErrorCode>(r.errorCode) : ErrorCode::Internal, message,
                         file);
    }
    return sink.format(r.format);
}

} // namespace

Status decodeInHelperProcess(const fs::path& file, DecodedFrameSink& sink) {
    const fs::path helper = helperPath();
    if (helper.empty()) {
        return makeError(ErrorCode::UnsupportedData,
                         "compressed pixel data needs the voxdiff-decode helper, which is not "
                         "installed beside this program",
                         file);
    }
    HelperProcess process;
    if (Status s = process.start(helper, file); !s) {
        return s;
    }
    if (Status s = readReply(process, file, sink); !s) {
        return s;
    }
    std::vector<char> frame(static_cast<std::size_t>(sink.frameBytes));
    for (std::uint64_t f = 0; f < sink.frameCount; ++f) {
        if (const std::string why = readExactly(process.fd(), frame.data(), frame.size());
            !why.empty()) {
            const std::string end = process.finish();
            return helperFailed(file, why == "timeout" ? "did not answer"
                                      : end.empty()    ? "sent fewer frames than promised"
                                                       : end);
        }
        sink.frame(f, frame.data());
    }
    if (const std::string end = process.finish(); !end.empty()) {
        return helperFailed(file, end);
    }
    return Ok{};
}

int runPixelDecodeHelper(const char* file, int outFd) {
    ::signal(SIGPIPE, SIG_IGN); // a parent that stops reading ends us with EPIPE instead
    try {
        gdcm::ImageReader reader;
        reader.SetFileName(file);
        if (!reader.Read()) {
            return writeError(outFd, ErrorCode::ReadFailed, "GDCM cannot read the image");
        }
        const gdcm::Image& image = reader.GetImage();
        // The parent checked the header's promise; GDCM's own idea of the size is checked too.
        if (image.GetBufferLength() > defaultMaxVolumeBytes()) {
            return writeError(outFd, ErrorCode::TooLarge,
                              "the decoded pixel data would take " +
                                  std::to_string(image.GetBufferLength()) +
                                  " bytes, more than the memory budget");
        }
        std::vector<char> buffer(image.GetBufferLength());
        if (!image.GetBuffer(buffer.data())) {
            return writeError(outFd, ErrorCode::UnsupportedData,
                              "GDCM cannot decode the pixel data (transfer syntax " +
                                  std::string(image.GetTransferSyntax().GetString() != nullptr
                                                  ? image.GetTransferSyntax().GetString()
                                                  : "?") +
                                  ")");
        }
        Reply r{};
        std::memcpy(r.magic, kMagic, sizeof kMagic);
        const gdcm::PixelFormat& pf = image.GetPixelFormat();
        r.format = DecodedFormat{image.GetColumns(), image.GetRows(), pf.GetBitsAllocated(),
                                 pf.GetSamplesPerPixel(), buffer.size()};
        const bool ok = writeAll(outFd, reinterpret_cast<const char*>(&r), sizeof r) &&
                        writeAll(outFd, buffer.data(), buffer.size());
        return ok ? 0 : 1;
    } catch (const std::bad_alloc&) {
        return writeError(outFd, ErrorCode::TooLarge, "the decoded pixel data does not fit");
    } catch (const std::exception& e) {
        return writeError(outFd, ErrorCode::UnsupportedData,
                          std::string("GDCM cannot decode the pixel data: ") + e.what());
    }
}

} // namespace voxdiff::core::dicom

namespace voxdiff::core {

int runDecodeHelper(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: voxdiff-decode FILE (started by voxdiff and voxdiff-cli)\n");
        return 2;
    }
    // The answer is written; the process ends now, without running destructors or exit
    // handlers: whatever a codec left behind goes with the process (and a leak checker's
    // verdict on GDCM cannot turn a complete answer into a failure).
    ::_exit(dicom::runPixelDecodeHelper(argv[1], STDOUT_FILENO));
}

} // namespace voxdiff::core
