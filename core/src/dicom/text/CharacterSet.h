// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dicom/text/CodeSets.h"

namespace voxdiff::core::dicom::text {

/// Which bytes of a value bring back the first value's character set (PS3.5 6.1.2.5.3): where
/// an encoder must have switched back, so that a decoder resets there too.
enum class TextVr {
    Text,       ///< ST, LT, UT: control characters (CR, LF, FF, TAB...) only
    MultiValue, ///< SH, LO, UC, and the ASCII-only VRs: also the value separator '\'
    PersonName, ///< PN: also '^' between components and '=' between groups
};

/// A problem met while reading (0008,0005) or decoding a value with it. Several are collected
/// in a CharsetIssues bit set; each has a stable code (charsetIssueCode).
enum class CharsetIssue : std::uint32_t {
    UnknownTerm = 1u << 0,      ///< "charset_unknown_term": its bytes above 0x7F became U+FFFD
    CorrectedTerm = 1u << 1,    ///< "charset_corrected_term": "ISO IR 100" read as "ISO_IR 100"
    IgnoredTerm = 1u << 2,      ///< "charset_ignored_term": a stand-alone set among several
    InvalidBytes = 1u << 3,     ///< "charset_invalid_bytes": not valid in their set: U+FFFD
    UnknownEscape = 1u << 4,    ///< "charset_unknown_escape": designates no known set: U+FFFD
    UndeclaredEscape = 1u << 5, ///< "charset_undeclared_escape": a set (0008,0005) does not list
    UndeclaredBytes = 1u << 6,  ///< "charset_undeclared_bytes": bytes above 0x7F with no set
                                ///< declared for them, read as UTF-8 if valid, else Latin-1
    UnavailableSet = 1u << 7,   ///< "charset_unavailable": iconv lacks the set: U+FFFD
};

using CharsetIssues = std::uint32_t;

inline void addIssue(CharsetIssues& issues, CharsetIssue issue) {
    issues |= static_cast<std::uint32_t>(issue);
}

/// The stable code of one issue, e.g. "charset_unknown_term".
const char* charsetIssueCode(CharsetIssue issue);

/// The codes of every issue in `issues`, in the order of the enum.
std::vector<std::string> charsetIssueCodes(CharsetIssues issues);

/// The character set(s) that Specific Character Set (0008,0005) declares for a dataset, and the
/// decoding of its text values to UTF-8 through iconv. A value without escape sequences is in
/// the first value's set; with code extensions (ISO 2022 terms) escape sequences switch G0 and
/// G1, and delimiters bring back the first value's sets.
class CharacterSet {
  public:
    /// The default repertoire (ISO-IR 6): (0008,0005) absent or empty.
    CharacterSet();

    /// From the value of (0008,0005) as stored: backslash-separated terms, padded with spaces;
    /// an empty first value means the default repertoire. Misspelt terms are corrected, unknown
    /// ones kept as CodeSet::Unknown; issues() says so.
    static CharacterSet fromSpecificCharacterSet(std::string_view value);

    /// `bytes` (one element's value, all its values) decoded to well-formed UTF-8. Problems are
    /// added to `issues`; the result never holds invalid UTF-8.
    std::string decode(std::string_view bytes, TextVr vr, CharsetIssues& issues) const;

    /// Problems of (0008,0005) itself (unknown, corrected or ignored terms).
    CharsetIssues issues() const { return m_issues; }

    /// The terms as read (after correction), "" for an empty first value.
    const std::vector<std::string>& terms() const { return m_terms; }

    /// True when no term was declared (default repertoire).
    bool isDefault() const { return m_terms.empty(); }

  private:
    std::vector<std::string> m_terms;
    Term m_first;                ///< designations of the first value
    std::vector<CodeSet> m_sets; ///< every set the terms declare (for escape checks)
    CharsetIssues m_issues = 0;
};

} // namespace voxdiff::core::dicom::text
