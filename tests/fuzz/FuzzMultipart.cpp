// libFuzzer harness: the DICOMweb multipart/related parser on arbitrary bytes. The first byte
// picks the boundary length, the next ones the boundary, one more the chunk size; the rest is
// the stream. The stream is parsed whole and in chunks: both must agree (parts, bytes, status),
// and the bytes handed out never exceed the bytes fed. Also parses a Content-Type header.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "voxdiff/DicomWebMultipart.h"

namespace {

using namespace voxdiff;

struct Outcome {
    std::vector<std::string> bodies;
    std::int64_t headerFields = 0;
    bool ok = true;
    core::ErrorCode code = core::ErrorCode::Internal;
};

Outcome parse(const std::string& boundary, std::string_view stream, std::size_t chunk) {
    Outcome out;
    core::MultipartLimits limits;
    limits.maxHeaderBytes = 512;
    limits.maxPartBytes = 1 << 16;
    limits.maxParts = 64;
    core::MultipartParser parser(boundary,
                                 {[&out](const core::MultipartHeaders& h) {
                                      out.headerFields += static_cast<std::int64_t>(h.size());
                                      out.bodies.emplace_back();
                                      return core::Status(core::Ok{});
                                  },
                                  [&out](const char* d, std::size_t n) {
                                      out.bodies.back().append(d, n);
                                      return core::Status(core::Ok{});
                                  },
                                  [] { return core::Status(core::Ok{}); }},
                                 limits);
    core::Status st = core::Ok{};
    for (std::size_t at = 0; st.ok() && at < stream.size(); at += chunk) {
        const std::size_t n = std::min(chunk, stream.size() - at);
        st = parser.feed(stream.data() + at, n);
    }
    if (st.ok()) {
        st = parser.finish();
    }
    out.ok = st.ok();
    if (!st.ok()) {
        out.code = st.error().code;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) {
        return 0;
    }
    const std::size_t boundaryLength = 1 + data[0] % 12;
    if (size < 2 + boundaryLength) {
        return 0;
    }
    const std::string boundary(reinterpret_cast<const char*>(data + 1), boundaryLength);
    const std::size_t chunk = 1 + data[1 + boundaryLength] % 37;
    const std::string_view stream(reinterpret_cast<const char*>(data + 2 + boundaryLength),
                                  size - 2 - boundaryLength);

    const Outcome whole = parse(boundary, stream, stream.size() + 1);
    const Outcome chunked = parse(boundary, stream, chunk);
    std::size_t handedOut = 0;
    for (const auto& b : whole.bodies) {
        handedOut += b.size();
    }
    // Parts before a failure may be cut at different places; successful parses must agree.
    if (handedOut > stream.size() || whole.ok != chunked.ok ||
        (whole.ok &&
         (whole.bodies != chunked.bodies || whole.headerFields != chunked.headerFields)) ||
        (!whole.ok && whole.code != chunked.code)) {
        std::abort();
    }
    (void)core::MultipartParser::boundaryOf(stream.substr(0, 200));
    return 0;
}
