// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/text/CharacterSet.h"

#include <algorithm>
#include <array>

#include "dicom/text/Iso2022Decoder.h"
#include "text/Iconv.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::core::dicom::text {

namespace {

constexpr std::array<std::pair<CharsetIssue, const char*>, 8> kIssueCodes = {{
    {CharsetIssue::UnknownTerm, "charset_unknown_term"},
    {CharsetIssue::CorrectedTerm, "charset_corrected_term"},
    {CharsetIssue::IgnoredTerm, "charset_ignored_term"},
    {CharsetIssue::InvalidBytes, "charset_invalid_bytes"},
    {CharsetIssue::UnknownEscape, "charset_unknown_escape"},
    {CharsetIssue::UndeclaredEscape, "charset_undeclared_escape"},
    {CharsetIssue::UndeclaredBytes, "charset_undeclared_bytes"},
    {CharsetIssue::UnavailableSet, "charset_unavailable"},
}};

std::string_view trimmedTerm(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\0')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) {
        s.remove_suffix(1);
    }
    return s;
}

std::vector<std::string_view> splitTerms(std::string_view value) {
    std::vector<std::string_view> terms;
    for (std::size_t start = 0;;) {
        const std::size_t end = value.find('\\', start);
        terms.push_back(trimmedTerm(value.substr(start, end - start)));
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return terms;
}

/// The term for one value of (0008,0005), correcting common misspellings; `name` receives the
/// spelling kept.
Term readTerm(std::string_view raw, std::string& name, CharsetIssues& issues) {
    name = std::string(raw);
    if (auto term = termNamed(raw)) {
        return *term;
    }
    if (const std::string_view corrected = correctedTermName(raw); !corrected.empty()) {
        addIssue(issues, CharsetIssue::CorrectedTerm);
        name = std::string(corrected);
        return *termNamed(corrected);
    }
    addIssue(issues, CharsetIssue::UnknownTerm);
    return Term{CodeSet::Ascii, CodeSet::Unknown, false};
}

bool needsDecoding(std::string_view bytes) {
    return std::any_of(bytes.begin(), bytes.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x80 || c == '\x1b'; });
}

std::string decodeStandAlone(std::string_view bytes, CodeSet set, CharsetIssues& issues) {
    if (set == CodeSet::Utf8) {
        if (isValidUtf8(bytes)) {
            return std::string(bytes);
        }
        addIssue(issues, CharsetIssue::InvalidBytes);
        return toValidUtf8(bytes);
    }
    core::text::ConvertedText converted = core::text::iconvToUtf8(iconvFormOf(set).encoding, bytes);
    if (converted.replaced) {
        addIssue(issues, CharsetIssue::InvalidBytes);
    }
    if (converted.unavailable) {
        addIssue(issues, CharsetIssue::UnavailableSet);
    }
    return std::move(converted.utf8);
}

} // namespace

const char* charsetIssueCode(CharsetIssue issue) {
    for (const auto& [i, code] : kIssueCodes) {
        if (i == issue) {
            return code;
        }
    }
    return "charset_issue";
}

std::vector<std::string> charsetIssueCodes(CharsetIssues issues) {
    std::vector<std::string> codes;
    for (const auto& [i, code] : kIssueCodes) {
        if ((issues & static_cast<std::uint32_t>(i)) != 0) {
            codes.emplace_back(code);
        }
    }
    return codes;
}

CharacterSet::CharacterSet() : m_sets{CodeSet::Ascii} {}

CharacterSet CharacterSet::fromSpecificCharacterSet(std::string_view value) {
    CharacterSet cs;
    const std::vector<std::string_view> raw = splitTerms(value);
    if (raw.size() == 1 && raw.front().empty()) {
        return cs;
    }
    for (std::size_t n = 0; n < raw.size(); ++n) {
        if (n > 0 && raw[n].empty()) {
            continue;
        }
        std::string name;
        const Term term = n == 0 && raw[n].empty() ? Term{} : readTerm(raw[n], name, cs.m_issues);
        // PS3.5 6.1.2.5.4: UTF-8, GB18030 and GBK take no code extensions. As the first value
        // they rule alone; later, they are dropped.
        if (n > 0 && (isStandAlone(term.g0) || isStandAlone(cs.m_first.g0))) {
            addIssue(cs.m_issues, CharsetIssue::IgnoredTerm);
            continue;
        }
        if (n == 0) {
            cs.m_first = term;
        }
        cs.m_terms.push_back(name);
        for (CodeSet set : {term.g0, term.g1, term.extension}) {
            if (set != CodeSet::None && set != CodeSet::Unknown) {
                cs.m_sets.push_back(set);
            }
        }
    }
    return cs;
}

std::string CharacterSet::decode(std::string_view bytes, TextVr vr, CharsetIssues& issues) const {
    if (!needsDecoding(bytes)) {
        return std::string(bytes); // ASCII is the same in every set DICOM allows
    }
    if (isStandAlone(m_first.g0)) {
        return decodeStandAlone(bytes, m_first.g0, issues);
    }
    const bool hasEscape = bytes.find('\x1b') != std::string_view::npos;
    if (isDefault() && !hasEscape && isValidUtf8(bytes)) {
        // Undeclared bytes that form UTF-8 are almost surely UTF-8 (Latin-1 text rarely does).
        addIssue(issues, CharsetIssue::UndeclaredBytes);
        return std::string(bytes);
    }
    return decodeIso2022(bytes, Designations{m_first.g0, m_first.g1}, m_sets, vr, issues);
}

} // namespace voxdiff::core::dicom::text
