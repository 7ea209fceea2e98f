// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer harness: the DICOMweb multipart/related parser on arbitrary bytes (layout in
// MultipartInput.h). The stream is parsed whole and in chunks: both must agree (parts, bytes,
// status), and the bytes handed out never exceed the bytes fed. Also parses a Content-Type.
#include <cstdlib>

#include "MultipartInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace voxdiff;
    const auto in = fuzz::decodeMultipartInput(data, size);
    if (!in) {
        return 0;
    }
    const auto whole = fuzz::parseMultipart(in->boundary, in->stream, in->stream.size() + 1);
    const auto chunked = fuzz::parseMultipart(in->boundary, in->stream, in->chunk);
    std::size_t handedOut = 0;
    for (const auto& b : whole.bodies) {
        handedOut += b.size();
    }
    const bool bothOk = whole.status.ok() && chunked.status.ok();
    // Parts before a failure may be cut at different places; successful parses must agree.
    if (handedOut > in->stream.size() || whole.status.ok() != chunked.status.ok() ||
        (bothOk &&
         (whole.bodies != chunked.bodies || whole.headerFields != chunked.headerFields)) ||
        (!whole.status.ok() && whole.status.error().code != chunked.status.error().code)) {
        std::abort();
    }
    (void)core::MultipartParser::boundaryOf(in->stream.substr(0, 200));
    return 0;
}
