// SPDX-License-Identifier: BSD-3-Clause
// The PDF report drawn by cairo, checked with poppler: every font embedded, pdftoppm renders
// every page at two resolutions, pdftotext finds the verdict and the numbers. Skips loudly
// without poppler, fails under CI.
#include <gtest/gtest.h>

#include <cstdio>

#include "PdfTools.h"
#include "ReportTestSupport.h"
#include "RunProcess.h"
#include "TestData.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

std::string sixDigits(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

TEST(PdfReport, StartsLikeAPdfAndEndsWithItsCrossReference) {
    const auto d = makeReportFixture();
    const std::string pdf = core::renderPdfReport(d.report);
    EXPECT_EQ(pdf.rfind("%PDF-1.4", 0), 0u);
    EXPECT_NE(pdf.find("startxref"), std::string::npos);
    EXPECT_EQ(pdf.substr(pdf.size() - 6), "%%EOF\n");
    EXPECT_EQ(pdf.find("/BaseFont /Helvetica"), std::string::npos) << "no unembedded base font";
    EXPECT_NE(pdf.find("/Subtype /Image"), std::string::npos);
}

// The fixture's report written to report.pdf in a temporary folder.
class PdfReportFile : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(core::writePdfReport(m_data.report, pdf(), false).ok()); }
    fs::path pdf() const { return m_dir / "report.pdf"; }
    ReportFixtureData m_data = makeReportFixture();
    TempDir m_dir;
};

TEST_F(PdfReportFile, EmbedsEveryFontItUses) {
    VOXDIFF_REQUIRE_POPPLER();
    const fs::path pdf = this->pdf();
    std::string error;
    const auto fonts = pdfFonts(pdf, &error);
    EXPECT_EQ(error, "");
    ASSERT_GE(fonts.size(), 3u) << "regular, bold and monospaced";
    for (const auto& f : fonts) {
        EXPECT_TRUE(f.embedded) << f.name << " (" << f.type << ") is not embedded";
        EXPECT_TRUE(f.hasToUnicode) << f.name << " has no ToUnicode map: text would not copy";
        EXPECT_NE(f.name.find('+'), std::string::npos) << f.name << " is not a subset";
    }
}

TEST_F(PdfReportFile, EveryPageRendersAt72And150DpiAndIsNotBlank) {
    VOXDIFF_REQUIRE_POPPLER();
    const fs::path pdf = this->pdf();
    int pagesLow = 0, widthLow = 0, pagesHigh = 0, widthHigh = 0;
    expectPagesRender(pdf, 72, m_dir.path(), &pagesLow, &widthLow);
    expectPagesRender(pdf, 150, m_dir.path(), &pagesHigh, &widthHigh);
    EXPECT_GE(pagesLow, 3) << "title, pictures, statistics and matrices take several A4 pages";
    EXPECT_EQ(pagesHigh, pagesLow);
    EXPECT_EQ(widthLow, 596) << "A4 (595.28 pt) at 72 dpi, rounded up";
    EXPECT_EQ(widthHigh, 1241) << "A4 at 150 dpi, rounded up";
    const std::string text = readTextFile(pdf);
    EXPECT_NE(text.find("/Count " + std::to_string(pagesLow)), std::string::npos)
        << "pdftoppm rendered every page the document declares";
}

TEST_F(PdfReportFile, PdftotextFindsVerdictGeometryAndKeyNumbers) {
    VOXDIFF_REQUIRE_POPPLER();
    const fs::path pdf = this->pdf();
    std::string error;
    const std::string text = pdfTextOneLine(pdf, &error);
    EXPECT_EQ(error, "");
    EXPECT_NE(text.find("DIFFERENT"), std::string::npos);
    EXPECT_NE(text.find("k axis reversed"), std::string::npos);
    const auto& v = m_data.comparison.values;
    for (double number : {v.maxAbsDiff, v.rmse, v.meanAbsDiff}) {
        EXPECT_NE(text.find(sixDigits(number)), std::string::npos) << sixDigits(number);
    }
    // The diagnostic by its stable code (the message may wrap anywhere in the PDF's layout).
    EXPECT_NE(text.find("qform_sform_disagree"), std::string::npos) << text;
    EXPECT_NE(text.find("ijkToRas"), std::string::npos);
}

TEST(PdfReport, ShowsAnyScriptAndCutsLongWordsBetweenCharacters) {
    VOXDIFF_REQUIRE_POPPLER();
    auto d = makeReportFixture();
    // A path with no space wider than the page: cut by the wrapper, never inside a character.
    std::string longName;
    for (int n = 0; n < 30; ++n) {
        longName += "\xe5\xb1\xb1\xe7\x94\xb0\xc3\x84";
    }
    d.report.firstName = "/data/\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1/" + longName + ".nii";
    TempDir dir;
    const fs::path pdf = dir / "report.pdf";
    ASSERT_TRUE(core::writePdfReport(d.report, pdf, false).ok());
    std::string error;
    const std::string text = pdfTextOneLine(pdf, &error);
    EXPECT_EQ(error, "");
    EXPECT_NE(text.find("/data/\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1/"), std::string::npos)
        << "Greek";
    EXPECT_NE(text.find("\xe5\xb1\xb1\xe7\x94\xb0\xc3\x84\xe5\xb1\xb1\xe7\x94\xb0"),
              std::string::npos)
        << "CJK and Latin-1";
    EXPECT_EQ(text.find("\xef\xbf\xbd"), std::string::npos) << "no replacement character";
}

} // namespace
} // namespace voxdiff::test
