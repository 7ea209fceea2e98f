// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/DicomWebMultipart.h"

#include <algorithm>
#include <cctype>

namespace voxdiff::core {

namespace {

// RFC 2046 allows 70 characters; some servers send longer ones, which cost nothing to accept.
constexpr std::size_t kMaxBoundaryLength = 200;

std::string trimmed(std::string_view s) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

std::string lowered(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Result<MultipartHeaders> parseHeaderBlock(std::string_view block) {
    MultipartHeaders headers;
    while (!block.empty()) {
        const auto end = block.find("\r\n");
        const std::string_view line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 2);
        if (line.empty()) {
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            return makeError(ErrorCode::CorruptHeader,
                             "a multipart part header line has no field name");
        }
        headers.emplace_back(lowered(trimmed(line.substr(0, colon))),
                             trimmed(line.substr(colon + 1)));
    }
    return headers;
}

Error framingError(const char* what) {
    return makeError(ErrorCode::CorruptHeader,
                     std::string("malformed multipart response: ") + what);
}

} // namespace

MultipartParser::MultipartParser(std::string boundary, MultipartCallbacks callbacks,
                                 MultipartLimits limits)
    : m_delimiter("\r\n--" + boundary), m_callbacks(std::move(callbacks)), m_limits(limits),
      // The first delimiter may open the body without a preceding CRLF: pretend one came.
      m_buffer("\r\n") {}

Status MultipartParser::fail(Error error) {
    m_state = State::Failed;
    m_error = std::move(error);
    m_buffer.clear();
    m_buffer.shrink_to_fit();
    return m_error;
}

Status MultipartParser::feed(const char* data, std::size_t size) {
    if (m_state == State::Failed) {
        return m_error;
    }
    if (m_state == State::Epilogue) {
        return Ok{}; // the epilogue is ignored
    }
    m_buffer.append(data, size);
    bool progressed = true;
    while (progressed && m_state != State::Epilogue) {
        progressed = false;
        if (auto st = step(progressed); !st) {
            return fail(st.error());
        }
    }
    if (m_state == State::Epilogue) {
        m_buffer.clear();
    }
    return Ok{};
}

Status MultipartParser::finish() {
    if (m_state == State::Failed) {
        return m_error;
    }
    if (m_state != State::Epilogue) {
        return fail(makeError(ErrorCode::TruncatedData,
                              "the multipart response ended before its closing boundary (" +
                                  std::to_string(m_partCount) + " parts complete)"));
    }
    return Ok{};
}

Status MultipartParser::step(bool& progressed) {
    switch (m_state) {
    case State::Preamble:
        return stepPreamble(progressed);
    case State::AfterDelimiter:
        return stepAfterDelimiter(progressed);
    case State::Headers:
        return stepHeaders(progressed);
    case State::Body:
        return stepBody(progressed);
    case State::Epilogue:
    case State::Failed:
        break;
    }
    return Ok{};
}

Status MultipartParser::stepPreamble(bool& progressed) {
    const auto pos = m_buffer.find(m_delimiter);
    if (pos == std::string::npos) {
        // Keep only what could still be the start of a delimiter: the preamble is discarded.
        const std::size_t keep = std::min(m_buffer.size(), m_delimiter.size() - 1);
        m_buffer.erase(0, m_buffer.size() - keep);
        return Ok{};
    }
    m_buffer.erase(0, pos + m_delimiter.size());
    m_state = State::AfterDelimiter;
    progressed = true;
    return Ok{};
}

Status MultipartParser::stepAfterDelimiter(bool& progressed) {
    // After a delimiter: "--" closes the body; otherwise optional blanks, then CRLF.
    if (m_buffer.size() < 2) {
        return Ok{};
    }
    if (m_buffer.compare(0, 2, "--") == 0) {
        m_state = State::Epilogue;
        progressed = true;
        return Ok{};
    }
    std::size_t i = 0;
    while (i < m_buffer.size() && (m_buffer[i] == ' ' || m_buffer[i] == '\t')) {
        ++i;
    }
    if (i > kMaxBoundaryLength) {
        return framingError("blanks after a boundary");
    }
    const bool mayStillCome =
        i == m_buffer.size() || (i + 1 == m_buffer.size() && m_buffer[i] == '\r');
    if (mayStillCome) {
        return Ok{};
    }
    if (m_buffer.compare(i, 2, "\r\n") != 0) {
        return framingError("no line break after a boundary");
    }
    m_buffer.erase(0, i + 2);
    m_state = State::Headers;
    progressed = true;
    return Ok{};
}

Status MultipartParser::stepHeaders(bool& progressed) {
    std::size_t blockEnd = std::string::npos;
    std::size_t consumed = 0;
    if (m_buffer.size() >= 2 && m_buffer.compare(0, 2, "\r\n") == 0) {
        blockEnd = 0; // a part without header fields
        consumed = 2;
    } else if (const auto pos = m_buffer.find("\r\n\r\n"); pos != std::string::npos) {
        blockEnd = pos;
        consumed = pos + 4;
    }
    if (blockEnd == std::string::npos || blockEnd > m_limits.maxHeaderBytes) {
        if (m_buffer.size() > m_limits.maxHeaderBytes + 4) {
            return makeError(ErrorCode::TooLarge, "a multipart part header is larger than " +
                                                      std::to_string(m_limits.maxHeaderBytes) +
                                                      " bytes");
        }
        return Ok{};
    }
    if (m_partCount >= m_limits.maxParts) {
        return makeError(ErrorCode::TooLarge, "the multipart response holds more than " +
                                                  std::to_string(m_limits.maxParts) + " parts");
    }
    auto headers = parseHeaderBlock(std::string_view(m_buffer).substr(0, blockEnd));
    if (!headers) {
        return headers.error();
    }
    m_buffer.erase(0, consumed);
    m_partBytes = 0;
    m_state = State::Body;
    progressed = true;
    if (m_callbacks.partBegin) {
        return m_callbacks.partBegin(headers.value());
    }
    return Ok{};
}

Status MultipartParser::stepBody(bool& progressed) {
    const auto pos = m_buffer.find(m_delimiter);
    const std::size_t emit =
        pos != std::string::npos
            ? pos
            : m_buffer.size() - std::min(m_buffer.size(), m_delimiter.size() - 1);
    if (emit > 0) {
        m_partBytes += emit;
        if (m_partBytes > m_limits.maxPartBytes) {
            return makeError(ErrorCode::TooLarge, "a multipart part is larger than " +
                                                      std::to_string(m_limits.maxPartBytes) +
                                                      " bytes");
        }
        if (m_callbacks.partData) {
            if (auto st = m_callbacks.partData(m_buffer.data(), emit); !st) {
                return st;
            }
        }
    }
    if (pos == std::string::npos) {
        m_buffer.erase(0, emit);
        return Ok{};
    }
    m_buffer.erase(0, pos + m_delimiter.size());
    ++m_partCount;
    m_state = State::AfterDelimiter;
    progressed = true;
    if (m_callbacks.partEnd) {
        return m_callbacks.partEnd();
    }
    return Ok{};
}

Result<std::string> MultipartParser::boundaryOf(std::string_view contentType) {
    const std::string lower = lowered(contentType);
    if (lower.rfind("multipart/", 0) != 0) {
        return makeError(ErrorCode::CorruptHeader, "the response is not multipart (Content-Type " +
                                                       std::string(contentType.substr(0, 100)) +
                                                       ")");
    }
    std::size_t at = 0;
    while ((at = lower.find("boundary", at)) != std::string::npos) {
        const bool paramStart =
            at > 0 && (lower[at - 1] == ';' || lower[at - 1] == ' ' || lower[at - 1] == '\t');
        std::size_t eq = at + 8;
        while (eq < lower.size() && (lower[eq] == ' ' || lower[eq] == '\t')) {
            ++eq;
        }
        if (!paramStart || eq >= lower.size() || lower[eq] != '=') {
            at += 8;
            continue;
        }
        std::string_view value = contentType.substr(eq + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
            value.remove_prefix(1);
        }
        std::string boundary;
        if (!value.empty() && value.front() == '"') {
            const auto close = value.find('"', 1);
            if (close == std::string_view::npos) {
                break;
            }
            boundary = std::string(value.substr(1, close - 1));
        } else {
            boundary = trimmed(value.substr(0, value.find(';')));
        }
        if (boundary.empty() || boundary.size() > kMaxBoundaryLength) {
            break;
        }
        return boundary;
    }
    return makeError(ErrorCode::CorruptHeader, "the multipart response names no usable boundary");
}

} // namespace voxdiff::core
