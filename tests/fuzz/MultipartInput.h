// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "voxdiff/DicomWebMultipart.h"

namespace voxdiff::fuzz {

/// FuzzMultipart's input layout: one byte for the boundary length (1 + b % 12), the boundary,
/// one byte for the chunk size (1 + c % 37), then the multipart stream.
struct MultipartInput {
    std::string boundary;
    std::size_t chunk = 1;
    std::string_view stream;
};

inline std::optional<MultipartInput> decodeMultipartInput(const std::uint8_t* data,
                                                          std::size_t size) {
    if (size < 3) {
        return std::nullopt;
    }
    const std::size_t boundaryLength = 1 + data[0] % 12;
    if (size < 2 + boundaryLength) {
        return std::nullopt;
    }
    MultipartInput in;
    in.boundary.assign(reinterpret_cast<const char*>(data + 1), boundaryLength);
    in.chunk = 1 + data[1 + boundaryLength] % 37;
    in.stream = std::string_view(reinterpret_cast<const char*>(data + 2 + boundaryLength),
                                 size - 2 - boundaryLength);
    return in;
}

/// What parsing a stream gave: the part bodies, header fields counted, the final status.
struct MultipartOutcome {
    std::vector<std::string> bodies;
    std::int64_t headerFields = 0;
    core::Status status = core::Ok{};
};

/// Parses `stream` fed in chunks of `chunk` bytes, under small limits, then finish().
inline MultipartOutcome parseMultipart(const std::string& boundary, std::string_view stream,
                                       std::size_t chunk) {
    MultipartOutcome out;
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
    for (std::size_t at = 0; out.status.ok() && at < stream.size(); at += chunk) {
        out.status = parser.feed(stream.data() + at, std::min(chunk, stream.size() - at));
    }
    if (out.status.ok()) {
        out.status = parser.finish();
    }
    return out;
}

} // namespace voxdiff::fuzz
