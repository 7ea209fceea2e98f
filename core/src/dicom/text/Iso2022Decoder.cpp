// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/text/Iso2022Decoder.h"

#include <algorithm>

#include "text/Iconv.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::core::dicom::text {

namespace {

constexpr unsigned char kEsc = 0x1b;

bool isDoubleByte(CodeSet set) {
    return iconvFormOf(set).bytesPerChar == 2;
}

/// Reads a value byte by byte, keeping the current designations, and collects runs of
/// characters of one set to convert them through iconv in one call.
class Iso2022Reader {
  public:
    Iso2022Reader(Designations initial, const std::vector<CodeSet>& declared, TextVr vr,
                  CharsetIssues& issues)
        : m_initial(initial), m_now(initial), m_declared(declared), m_vr(vr), m_issues(issues) {}

    std::string run(std::string_view bytes) {
        for (std::size_t pos = 0; pos < bytes.size();) {
            const auto c = static_cast<unsigned char>(bytes[pos]);
            if (c == kEsc) {
                pos += readEscape(bytes.substr(pos + 1));
            } else if (c < 0x80) {
                pos += readG0(bytes.substr(pos));
            } else {
                pos += readG1(bytes.substr(pos));
            }
        }
        flush();
        return std::move(m_out);
    }

  private:
    /// The bytes after an ESC; returns how many bytes the sequence took, ESC included.
    std::size_t readEscape(std::string_view afterEsc) {
        std::size_t length = 0;
        const auto set = setOfEscape(afterEsc, length);
        if (!set) {
            addIssue(m_issues, CharsetIssue::UnknownEscape);
            replace();
            return 1 + length;
        }
        if (*set != CodeSet::Ascii &&
            std::find(m_declared.begin(), m_declared.end(), *set) == m_declared.end()) {
            addIssue(m_issues, CharsetIssue::UndeclaredEscape);
        }
        (isG0Set(*set) ? m_now.g0 : m_now.g1) = *set;
        return 1 + length;
    }

    std::size_t readG0(std::string_view rest) {
        const auto c = static_cast<unsigned char>(rest[0]);
        // Control characters, space and DEL are never part of a two-byte character.
        if (!isDoubleByte(m_now.g0) || c <= 0x20 || c == 0x7f) {
            if (c < 0x20 || isDelimiter(c)) {
                m_now = m_initial;
            }
            flush();
            m_out += static_cast<char>(c);
            return 1;
        }
        if (rest.size() < 2 || static_cast<unsigned char>(rest[1]) <= 0x20 ||
            static_cast<unsigned char>(rest[1]) >= 0x7f) {
            addIssue(m_issues, CharsetIssue::InvalidBytes);
            replace();
            return 1;
        }
        const char pair[2] = {static_cast<char>(c | 0x80), static_cast<char>(rest[1] | 0x80)};
        queue(m_now.g0, std::string_view(pair, 2));
        return 2;
    }

    std::size_t readG1(std::string_view rest) {
        switch (m_now.g1) {
        case CodeSet::Unknown:
            replace();
            return 1;
        case CodeSet::None:
            addIssue(m_issues, CharsetIssue::UndeclaredBytes);
            queue(CodeSet::Latin1, rest.substr(0, 1));
            return 1;
        default:
            break;
        }
        if (!isDoubleByte(m_now.g1)) {
            queue(m_now.g1, rest.substr(0, 1));
            return 1;
        }
        if (rest.size() < 2 || static_cast<unsigned char>(rest[1]) < 0x80) {
            addIssue(m_issues, CharsetIssue::InvalidBytes);
            replace();
            return 1;
        }
        queue(m_now.g1, rest.substr(0, 2));
        return 2;
    }

    bool isDelimiter(unsigned char c) const {
        switch (m_vr) {
        case TextVr::Text:
            return false;
        case TextVr::MultiValue:
            return c == '\\';
        case TextVr::PersonName:
            return c == '\\' || c == '^' || c == '=';
        }
        return false;
    }

    /// One character of `set`, as bytes of the value (the high bit already set for G0 sets).
    void queue(CodeSet set, std::string_view character) {
        if (set != m_pendingSet) {
            flush();
            m_pendingSet = set;
        }
        m_pending += iconvFormOf(set).prefix;
        m_pending += character;
    }

    void flush() {
        if (m_pending.empty()) {
            return;
        }
        const IconvForm form = iconvFormOf(m_pendingSet);
        const std::size_t unit = form.prefix.size() + static_cast<std::size_t>(form.bytesPerChar);
        core::text::ConvertedText converted =
            core::text::iconvToUtf8(form.encoding, m_pending, unit);
        if (converted.replaced) {
            addIssue(m_issues, CharsetIssue::InvalidBytes);
        }
        if (converted.unavailable) {
            addIssue(m_issues, CharsetIssue::UnavailableSet);
        }
        m_out += converted.utf8;
        m_pending.clear();
    }

    void replace() {
        flush();
        appendUtf8(m_out, U'\uFFFD');
    }

    Designations m_initial;
    Designations m_now;
    const std::vector<CodeSet>& m_declared;
    TextVr m_vr;
    CharsetIssues& m_issues;
    CodeSet m_pendingSet = CodeSet::None;
    std::string m_pending; ///< characters of m_pendingSet in its iconv encoding
    std::string m_out;
};

} // namespace

std::string decodeIso2022(std::string_view bytes, Designations initial,
                          const std::vector<CodeSet>& declared, TextVr vr, CharsetIssues& issues) {
    return Iso2022Reader(initial, declared, vr, issues).run(bytes);
}

} // namespace voxdiff::core::dicom::text
