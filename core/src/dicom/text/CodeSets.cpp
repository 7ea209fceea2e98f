// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/text/CodeSets.h"

#include <array>
#include <cctype>
#include <string>

namespace voxdiff::core::dicom::text {

namespace {

struct NamedTerm {
    std::string_view name;
    Term term;
};

// PS3.3 Table C.12-2 (single-byte, no extensions), C.12-3 (single-byte with extensions),
// C.12-4 (multi-byte with extensions) and C.12-5 (multi-byte without extensions).
constexpr std::array<NamedTerm, 33> kTerms = {{
    {"ISO_IR 6", {CodeSet::Ascii, CodeSet::None, false}},
    {"ISO_IR 100", {CodeSet::Ascii, CodeSet::Latin1, false}},
    {"ISO_IR 101", {CodeSet::Ascii, CodeSet::Latin2, false}},
    {"ISO_IR 109", {CodeSet::Ascii, CodeSet::Latin3, false}},
    {"ISO_IR 110", {CodeSet::Ascii, CodeSet::Latin4, false}},
    {"ISO_IR 126", {CodeSet::Ascii, CodeSet::Greek, false}},
    {"ISO_IR 127", {CodeSet::Ascii, CodeSet::Arabic, false}},
    {"ISO_IR 138", {CodeSet::Ascii, CodeSet::Hebrew, false}},
    {"ISO_IR 144", {CodeSet::Ascii, CodeSet::Cyrillic, false}},
    {"ISO_IR 148", {CodeSet::Ascii, CodeSet::Latin5, false}},
    {"ISO_IR 166", {CodeSet::Ascii, CodeSet::Thai, false}},
    {"ISO_IR 13", {CodeSet::JisRoman, CodeSet::Katakana, false}},
    {"ISO 2022 IR 6", {CodeSet::Ascii, CodeSet::None, true}},
    {"ISO 2022 IR 100", {CodeSet::Ascii, CodeSet::Latin1, true}},
    {"ISO 2022 IR 101", {CodeSet::Ascii, CodeSet::Latin2, true}},
    {"ISO 2022 IR 109", {CodeSet::Ascii, CodeSet::Latin3, true}},
    {"ISO 2022 IR 110", {CodeSet::Ascii, CodeSet::Latin4, true}},
    {"ISO 2022 IR 126", {CodeSet::Ascii, CodeSet::Greek, true}},
    {"ISO 2022 IR 127", {CodeSet::Ascii, CodeSet::Arabic, true}},
    {"ISO 2022 IR 138", {CodeSet::Ascii, CodeSet::Hebrew, true}},
    {"ISO 2022 IR 144", {CodeSet::Ascii, CodeSet::Cyrillic, true}},
    {"ISO 2022 IR 148", {CodeSet::Ascii, CodeSet::Latin5, true}},
    {"ISO 2022 IR 166", {CodeSet::Ascii, CodeSet::Thai, true}},
    {"ISO 2022 IR 13", {CodeSet::JisRoman, CodeSet::Katakana, true}},
    // The multi-byte sets need an escape sequence before their first character: as a first
    // value (not allowed, but seen) they leave G0 ASCII; the G1 sets are taken as designated.
    {"ISO 2022 IR 87", {CodeSet::Ascii, CodeSet::None, true, CodeSet::JisX0208}},
    {"ISO 2022 IR 159", {CodeSet::Ascii, CodeSet::None, true, CodeSet::JisX0212}},
    {"ISO 2022 IR 149", {CodeSet::Ascii, CodeSet::KsX1001, true}},
    {"ISO 2022 IR 58", {CodeSet::Ascii, CodeSet::Gb2312, true}},
    {"ISO_IR 192", {CodeSet::Utf8, CodeSet::Utf8, false}},
    {"GB18030", {CodeSet::Gb18030, CodeSet::Gb18030, false}},
    {"GBK", {CodeSet::Gbk, CodeSet::Gbk, false}},
    // CP 1234 spellings that pydicom accepts.
    {"ISO 2022 GBK", {CodeSet::Gbk, CodeSet::Gbk, false}},
    {"ISO 2022 58", {CodeSet::Ascii, CodeSet::Gb2312, true}},
}};

struct Escape {
    std::string_view afterEsc;
    CodeSet set;
};

// PS3.3 Tables C.12-3 and C.12-4.
constexpr std::array<Escape, 18> kEscapes = {{
    {"(B", CodeSet::Ascii},
    {"(J", CodeSet::JisRoman},
    {")I", CodeSet::Katakana},
    {"-A", CodeSet::Latin1},
    {"-B", CodeSet::Latin2},
    {"-C", CodeSet::Latin3},
    {"-D", CodeSet::Latin4},
    {"-F", CodeSet::Greek},
    {"-G", CodeSet::Arabic},
    {"-H", CodeSet::Hebrew},
    {"-L", CodeSet::Cyrillic},
    {"-M", CodeSet::Latin5},
    {"-T", CodeSet::Thai},
    {"$B", CodeSet::JisX0208},
    {"$@", CodeSet::JisX0208},
    {"$(D", CodeSet::JisX0212},
    {"$)C", CodeSet::KsX1001},
    {"$)A", CodeSet::Gb2312},
}};

/// Upper case, with every run of spaces, '_' and '-' removed: "iso-ir 100" -> "ISOIR100".
std::string skeletonOf(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c != ' ' && c != '_' && c != '-') {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

} // namespace

IconvForm iconvFormOf(CodeSet set) {
    switch (set) {
    case CodeSet::Latin1:
        return {"ISO-8859-1", {}, 1};
    case CodeSet::Latin2:
        return {"ISO-8859-2", {}, 1};
    case CodeSet::Latin3:
        return {"ISO-8859-3", {}, 1};
    case CodeSet::Latin4:
        return {"ISO-8859-4", {}, 1};
    case CodeSet::Greek:
        return {"ISO-8859-7", {}, 1};
    case CodeSet::Arabic:
        return {"ISO-8859-6", {}, 1};
    case CodeSet::Hebrew:
        return {"ISO-8859-8", {}, 1};
    case CodeSet::Cyrillic:
        return {"ISO-8859-5", {}, 1};
    case CodeSet::Latin5:
        return {"ISO-8859-9", {}, 1};
    case CodeSet::Thai:
        return {"ISO-8859-11", {}, 1}; // TIS 620 with the no-break space at 0xA0
    case CodeSet::Katakana:
        return {"EUC-JP", "\x8e", 1}; // EUC-JP's single shift 2 selects JIS X 0201 Katakana
    case CodeSet::JisX0208:
        return {"EUC-JP", {}, 2};
    case CodeSet::JisX0212:
        return {"EUC-JP", "\x8f", 2}; // single shift 3 selects JIS X 0212
    case CodeSet::KsX1001:
        return {"EUC-KR", {}, 2};
    case CodeSet::Gb2312:
        return {"EUC-CN", {}, 2};
    case CodeSet::Utf8:
        return {"UTF-8", {}, 1};
    case CodeSet::Gb18030:
        return {"GB18030", {}, 1};
    case CodeSet::Gbk:
        return {"GBK", {}, 1};
    case CodeSet::None:
    case CodeSet::Unknown:
    case CodeSet::Ascii:
    case CodeSet::JisRoman:
        break;
    }
    return {};
}

bool isG0Set(CodeSet set) {
    return set == CodeSet::Ascii || set == CodeSet::JisRoman || set == CodeSet::JisX0208 ||
           set == CodeSet::JisX0212;
}

bool isStandAlone(CodeSet set) {
    return set == CodeSet::Utf8 || set == CodeSet::Gb18030 || set == CodeSet::Gbk;
}

std::optional<Term> termNamed(std::string_view name) {
    for (const NamedTerm& t : kTerms) {
        if (t.name == name) {
            return t.term;
        }
    }
    return std::nullopt;
}

std::string_view correctedTermName(std::string_view name) {
    const std::string skeleton = skeletonOf(name);
    for (const NamedTerm& t : kTerms) {
        if (skeletonOf(t.name) == skeleton) {
            return t.name;
        }
    }
    return {};
}

std::optional<CodeSet> setOfEscape(std::string_view afterEsc, std::size_t& length) {
    // ISO 2022: intermediate bytes 0x20-0x2F, then one final byte 0x30-0x7E.
    length = 0;
    std::size_t n = 0;
    while (n < afterEsc.size() && afterEsc[n] >= 0x20 && afterEsc[n] <= 0x2f) {
        ++n;
    }
    if (n == afterEsc.size() || afterEsc[n] < 0x30 || afterEsc[n] > 0x7e) {
        return std::nullopt;
    }
    length = n + 1;
    const std::string_view sequence = afterEsc.substr(0, length);
    for (const Escape& e : kEscapes) {
        if (e.afterEsc == sequence) {
            return e.set;
        }
    }
    return std::nullopt;
}

} // namespace voxdiff::core::dicom::text
