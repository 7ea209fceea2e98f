// SPDX-License-Identifier: BSD-3-Clause
#include "text/Iconv.h"

#include <algorithm>
#include <cerrno>
#include <iconv.h>

#include "voxdiff/Utf8.h"

namespace voxdiff::core::text {

namespace {

/// One iconv conversion descriptor, closed on destruction. Descriptors are not shared: iconv
/// keeps shift state in them, and headers are read on several threads.
class IconvHandle {
  public:
    IconvHandle(const char* toCode, const char* fromCode) : m_cd(iconv_open(toCode, fromCode)) {}
    ~IconvHandle() {
        if (ok()) {
            iconv_close(m_cd);
        }
    }
    IconvHandle(const IconvHandle&) = delete;
    IconvHandle& operator=(const IconvHandle&) = delete;

    bool ok() const { return m_cd != reinterpret_cast<iconv_t>(-1); }

    /// Converts as much of [in, in + inLeft) as it can into `out`; returns errno of the stop
    /// (0 when everything was converted).
    int convert(const char*& in, std::size_t& inLeft, std::string& out) {
        char buffer[256];
        while (inLeft > 0) {
            char* dst = buffer;
            std::size_t dstLeft = sizeof buffer;
            // iconv's prototype takes char** for the input it never writes.
            char* src = const_cast<char*>(in);
            const std::size_t r = iconv(m_cd, &src, &inLeft, &dst, &dstLeft);
            const int error = r == static_cast<std::size_t>(-1) ? errno : 0;
            out.append(buffer, static_cast<std::size_t>(dst - buffer));
            in = src;
            if (error != 0 && error != E2BIG) {
                return error;
            }
        }
        return 0;
    }

  private:
    iconv_t m_cd;
};

std::size_t utf8Length(unsigned char lead) {
    return lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

} // namespace

ConvertedText iconvToUtf8(const char* fromCode, std::string_view bytes, std::size_t unitBytes) {
    ConvertedText result;
    IconvHandle handle("UTF-8", fromCode);
    if (!handle.ok()) {
        result.unavailable = true;
        for (char c : bytes) {
            appendUtf8(result.utf8, static_cast<unsigned char>(c) < 0x80 ? static_cast<char32_t>(c)
                                                                         : char32_t{0xfffd});
        }
        return result;
    }
    const char* in = bytes.data();
    std::size_t inLeft = bytes.size();
    while (inLeft > 0) {
        if (handle.convert(in, inLeft, result.utf8) == 0) {
            break;
        }
        // EILSEQ (not valid here) or EINVAL (cut short at the end): replace one unit, go on.
        result.replaced = true;
        appendUtf8(result.utf8, U'\uFFFD');
        const std::size_t skip = std::min(unitBytes == 0 ? 1 : unitBytes, inLeft);
        in += skip;
        inLeft -= skip;
    }
    // glibc's converters emit well-formed UTF-8; checking costs little and makes it a promise.
    if (!isValidUtf8(result.utf8)) {
        result.utf8 = toValidUtf8(result.utf8);
        result.replaced = true;
    }
    return result;
}

std::string iconvFromUtf8(const char* toCode, std::string_view utf8, char replacement) {
    const std::string valid = toValidUtf8(utf8);
    std::string out;
    IconvHandle handle(toCode, "UTF-8");
    if (!handle.ok()) {
        for (char c : valid) {
            if (static_cast<unsigned char>(c) < 0x80) {
                out += c;
            } else if (static_cast<unsigned char>(c) >= 0xc0) {
                out += replacement;
            }
        }
        return out;
    }
    const char* in = valid.data();
    std::size_t inLeft = valid.size();
    while (inLeft > 0) {
        if (handle.convert(in, inLeft, out) == 0) {
            break;
        }
        out += replacement;
        const std::size_t skip = std::min(utf8Length(static_cast<unsigned char>(*in)), inLeft);
        in += skip;
        inLeft -= skip;
    }
    return out;
}

} // namespace voxdiff::core::text
