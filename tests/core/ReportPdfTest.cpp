// The PDF report, checked with poppler: pdftoppm renders every page, pdftotext finds the
// verdict and the numbers. Skips loudly without poppler, fails under CI.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ReportTestSupport.h"
#include "RunProcess.h"
#include "TestData.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

// The program's full path from $PATH; empty when absent.
std::string findProgram(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream ss(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        const fs::path candidate = fs::path(dir) / name;
        if (fs::exists(candidate)) {
            return candidate.string();
        }
    }
    return {};
}

#define VOXDIFF_REQUIRE_POPPLER()                                                                  \
    do {                                                                                           \
        if (findProgram("pdftoppm").empty() || findProgram("pdftotext").empty()) {                 \
            if (runningUnderCi()) {                                                                \
                FAIL() << "poppler-utils (pdftoppm, pdftotext) missing: CI must check the PDF";    \
            }                                                                                      \
            GTEST_SKIP() << "SKIPPED: poppler-utils not installed; the PDF was not checked";       \
        }                                                                                          \
    } while (0)

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Share of pixels of a binary PPM (P6) that are not white.
double inkedShare(const fs::path& ppm) {
    std::ifstream in(ppm, std::ios::binary);
    std::string magic;
    int w = 0, h = 0, maxValue = 0;
    in >> magic >> w >> h >> maxValue;
    in.get();
    if (magic != "P6" || w <= 0 || h <= 0) {
        return -1.0;
    }
    std::string pixels(static_cast<std::size_t>(3 * w * h), '\0');
    in.read(pixels.data(), static_cast<std::streamsize>(pixels.size()));
    std::size_t inked = 0;
    for (std::size_t n = 0; n + 2 < pixels.size(); n += 3) {
        if (static_cast<unsigned char>(pixels[n]) < 250 ||
            static_cast<unsigned char>(pixels[n + 1]) < 250 ||
            static_cast<unsigned char>(pixels[n + 2]) < 250) {
            ++inked;
        }
    }
    return static_cast<double>(inked) / static_cast<double>(w * h);
}

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
    EXPECT_NE(pdf.find("/BaseFont /Helvetica"), std::string::npos);
    EXPECT_NE(pdf.find("/Subtype /Image"), std::string::npos);
}

TEST(PdfReport, EveryPageRendersWithPdftoppmAndIsNotBlank) {
    VOXDIFF_REQUIRE_POPPLER();
    const auto d = makeReportFixture();
    TempDir dir;
    const fs::path pdf = dir / "report.pdf";
    ASSERT_TRUE(core::writePdfReport(d.report, pdf, false).ok());
    const auto info =
        runProcess(findProgram("pdftoppm"), {"-r", "30", pdf.string(), (dir / "page").string()});
    ASSERT_EQ(info.exitCode, 0) << info.err;
    EXPECT_EQ(info.err, "") << "poppler complained about the file";
    int pages = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        if (e.path().extension() == ".ppm") {
            ++pages;
            const double share = inkedShare(e.path());
            EXPECT_GT(share, 0.01) << e.path() << " looks blank";
        }
    }
    EXPECT_GE(pages, 3) << "title, pictures, statistics and matrices take several A4 pages";
    const std::string text = readFile(pdf);
    EXPECT_NE(text.find("/Count " + std::to_string(pages)), std::string::npos)
        << "pdftoppm rendered every page the document declares";
}

TEST(PdfReport, PdftotextFindsVerdictGeometryAndKeyNumbers) {
    VOXDIFF_REQUIRE_POPPLER();
    const auto d = makeReportFixture();
    TempDir dir;
    const fs::path pdf = dir / "report.pdf";
    ASSERT_TRUE(core::writePdfReport(d.report, pdf, false).ok());
    const auto r = runProcess(findProgram("pdftotext"), {pdf.string(), "-"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string& text = r.out;
    EXPECT_NE(text.find("DIFFERENT"), std::string::npos);
    EXPECT_NE(text.find("k axis reversed"), std::string::npos);
    const auto& v = d.comparison.values;
    for (double number : {v.maxAbsDiff, v.rmse, v.meanAbsDiff}) {
        EXPECT_NE(text.find(sixDigits(number)), std::string::npos) << sixDigits(number);
    }
    EXPECT_NE(text.find("test finding about first"), std::string::npos);
    EXPECT_NE(text.find("ijkToRas"), std::string::npos);
}

} // namespace
} // namespace voxdiff::test
