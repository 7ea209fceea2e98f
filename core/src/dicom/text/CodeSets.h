// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace voxdiff::core::dicom::text {

/// A coded character set in the ISO 2022 model of PS3.5 6.1 and PS3.3 C.12.1.1.2: what one term
/// of Specific Character Set (0008,0005) or one escape sequence designates.
enum class CodeSet : std::uint8_t {
    None,     ///< nothing designated (G1 of the default repertoire)
    Unknown,  ///< a term VoxDiff does not know: its bytes above 0x7F are U+FFFD
    Ascii,    ///< ISO-IR 6
    JisRoman, ///< ISO-IR 14, JIS X 0201 Romaji: read as ASCII, as pydicom and dcmtk do
    Latin1,   ///< ISO-IR 100
    Latin2,   ///< ISO-IR 101
    Latin3,   ///< ISO-IR 109
    Latin4,   ///< ISO-IR 110
    Greek,    ///< ISO-IR 126
    Arabic,   ///< ISO-IR 127
    Hebrew,   ///< ISO-IR 138
    Cyrillic, ///< ISO-IR 144
    Latin5,   ///< ISO-IR 148
    Thai,     ///< ISO-IR 166
    Katakana, ///< ISO-IR 13, JIS X 0201 Katakana
    JisX0208, ///< ISO-IR 87, two bytes per character in G0
    JisX0212, ///< ISO-IR 159, two bytes per character in G0
    KsX1001,  ///< ISO-IR 149, two bytes per character in G1
    Gb2312,   ///< ISO-IR 58, two bytes per character in G1
    Utf8,     ///< ISO_IR 192 (stand-alone: no code extensions)
    Gb18030,  ///< GB18030 (stand-alone)
    Gbk,      ///< GBK (stand-alone)
};

/// How the bytes of a set are handed to iconv: its encoding name, and the prefix and high bit
/// that turn one ISO 2022 character into that encoding's bytes (JIS X 0208 "0x30 0x21" becomes
/// EUC-JP "0xB0 0xA1").
struct IconvForm {
    const char* encoding = nullptr; ///< nullptr: no iconv needed (ASCII) or none exists (Unknown)
    std::string_view prefix;        ///< e.g. EUC-JP's single shift 3 (0x8F) for JIS X 0212
    int bytesPerChar = 1;           ///< 1 or 2 bytes of the ISO 2022 value per character
};

IconvForm iconvFormOf(CodeSet set);

/// True for the sets designated into G0 (the bytes 0x21-0x7E); the others go into G1.
bool isG0Set(CodeSet set);

/// True for UTF-8, GB18030 and GBK, which PS3.5 6.1.2.5.4 forbids to combine with others.
bool isStandAlone(CodeSet set);

/// One term of (0008,0005): the sets it designates into G0 and G1 when it is the first value,
/// and whether it is one of the ISO 2022 forms (code extensions allowed).
struct Term {
    CodeSet g0 = CodeSet::Ascii;
    CodeSet g1 = CodeSet::None;
    bool codeExtensions = false;
    CodeSet extension = CodeSet::None; ///< a set the term makes available to escape sequences
                                       ///< only (JIS X 0208, JIS X 0212)
};

/// The term for a defined term of PS3.3 C.12.1.1.2 (exact spelling, without padding); nullopt
/// when the text is no defined term.
std::optional<Term> termNamed(std::string_view name);

/// The standard spelling for a common misspelling ("ISO IR 100", "ISO-IR 100", "iso_ir 100",
/// "ISO 2022-IR 87"); empty when `name` resembles no defined term.
std::string_view correctedTermName(std::string_view name);

/// The set an escape sequence designates, from the bytes after ESC (e.g. "$B", "-A", "$)C");
/// `length` receives how many of those bytes the sequence has. nullopt for an unknown sequence.
std::optional<CodeSet> setOfEscape(std::string_view afterEsc, std::size_t& length);

} // namespace voxdiff::core::dicom::text
