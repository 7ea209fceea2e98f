// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "voxdiff/Result.h"

namespace voxdiff::core {

/// The header fields of one part, names lower-cased, values trimmed, in order.
using MultipartHeaders = std::vector<std::pair<std::string, std::string>>;

/// What the parser hands over, part by part. A callback returning an error stops the parse.
struct MultipartCallbacks {
    std::function<Status(const MultipartHeaders& headers)> partBegin;
    std::function<Status(const char* data, std::size_t size)> partData;
    std::function<Status()> partEnd;
};

/// Limits that keep a hostile stream from growing the parser's memory.
struct MultipartLimits {
    std::size_t maxHeaderBytes = 16 * 1024;  ///< the header block of one part
    std::uint64_t maxPartBytes = 4ull << 30; ///< the body of one part
    std::int64_t maxParts = 1'000'000;       ///< parts in one stream
};

/// An incremental multipart/related (RFC 2046) parser. Bytes go in by feed() in chunks of any
/// size; part bodies come out through the callbacks as they arrive, so the memory held is the
/// header block of the current part plus one delimiter, never a part body. Ownership: the
/// parser copies nothing it does not need; the data pointer passed to partData is valid only
/// during the call. Errors: CorruptHeader (malformed framing or headers), TooLarge (a limit),
/// TruncatedData (finish() before the closing delimiter), or the callbacks' own errors.
class MultipartParser {
  public:
    MultipartParser(std::string boundary, MultipartCallbacks callbacks,
                    MultipartLimits limits = {});

    /// Parses the next chunk. After an error, every later call returns the same error.
    Status feed(const char* data, std::size_t size);
    /// Declares the end of the stream: an error unless the closing delimiter was seen.
    Status finish();

    /// Parts completed so far.
    std::int64_t partCount() const { return m_partCount; }
    /// True once the closing delimiter was parsed.
    bool complete() const { return m_state == State::Epilogue; }

    /// The boundary parameter of a multipart Content-Type value (quoted or not).
    /// Errors: CorruptHeader (not multipart, no or bad boundary).
    static Result<std::string> boundaryOf(std::string_view contentType);

  private:
    enum class State { Preamble, AfterDelimiter, Headers, Body, Epilogue, Failed };

    Status step(bool& progressed);
    Status stepPreamble(bool& progressed);
    Status stepAfterDelimiter(bool& progressed);
    Status stepHeaders(bool& progressed);
    Status stepBody(bool& progressed);
    Status fail(Error error);

    std::string m_delimiter; ///< CRLF "--" boundary
    MultipartCallbacks m_callbacks;
    MultipartLimits m_limits;
    std::string m_buffer; ///< bytes not yet consumed (bounded)
    State m_state = State::Preamble;
    std::uint64_t m_partBytes = 0;
    std::int64_t m_partCount = 0;
    Error m_error;
};

} // namespace voxdiff::core
