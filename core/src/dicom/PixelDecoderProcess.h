// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "voxdiff/Result.h"

namespace voxdiff::core::dicom {

/// What the decoding helper says about the image before sending its frames.
struct DecodedFormat {
    std::uint32_t columns = 0;
    std::uint32_t rows = 0;
    std::uint32_t bitsAllocated = 0;
    std::uint32_t samplesPerPixel = 0;
    std::uint64_t bufferBytes = 0; ///< every frame, native little endian
};

/// Receives the decoded format once (return an error to stop), then each frame in order.
struct DecodedFrameSink {
    std::function<Status(const DecodedFormat&)> format;
    std::function<void(std::uint64_t frame, const char* bytes)> frame;
    std::uint64_t frameBytes = 0; ///< set by `format` before frames arrive
    std::uint64_t frameCount = 0; ///< how many frames to read (the rest is discarded)
};

/// Decodes the pixel data of `file` (compressed or deflated transfer syntaxes, through GDCM's
/// codecs) in a child process, the `voxdiff-decode` helper, so that a codec that aborts or
/// crashes on malformed data ends that process only. Frames stream through a pipe into `sink`
/// one at a time. The helper is found through $VOXDIFF_DECODE_HELPER, next to the running
/// program, in ../libexec/voxdiff/ beside it, or in the build tree. Errors name the file:
/// those the helper reports (ReadFailed, UnsupportedData), CorruptHeader (the helper stopped on
/// a signal or sent a malformed answer), ReadFailed (no answer within the time limit),
/// UnsupportedData (the helper is not installed), Internal (it cannot be started).
Status decodeInHelperProcess(const std::filesystem::path& file, DecodedFrameSink& sink);

/// The helper's side: decodes `file` with GDCM and writes the answer to `outFd`. Returns the
/// process exit status (0 when the answer, success or error, was written whole).
int runPixelDecodeHelper(const char* file, int outFd);

} // namespace voxdiff::core::dicom
