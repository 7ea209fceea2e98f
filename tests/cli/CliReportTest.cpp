// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli compare --html --pdf on the built-in demo pair, headless: the README's first
// command on a machine without a display.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "DemoPairFixture.h"
#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

using CliReport = DemoPairFixture;

TEST_F(CliReport, WritesHtmlAndPdfOfTheDemoPairAndSaysWhere) {
    const auto html = m_dir / "report.html";
    const auto pdf = m_dir / "report.pdf";
    const auto json = m_dir / "report.json";
    const auto r = runCli({"compare", nifti(), dicom(), "--suv", "--html", html.string(), "--pdf",
                           pdf.string(), "--json", json.string()});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Report written to " + html.string()), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Report written to " + pdf.string()), std::string::npos) << r.out;

    const std::string page = readTextFile(html);
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(page.find(">EQUIVALENT<"), std::string::npos);
    EXPECT_NE(page.find("k axis reversed"), std::string::npos);
    // The report core tests check self-containment in depth; here: nothing to fetch.
    EXPECT_EQ(page.find("src=\"http"), std::string::npos);
    EXPECT_EQ(page.find("href="), std::string::npos);
    auto parsed = core::Json::parse(readTextFile(json));
    ASSERT_TRUE(parsed.ok());
    char maxDiff[32];
    std::snprintf(maxDiff, sizeof maxDiff, "%.6g",
                  parsed.value()["values"]["max_abs_diff"].asNumber());
    EXPECT_NE(page.find(std::string("data-json=\"values/max_abs_diff\">") + maxDiff),
              std::string::npos)
        << maxDiff;

    const std::string doc = readTextFile(pdf);
    EXPECT_EQ(doc.rfind("%PDF-1.4", 0), 0u);
    for (const auto& e : fs::directory_iterator(m_dir.path())) {
        EXPECT_EQ(e.path().filename().string().rfind(".voxdiff-tmp", 0), std::string::npos)
            << "temporary left behind: " << e.path();
    }
}

TEST_F(CliReport, RefusesAnExistingReportWithoutForce) {
    const auto html = m_dir / "report.html";
    std::ofstream(html) << "keep me";
    const auto r = runCli({"compare", nifti(), dicom(), "--suv", "--html", html.string()});
    EXPECT_EQ(r.exitCode, 8) << r.out << r.err;
    EXPECT_EQ(readTextFile(html), "keep me");
    const auto forced =
        runCli({"compare", nifti(), dicom(), "--suv", "--html", html.string(), "--force"});
    EXPECT_EQ(forced.exitCode, 0) << forced.err;
    EXPECT_NE(readTextFile(html), "keep me");
}

TEST_F(CliReport, RefusesToWriteAReportIntoAnInputFolder) {
    const auto inside = fs::path(dicom()) / "report.pdf";
    const auto r = runCli({"compare", nifti(), dicom(), "--suv", "--pdf", inside.string()});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_FALSE(fs::exists(inside));
}

} // namespace
} // namespace voxdiff::test
