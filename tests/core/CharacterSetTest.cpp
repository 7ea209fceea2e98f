// SPDX-License-Identifier: BSD-3-Clause
// Decoding DICOM text through Specific Character Set (0008,0005): one test per rule of PS3.5
// 6.1, with the bytes built here. Expected characters are written as \u escapes so that the
// source says which code point is meant.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "dicom/text/CharacterSet.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::test {
namespace {

using core::dicom::text::CharacterSet;
using core::dicom::text::CharsetIssue;
using core::dicom::text::CharsetIssues;
using core::dicom::text::TextVr;

const std::string kEsc = "\x1b";

struct Decoded {
    std::string text;
    CharsetIssues issues = 0;
};

Decoded decode(const std::string& specificCharacterSet, const std::string& bytes,
               TextVr vr = TextVr::PersonName) {
    const CharacterSet cs = CharacterSet::fromSpecificCharacterSet(specificCharacterSet);
    Decoded d;
    d.issues = cs.issues();
    d.text = cs.decode(bytes, vr, d.issues);
    EXPECT_TRUE(core::isValidUtf8(d.text)) << specificCharacterSet;
    return d;
}

bool has(CharsetIssues issues, CharsetIssue issue) {
    return (issues & static_cast<std::uint32_t>(issue)) != 0;
}

TEST(CharacterSet, ReadsTermsWithAnEmptyFirstValueAsTheDefaultRepertoire) {
    const CharacterSet none = CharacterSet::fromSpecificCharacterSet("");
    EXPECT_TRUE(none.isDefault());
    const CharacterSet japanese = CharacterSet::fromSpecificCharacterSet("\\ISO 2022 IR 87 ");
    ASSERT_EQ(japanese.terms().size(), 2u);
    EXPECT_EQ(japanese.terms()[0], "");
    EXPECT_EQ(japanese.terms()[1], "ISO 2022 IR 87");
    EXPECT_EQ(japanese.issues(), 0u);
}

TEST(CharacterSet, DecodesEverySingleByteSetThroughIconv) {
    const struct {
        const char* term;
        std::string byte;
        const char* utf8;
    } cases[] = {
        {"ISO_IR 100", "\xe9", "\u00e9"}, {"ISO_IR 101", "\xb1", "\u0105"},
        {"ISO_IR 109", "\xa1", "\u0126"}, {"ISO_IR 110", "\xa1", "\u0104"},
        {"ISO_IR 126", "\xe1", "\u03b1"}, {"ISO_IR 127", "\xc7", "\u0627"},
        {"ISO_IR 138", "\xf9", "\u05e9"}, {"ISO_IR 144", "\xb1", "\u0411"},
        {"ISO_IR 148", "\xdd", "\u0130"}, {"ISO_IR 166", "\xa1", "\u0e01"},
        {"ISO_IR 13", "\xb1", "\uff71"},
    };
    for (const auto& c : cases) {
        const Decoded d = decode(c.term, "A" + c.byte + "^b");
        EXPECT_EQ(d.text, std::string("A") + c.utf8 + "^b") << c.term;
        EXPECT_EQ(d.issues, 0u) << c.term;
        // The same set named as an ISO 2022 term decodes the same way.
        const std::string iso2022 = std::string("ISO 2022 IR ") + (c.term + 7);
        EXPECT_EQ(decode(iso2022, "A" + c.byte).text, std::string("A") + c.utf8) << iso2022;
    }
}

TEST(CharacterSet, DecodesTheStandAloneMultiByteSets) {
    EXPECT_EQ(decode("ISO_IR 192", "Wang^\xe7\x8e\x8b").text, "Wang^\u738b");
    EXPECT_EQ(decode("GB18030", "Wang^\xcd\xf5").text, "Wang^\u738b");
    EXPECT_EQ(decode("GBK", "\xcd\xf5").text, "\u738b");
    // A GBK character whose second byte is 0x5C is not a value separator.
    EXPECT_EQ(decode("GBK", "\x81\x5c", TextVr::MultiValue).text, "\u4e57");
    EXPECT_EQ(decode("GB18030", "\xa8\xa6").text, "\u00e9");
}

TEST(CharacterSet, SwitchesG0ToJisX0208AndBackWithEscapeSequences) {
    // ESC $ B designates JIS X 0208 into G0; ESC ( B gives G0 back to ASCII.
    const Decoded d =
        decode("\\ISO 2022 IR 87", "Yamada=" + kEsc + "$B\x3b\x33\x45\x44" + kEsc + "(B^x");
    EXPECT_EQ(d.text, "Yamada=\u5c71\u7530^x");
    EXPECT_EQ(d.issues, 0u);
}

TEST(CharacterSet, KeepsDelimiterBytesThatArePartOfATwoByteCharacter) {
    // 0x30 0x5E is one JIS X 0208 character: its 0x5E is not the '^' of a person name.
    const Decoded d =
        decode("\\ISO 2022 IR 87", kEsc + "$B\x30\x5e" + kEsc + "(B^x", TextVr::PersonName);
    EXPECT_EQ(d.text, "\u7def^x");
}

TEST(CharacterSet, DecodesJisX0212AndHalfWidthKatakana) {
    EXPECT_EQ(decode("\\ISO 2022 IR 159", kEsc + "$(D\x2b\x26" + kEsc + "(B").text, "\u01ce");
    // ISO 2022 IR 13 as the first value: Katakana in G1 from the start, Romaji (read as ASCII)
    // in G0.
    const Decoded d = decode("ISO 2022 IR 13\\ISO 2022 IR 87",
                             "\xd4\xcf^" + kEsc + "$B\x3b\x33" + kEsc + "(J^\xd4");
    EXPECT_EQ(d.text, "\uff94\uff8f^\u5c71^\uff94");
    EXPECT_EQ(d.issues, 0u);
}

TEST(CharacterSet, DecodesKoreanAndChineseDesignatedIntoG1) {
    EXPECT_EQ(decode("\\ISO 2022 IR 149", "Hong=" + kEsc + "$)C\xc8\xab\xb1\xe6\xb5\xbf").text,
              "Hong=\ud64d\uae38\ub3d9");
    EXPECT_EQ(decode("\\ISO 2022 IR 58", "Wang=" + kEsc + "$)A\xcd\xf5").text, "Wang=\u738b");
}

TEST(CharacterSet, ResetsToTheFirstValueAtPersonNameDelimiters) {
    // After '^' (and '=') the first value's sets are active again: here nothing in G1, so the
    // second 0xE1 is read as Latin-1 and reported.
    for (const char* delimiter : {"^", "="}) {
        const Decoded d =
            decode("\\ISO 2022 IR 126", kEsc + "-F\xe1" + delimiter + "\xe1", TextVr::PersonName);
        EXPECT_EQ(d.text, std::string("\u03b1") + delimiter + "\u00e1") << delimiter;
        EXPECT_TRUE(has(d.issues, CharsetIssue::UndeclaredBytes));
    }
}

TEST(CharacterSet, ResetsAtTheValueSeparatorOnlyForMultiValuedVrs) {
    const std::string bytes = kEsc + "-F\xe1\\\xe1";
    EXPECT_EQ(decode("\\ISO 2022 IR 126", bytes, TextVr::MultiValue).text, "\u03b1\\\u00e1");
    // In ST, LT and UT a backslash is a character; '^' is a character in LO.
    EXPECT_EQ(decode("\\ISO 2022 IR 126", bytes, TextVr::Text).text, "\u03b1\\\u03b1");
    EXPECT_EQ(decode("\\ISO 2022 IR 126", kEsc + "-F\xe1^\xe1", TextVr::MultiValue).text,
              "\u03b1^\u03b1");
}

TEST(CharacterSet, ResetsAtControlCharactersInEveryVr) {
    const Decoded d = decode("\\ISO 2022 IR 126", kEsc + "-F\xe1\r\n\xe1", TextVr::Text);
    EXPECT_EQ(d.text, "\u03b1\r\n\u00e1");
    // Even a two-byte G0 set ends at a control character.
    EXPECT_EQ(decode("\\ISO 2022 IR 87", kEsc + "$B\x3b\x33\tAB", TextVr::Text).text, "\u5c71\tAB");
}

TEST(CharacterSet, ReplacesAnUnknownEscapeSequenceAndGoesOn) {
    const Decoded d = decode("\\ISO 2022 IR 87", "a" + kEsc + "(Zb");
    EXPECT_EQ(d.text, "a\ufffdb");
    EXPECT_TRUE(has(d.issues, CharsetIssue::UnknownEscape));
}

TEST(CharacterSet, HonoursButReportsAnEscapeToAnUndeclaredSet) {
    const Decoded d = decode("ISO_IR 100", kEsc + "-F\xe1");
    EXPECT_EQ(d.text, "\u03b1");
    EXPECT_TRUE(has(d.issues, CharsetIssue::UndeclaredEscape));
}

TEST(CharacterSet, ReplacesBytesOfAnUnknownTermWithoutLosingAscii) {
    const Decoded d = decode("ISO_IR 999", "Caf\xe9^Jo");
    EXPECT_EQ(d.text, "Caf\ufffd^Jo");
    EXPECT_TRUE(has(d.issues, CharsetIssue::UnknownTerm));
}

TEST(CharacterSet, CorrectsCommonMisspellingsOfTerms) {
    for (const char* term : {"ISO IR 100", "ISO-IR 100", "iso_ir 100", "ISO_IR_100"}) {
        const Decoded d = decode(term, "\xe9");
        EXPECT_EQ(d.text, "\u00e9") << term;
        EXPECT_TRUE(has(d.issues, CharsetIssue::CorrectedTerm)) << term;
    }
}

TEST(CharacterSet, IgnoresCodeExtensionsOfStandAloneSets) {
    const Decoded utf8First = decode("ISO_IR 192\\ISO 2022 IR 87", "\xc3\xa9");
    EXPECT_EQ(utf8First.text, "\u00e9");
    EXPECT_TRUE(has(utf8First.issues, CharsetIssue::IgnoredTerm));
    const Decoded utf8Later = decode("ISO 2022 IR 100\\ISO_IR 192", "\xe9");
    EXPECT_EQ(utf8Later.text, "\u00e9");
    EXPECT_TRUE(has(utf8Later.issues, CharsetIssue::IgnoredTerm));
}

TEST(CharacterSet, ReadsUndeclaredBytesAsUtf8WhenTheyAreUtf8AndAsLatin1Otherwise) {
    const Decoded utf8 = decode("", "J\xc3\xa9r\xc3\xb4me");
    EXPECT_EQ(utf8.text, "J\u00e9r\u00f4me");
    EXPECT_TRUE(has(utf8.issues, CharsetIssue::UndeclaredBytes));
    const Decoded latin1 = decode("", "J\xe9r\xf4me");
    EXPECT_EQ(latin1.text, "J\u00e9r\u00f4me");
    EXPECT_TRUE(has(latin1.issues, CharsetIssue::UndeclaredBytes));
}

TEST(CharacterSet, ReplacesInvalidAndTruncatedMultiByteCharacters) {
    const Decoded utf8 = decode("ISO_IR 192", "a\xe7\x8e");
    EXPECT_EQ(utf8.text, "a\ufffd");
    EXPECT_TRUE(has(utf8.issues, CharsetIssue::InvalidBytes));
    const Decoded jis = decode("\\ISO 2022 IR 87", kEsc + "$B\x3b");
    EXPECT_EQ(jis.text, "\ufffd");
    EXPECT_TRUE(has(jis.issues, CharsetIssue::InvalidBytes));
    const Decoded korean = decode("\\ISO 2022 IR 149", kEsc + "$)C\xc8");
    EXPECT_EQ(korean.text, "\ufffd");
}

TEST(CharacterSet, NeverReturnsInvalidUtf8WhateverTheBytes) {
    std::mt19937 random(18);
    std::uniform_int_distribution<int> byte(0, 255);
    for (const char* term : {"", "ISO_IR 100", "ISO_IR 192", "GB18030", "GBK", "ISO_IR 13",
                             "\\ISO 2022 IR 87\\ISO 2022 IR 159", "ISO 2022 IR 13\\ISO 2022 IR 87",
                             "\\ISO 2022 IR 149", "\\ISO 2022 IR 58", "BOGUS"}) {
        const CharacterSet cs = CharacterSet::fromSpecificCharacterSet(term);
        for (int n = 0; n < 200; ++n) {
            std::string bytes;
            for (int b = 0; b < 24; ++b) {
                // Escapes often, so that every designation gets exercised.
                bytes += static_cast<char>(b % 5 == 0 ? 0x1b : byte(random));
            }
            CharsetIssues issues = 0;
            for (TextVr vr : {TextVr::Text, TextVr::MultiValue, TextVr::PersonName}) {
                ASSERT_TRUE(core::isValidUtf8(cs.decode(bytes, vr, issues))) << term;
            }
        }
    }
}

TEST(Utf8, ReplacesEachMaximalIllFormedSubsequenceWithOneReplacementCharacter) {
    EXPECT_EQ(core::toValidUtf8("plain \u00e9\u738b\U0001F600"), "plain \u00e9\u738b\U0001F600");
    EXPECT_EQ(core::toValidUtf8("K\xf6ln"), "K\ufffdln");
    EXPECT_EQ(core::toValidUtf8("\xc0\xaf"), "\ufffd\ufffd");                     // overlong
    EXPECT_EQ(core::toValidUtf8("\xed\xa0\x80"), "\ufffd\ufffd\ufffd");           // surrogate
    EXPECT_EQ(core::toValidUtf8("\xe2\x82"), "\ufffd");                           // cut short
    EXPECT_EQ(core::toValidUtf8("\xf4\x90\x80\x80"), "\ufffd\ufffd\ufffd\ufffd"); // > U+10FFFF
    EXPECT_FALSE(core::isValidUtf8("\xff"));
    EXPECT_EQ(core::pathToUtf8(std::filesystem::path("/tmp/d\xe9j\xe0")), "/tmp/d\ufffdj\ufffd");
}

} // namespace
} // namespace voxdiff::test
