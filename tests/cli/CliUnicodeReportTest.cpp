// SPDX-License-Identifier: BSD-3-Clause
// A comparison under a folder named "Äneas Rüdiger 山田": the PDF embeds every font and its text
// (pdftotext) holds the name exactly; the HTML and the JSON are valid UTF-8 with the same name.
#include <glib.h>
#include <gtest/gtest.h>

#include "PdfTools.h"
#include "UnicodeReportFixture.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

bool validUtf8(const std::string& bytes) {
    return g_utf8_validate(bytes.data(), static_cast<gssize>(bytes.size()), nullptr) == TRUE;
}

TEST_F(UnicodeFolderReports, PdfEmbedsEveryFontAndPdftotextHoldsTheNameExactly) {
    VOXDIFF_REQUIRE_POPPLER();
    const auto r = compare("report", true);
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    const fs::path pdf = report("report", "pdf");
    std::string error;
    const auto fonts = pdfFonts(pdf, &error);
    EXPECT_EQ(error, "");
    ASSERT_FALSE(fonts.empty());
    bool cjkFont = false;
    for (const auto& f : fonts) {
        EXPECT_TRUE(f.embedded) << f.name << " (" << f.type << ") is not embedded";
        EXPECT_TRUE(f.hasToUnicode) << f.name;
        cjkFont = cjkFont || f.name.find("CJK") != std::string::npos;
    }
    EXPECT_TRUE(cjkFont) << "fontconfig found no CJK font for 山田 (fonts-noto-cjk)";

    const std::string text = pdfTextOneLine(pdf, &error);
    EXPECT_EQ(error, "");
    EXPECT_NE(text.find(kUnicodeFolderName + "/pet_suv.nii.gz"), std::string::npos) << text;
    EXPECT_NE(text.find(kUnicodeFolderName + "/pet_dicom"), std::string::npos);
    EXPECT_NE(text.find("EQUIVALENT"), std::string::npos);
    EXPECT_EQ(text.find('?' + std::string("neas")), std::string::npos) << "no WinAnsi fallback";
}

TEST_F(UnicodeFolderReports, PdfRendersAt72And150Dpi) {
    VOXDIFF_REQUIRE_POPPLER();
    const auto r = compare("report", true);
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    int pagesLow = 0, widthLow = 0, pagesHigh = 0, widthHigh = 0;
    expectPagesRender(report("report", "pdf"), 72, m_dir.path(), &pagesLow, &widthLow);
    expectPagesRender(report("report", "pdf"), 150, m_dir.path(), &pagesHigh, &widthHigh);
    EXPECT_GE(pagesLow, 3);
    EXPECT_EQ(pagesHigh, pagesLow);
    EXPECT_EQ(widthLow, 596) << "A4 (595.28 pt) at 72 dpi, rounded up";
    EXPECT_EQ(widthHigh, 1241);
}

TEST_F(UnicodeFolderReports, HtmlAndJsonAreValidUtf8WithTheSameName) {
    const auto r = compare("report", true);
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    const std::string html = readTextFile(report("report", "html"));
    const std::string json = readTextFile(report("report", "json"));
    EXPECT_TRUE(validUtf8(html));
    EXPECT_TRUE(validUtf8(json));
    const std::string nifti = (folder() / "pet_suv.nii.gz").string();
    const std::string dicom = (folder() / "pet_dicom").string();
    EXPECT_NE(html.find(nifti), std::string::npos);
    EXPECT_NE(html.find(dicom), std::string::npos);
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);

    const auto parsed = core::Json::parse(json);
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    EXPECT_EQ(parsed.value()["first"]["path"].asString(), nifti);
    EXPECT_EQ(parsed.value()["second"]["path"].asString(), dicom);
    EXPECT_NE(json.find(kUnicodeFolderName), std::string::npos) << "written as UTF-8, not \\u";
}

} // namespace
} // namespace voxdiff::test
