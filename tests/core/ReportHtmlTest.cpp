// SPDX-License-Identifier: BSD-3-Clause
// The report model and its HTML: every section present, numbers equal to the JSON report's,
// and a document that needs nothing outside itself.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <regex>

#include "ReportTestSupport.h"
#include "TestData.h"
#include "voxdiff/ComparisonReport.h"
#include "voxdiff/DisplayConvention.h"
#include "voxdiff/ImageFacts.h"

namespace voxdiff::test {
namespace {

using core::Json;

// The HTML without the payload of its data: URIs (base64 may contain "//").
std::string withoutDataPayloads(const std::string& html) {
    std::string out;
    std::size_t pos = 0;
    const std::string marker = "data:image/png;base64,";
    while (true) {
        const std::size_t at = html.find(marker, pos);
        if (at == std::string::npos) {
            out += html.substr(pos);
            return out;
        }
        out += html.substr(pos, at - pos) + "data:";
        pos = html.find('"', at);
    }
}

const Json& jsonAt(const Json& root, const std::string& path) {
    const Json* j = &root;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        const std::size_t end = std::min(path.find('/', pos), path.size());
        j = &(*j)[path.substr(pos, end - pos)];
        pos = end + 1;
    }
    return *j;
}

TEST(ReportModel, HoldsVerdictGeometryPicturesChartsStatisticsMatricesAndDiagnostics) {
    const auto d = makeReportFixture();
    const core::ReportModel& r = d.report;
    EXPECT_EQ(r.verdict, core::Verdict::Different);
    EXPECT_EQ(r.verdictWord, "DIFFERENT");
    EXPECT_FALSE(r.verdictReason.empty());
    EXPECT_NE(r.geometryExplanation.find("k axis reversed"), std::string::npos)
        << r.geometryExplanation;
    ASSERT_EQ(r.figures.size(), 2u);
    EXPECT_EQ(r.figures[0].images.size(), 12u) << "first, second, fused, difference x 3";
    EXPECT_EQ(r.figures[1].images.size(), 6u) << "fused, difference x 3 at the largest difference";
    for (const auto& f : r.figures) {
        for (const auto& img : f.images) {
            EXPECT_GT(img.image.width, 0);
            EXPECT_EQ(img.image.rgb.size(),
                      static_cast<std::size_t>(3 * img.image.width * img.image.height));
            EXPECT_FALSE(img.sides.left.empty());
        }
    }
    ASSERT_EQ(r.charts.size(), 2u);
    EXPECT_EQ(r.charts[0].values.size() + 1, r.charts[0].x.size());
    EXPECT_EQ(r.charts[1].values.size(), 12u) << "one point per slice k";
    EXPECT_FALSE(r.statistics.empty());
    ASSERT_EQ(r.matrices.size(), 2u);
    EXPECT_EQ(r.matrices[0].first.at(0, 0), -2.0) << "ijkToRas flips x";
    EXPECT_EQ(r.matrices[1].first.at(0, 0), 2.0);
    ASSERT_FALSE(r.diagnostics.empty());
    EXPECT_EQ(r.diagnostics[0].about, "first image");
}

TEST(ReportModel, CursorDefaultsToTheCentreOfTheFirstGridAndCanBeSet) {
    auto d = makeReportFixture();
    EXPECT_NE(d.report.figures[0].title.find("RAS (0, 0, 0) mm"), std::string::npos)
        << d.report.figures[0].title;
    core::ReportOptions ro;
    ro.cursorLps = core::Vec3{-5, 3, 7.5};
    const auto r = core::buildReport(d.first, d.second, d.comparison, d.options, ro);
    EXPECT_NE(r.figures[0].title.find("RAS (5, -3, 7.5) mm"), std::string::npos)
        << r.figures[0].title;
}

TEST(ReportModel, MaxDifferencePanelsAreCutThroughTheLargestDifference) {
    const auto d = makeReportFixture();
    const auto& loc = d.comparison.values.maxAbsDiffLocation;
    EXPECT_EQ(loc.indexFirst, (core::Index3{12, 7, 4}));
    EXPECT_NE(d.report.figures[1].title.find("|difference| 2.5"), std::string::npos)
        << d.report.figures[1].title;
}

TEST(HtmlReport, IsSelfContainedWithNoExternalReference) {
    const auto d = makeReportFixture();
    const std::string html = core::renderHtmlReport(d.report);
    const std::string text = withoutDataPayloads(html);
    for (const char* banned : {"http:", "https:", "//", "<link", "<script", "@import", "url(",
                               "@font-face", "<iframe", "<object", "<embed", "ftp:", "file:"}) {
        EXPECT_EQ(text.find(banned), std::string::npos) << "found " << banned;
    }
    // Every src= is an inline image (found without std::regex, whose recursion overflows the
    // stack on a chart's long payload).
    int images = 0;
    for (std::size_t at = html.find("src=\""); at != std::string::npos;
         at = html.find("src=\"", at + 5)) {
        EXPECT_EQ(html.compare(at + 5, 22, "data:image/png;base64,"), 0);
        ++images;
    }
    EXPECT_EQ(images, 20) << "18 slice pictures and 2 charts";
}

TEST(HtmlReport, EachVerdictIsDrawnInTheCoresColourRescaledInAmber) {
    auto d = makeReportFixture();
    for (core::Verdict v : {core::Verdict::Identical, core::Verdict::Equivalent,
                            core::Verdict::Rescaled, core::Verdict::Different}) {
        d.report.verdict = v;
        const std::string html = core::renderHtmlReport(d.report);
        const core::VerdictColours c = core::verdictColours(v);
        const std::string cls = std::string(".verdict.") + core::verdictName(v);
        EXPECT_NE(html.find(cls + " { background: " + core::hexColour(c.fill)), std::string::npos)
            << cls;
        EXPECT_NE(html.find(cls + " .word { color: " + core::hexColour(c.ink)), std::string::npos)
            << cls;
    }
    // Rescaled means the values differ (exit status 1) by one named factor: neither the green of
    // agreement nor the red of a difference without a cause.
    const auto rescaled = core::verdictColours(core::Verdict::Rescaled);
    EXPECT_NE(rescaled.ink, core::verdictColours(core::Verdict::Equivalent).ink);
    EXPECT_NE(rescaled.ink, core::verdictColours(core::Verdict::Different).ink);
    EXPECT_EQ(core::hexColour(rescaled.fill), "#fff3e0");
}

TEST(ImageFacts, TheReportsTableIsTheCoresFactRows) {
    const auto d = makeReportFixture();
    const auto rows = core::imageFactRows(&d.first, &d.second);
    ASSERT_EQ(d.report.imagesTable.rows.size(), rows.size());
    for (std::size_t n = 0; n < rows.size(); ++n) {
        const auto& cells = d.report.imagesTable.rows[n];
        ASSERT_EQ(cells.size(), 3u);
        EXPECT_EQ(cells[0], rows[n].label);
        EXPECT_EQ(cells[1], rows[n].first);
        EXPECT_EQ(cells[2], rows[n].second);
    }
    // A side not loaded yet (the viewer before the second image) has empty values.
    for (const auto& row : core::imageFactRows(&d.first, nullptr)) {
        EXPECT_TRUE(row.second.empty()) << row.label;
        EXPECT_FALSE(row.differs()) << row.label;
    }
}

TEST(ImageFacts, ScalingTextSaysHowStoredValuesBecameValues) {
    core::Scaling s;
    s.kind = core::ScalingKind::DicomRescale;
    s.storedType = "int16";
    s.perSliceK = {{0.5, 0.0}, {1.25, 0.0}};
    EXPECT_EQ(core::scalingText(s), std::string(core::scalingKindName(s.kind)) +
                                        ", stored int16, slope per slice 0.5 to 1.25");
    s.perSliceK = {{0.5, 0.0}, {0.5, 0.0}};
    EXPECT_EQ(core::scalingText(s), std::string(core::scalingKindName(s.kind)) +
                                        ", stored int16, slope 0.5 on every slice");
    EXPECT_EQ(core::displayPoint({-0.0, 1.5, -2.0}), "(0, 1.5, -2)");
    EXPECT_EQ(core::displayMatrix(core::Matrix4::identity()),
              "1  0  0  0\n0  1  0  0\n0  0  1  0\n0  0  0  1");
}

TEST(HtmlReport, HasEverySectionVerdictFirst) {
    const auto d = makeReportFixture();
    const std::string html = core::renderHtmlReport(d.report);
    std::size_t last = 0;
    for (const char* id :
         {"id=\"verdict\"", "id=\"geometry\"", "id=\"figure-cursor\"", "id=\"figure-max-diff\"",
          "id=\"chart-histogram\"", "id=\"chart-per-slice\"", "id=\"statistics\"",
          "id=\"image-facts\"", "id=\"matrices\"", "id=\"diagnostics\""}) {
        const std::size_t at = html.find(id);
        ASSERT_NE(at, std::string::npos) << id;
        EXPECT_GT(at, last) << id << " out of order";
        last = at;
    }
    EXPECT_NE(html.find("class=\"verdict different\""), std::string::npos);
    EXPECT_NE(html.find(">DIFFERENT<"), std::string::npos);
    EXPECT_NE(html.find("test finding about first"), std::string::npos);
    EXPECT_NE(html.find("<img class=\"chart\""), std::string::npos);
    for (const char* letter : {">R<", ">L<", ">A<", ">P<", ">S<", ">I<"}) {
        EXPECT_NE(html.find(letter), std::string::npos) << letter;
    }
}

TEST(HtmlReport, NumbersEqualTheJsonReport) {
    const auto d = makeReportFixture();
    const std::string html = core::renderHtmlReport(d.report);
    const Json json = core::comparisonToJson(d.comparison, d.first, d.second, d.options);
    const std::regex cell(R"re(data-json="([^"]+)">([^<]*)<)re");
    int checked = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), cell);
         it != std::sregex_iterator(); ++it) {
        std::string path = (*it)[1].str();
        const std::string shown = (*it)[2].str();
        double scale = 1.0;
        if (const auto star = path.find('*'); star != std::string::npos) {
            scale = std::stod(path.substr(star + 1));
            path = path.substr(0, star);
        }
        const Json& expected = jsonAt(json, path);
        if (expected.isString()) {
            EXPECT_EQ(shown, expected.asString()) << path;
        } else {
            ASSERT_TRUE(expected.isNumber()) << path;
            const double value = expected.asNumber() * scale;
            const double parsed = std::strtod(shown.c_str(), nullptr);
            EXPECT_NEAR(parsed, value, 1e-5 * std::max(1.0, std::fabs(value)))
                << path << " shown as " << shown;
        }
        ++checked;
    }
    EXPECT_GE(checked, 20) << "the statistics table ties its numbers to the JSON";
}

TEST(HtmlReport, WritesThroughSafeOutputAndRefusesToOverwrite) {
    const auto d = makeReportFixture();
    TempDir dir;
    const auto path = dir / "report.html";
    ASSERT_TRUE(core::writeHtmlReport(d.report, path, false).ok());
    EXPECT_TRUE(std::filesystem::is_regular_file(path));
    const auto again = core::writeHtmlReport(d.report, path, false);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, core::ErrorCode::OutputExists);
    EXPECT_TRUE(core::writeHtmlReport(d.report, path, true).ok());
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) {
        ++files;
    }
    EXPECT_EQ(files, 1) << "no temporary left behind";
}

} // namespace
} // namespace voxdiff::test
