// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/Utf8.h"

namespace voxdiff::core {

namespace {

/// Length of the well-formed sequence starting at `pos`, or 0 when ill-formed; `consumed` is then
/// the length of its maximal subpart (at least 1), the bytes one U+FFFD replaces.
std::size_t wellFormedLength(std::string_view s, std::size_t pos, std::size_t& consumed) {
    const auto byte = [&](std::size_t n) { return static_cast<unsigned char>(s[n]); };
    const unsigned char lead = byte(pos);
    consumed = 1;
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    unsigned char low = 0x80; // bounds of the second byte (Unicode Table 3-7)
    unsigned char high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        low = lead == 0xe0 ? 0xa0 : 0x80;
        high = lead == 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        low = lead == 0xf0 ? 0x90 : 0x80;
        high = lead == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    for (std::size_t n = 1; n < length; ++n) {
        if (pos + n >= s.size()) {
            return 0;
        }
        const unsigned char c = byte(pos + n);
        const unsigned char lo = n == 1 ? low : 0x80;
        const unsigned char hi = n == 1 ? high : 0xbf;
        if (c < lo || c > hi) {
            return 0;
        }
        consumed = n + 1;
    }
    return length;
}

} // namespace

bool isValidUtf8(std::string_view bytes) {
    std::size_t consumed = 0;
    for (std::size_t pos = 0; pos < bytes.size();) {
        if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
            ++pos;
            continue;
        }
        const std::size_t length = wellFormedLength(bytes, pos, consumed);
        if (length == 0) {
            return false;
        }
        pos += length;
    }
    return true;
}

std::string toValidUtf8(std::string_view bytes) {
    if (isValidUtf8(bytes)) {
        return std::string(bytes);
    }
    std::string out;
    out.reserve(bytes.size() + 8);
    std::size_t consumed = 0;
    for (std::size_t pos = 0; pos < bytes.size();) {
        const std::size_t length = wellFormedLength(bytes, pos, consumed);
        if (length == 0) {
            appendUtf8(out, U'\uFFFD');
            pos += consumed;
        } else {
            out.append(bytes.substr(pos, length));
            pos += length;
        }
    }
    return out;
}

std::string forTerminalLine(std::string_view bytes) {
    const std::string text = toValidUtf8(bytes);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        // C1 controls U+0080..U+009F are 0xC2 0x80..0x9F in UTF-8.
        const bool c1 = c == 0xc2 && i + 1 < text.size() &&
                        static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                        static_cast<unsigned char>(text[i + 1]) <= 0x9f;
        if (c < 0x20 || c == 0x7f || c1) {
            appendUtf8(out, U'\uFFFD');
            i += c1 ? 1 : 0;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string pathToUtf8(const std::filesystem::path& path) {
    return toValidUtf8(path.native());
}

void appendUtf8(std::string& out, char32_t cp) {
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
        cp = 0xfffd;
    }
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

} // namespace voxdiff::core
