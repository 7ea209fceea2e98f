// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "Markup.h"
#include "TextFormat.h"
#include "report/ChartDrawing.h"
#include "voxdiff/DisplayConvention.h"
#include "voxdiff/Report.h"

namespace voxdiff::core {

namespace {

// Everything the page needs is in this file: no font, stylesheet or script is fetched.
constexpr const char* kStyle = R"(
body { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: #222; margin: 24px auto;
       max-width: 1100px; padding: 0 16px; line-height: 1.4; }
h1 { font-size: 22px; margin: 0 0 4px 0; }
h2 { font-size: 18px; border-bottom: 1px solid #ccc; padding-bottom: 3px; margin-top: 28px; }
.files { color: #555; font-size: 13px; }
.verdict { border-radius: 6px; padding: 14px 18px; margin: 16px 0; }
.verdict .word { font-size: 40px; font-weight: bold; letter-spacing: 1px; }
.verdict p { font-size: 16px; margin: 6px 0 0 0; }
.explanation { font-size: 16px; }
.details { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px;
           color: #444; }
.note { color: #555; font-size: 13px; }
.grid { display: grid; grid-template-columns: repeat(3, auto); gap: 10px 18px;
        justify-content: start; margin-bottom: 8px; }
figure { margin: 0; }
.frame { display: grid; grid-template-columns: 14px auto 14px; align-items: center;
         justify-items: center; font-weight: bold; font-size: 12px; color: #333; }
.frame img { image-rendering: pixelated; display: block; border: 1px solid #999; }
figcaption { font-size: 12px; text-align: center; }
figcaption .scale { color: #666; font-size: 11px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.matrices { display: flex; gap: 24px; flex-wrap: wrap; }
pre { font-size: 12px; background: #f7f7f7; padding: 6px 10px; margin: 4px 0; }
.diag.warning { color: #8a4b00; }
img.chart { display: block; margin: 8px 0; background: #fff; }
footer { color: #777; font-size: 12px; margin-top: 32px; }
)";

std::string escape(const std::string& s) {
    return escapeMarkup(s, MarkupPlace::Content);
}

std::string escapeAttr(const std::string& s) {
    return escapeMarkup(s, MarkupPlace::Attribute);
}

// The chart as drawn for the PDF, as a PNG at twice its size (sharp on high-density screens).
std::string chartHtml(const ReportChart& chart) {
    constexpr double kWidth = 760.0;
    constexpr double kHeight = 260.0;
    const std::string png = report::renderChartPng(chart, kWidth, kHeight, 2.0);
    std::ostringstream os;
    os << "<img class=\"chart\" id=\"chart-" << escapeAttr(chart.id) << "\" alt=\""
       << escapeAttr(chart.title) << "\" width=\"" << kWidth << "\" height=\"" << kHeight
       << "\" src=\"data:image/png;base64," << base64Encode(png) << "\">\n";
    return os.str();
}

void figureHtml(std::ostringstream& os, const ReportFigure& f) {
    int widest = 1;
    for (const auto& img : f.images) {
        widest = std::max({widest, img.image.width, img.image.height});
    }
    // One scale for the whole figure, so that millimetres look the same in every panel.
    const double scale = 300.0 / widest;
    os << "<section class=\"figure\" id=\"figure-" << escapeAttr(f.id) << "\">\n<h2>"
       << escape(f.title) << "</h2>\n<p class=\"note\">" << escape(f.note)
       << "</p>\n<div class=\"grid\">\n";
    for (const auto& img : f.images) {
        const std::string png = base64Encode(encodePng(img.image));
        os << "<figure class=\"" << sliceOrientationName(img.orientation)
           << "\"><div class=\"frame\"><span></span><span class=\"side top\">"
           << escape(img.sides.top) << "</span><span></span><span class=\"side left\">"
           << escape(img.sides.left) << "</span><img alt=\"" << escapeAttr(img.caption)
           << "\" width=\"" << static_cast<int>(img.image.width * scale + 0.5) << "\" height=\""
           << static_cast<int>(img.image.height * scale + 0.5) << "\" src=\"data:image/png;base64,"
           << png << "\"><span class=\"side right\">" << escape(img.sides.right)
           << "</span><span></span><span class=\"side bottom\">" << escape(img.sides.bottom)
           << "</span><span></span></div><figcaption>" << escape(img.caption)
           << "<br><span class=\"scale\">" << escape(img.scale)
           << "</span></figcaption></figure>\n";
    }
    os << "</div>\n</section>\n";
}

std::string matrixText(const Matrix4& m) {
    std::ostringstream os;
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 4; ++c) {
            os << formatFixedWidth(m.at(r, c), 4, 11);
        }
        os << "\n";
    }
    return os.str();
}

/// The verdict boxes' colours, from the core's one verdict colour rule.
std::string verdictStyle() {
    std::string css;
    for (Verdict v :
         {Verdict::Identical, Verdict::Equivalent, Verdict::Rescaled, Verdict::Different}) {
        const VerdictColours c = verdictColours(v);
        const std::string cls = std::string(".verdict.") + verdictName(v);
        css += cls + " { background: " + hexColour(c.fill) + "; border: 2px solid " +
               hexColour(c.border) + "; }\n" + cls + " .word { color: " + hexColour(c.ink) +
               "; }\n";
    }
    return css;
}

void headerHtml(std::ostringstream& os, const ReportModel& r) {
    os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
       << escape(r.title) << ": " << escape(r.verdictWord) << "</title>\n<style>" << kStyle
       << verdictStyle() << "</style>\n</head>\n<body>\n<header>\n<h1>" << escape(r.title)
       << "</h1>\n<div class=\"files\">First: <b>" << escape(r.firstName) << "</b><br>Second: <b>"
       << escape(r.secondName) << "</b></div>\n</header>\n";
    os << "<section id=\"verdict\" class=\"verdict " << verdictName(r.verdict)
       << "\">\n<div class=\"word\">" << escape(r.verdictWord) << "</div>\n<p>"
       << escape(r.verdictReason) << "</p>\n</section>\n";
}

void geometryHtml(std::ostringstream& os, const ReportModel& r) {
    os << "<section id=\"geometry\">\n<h2>Geometry: how the two grids relate</h2>\n"
          "<p class=\"explanation\">"
       << escape(r.geometryExplanation) << "</p>\n<ul class=\"details\">\n";
    for (const auto& d : r.geometryDetails) {
        os << "<li>" << escape(d) << "</li>\n";
    }
    os << "</ul>\n</section>\n";
}

void statisticsHtml(std::ostringstream& os, const ReportModel& r) {
    os << "<section id=\"statistics\">\n<h2>Statistics</h2>\n<table>\n";
    for (const auto& row : r.statistics) {
        os << "<tr><td>" << escape(row.label) << "</td><td class=\"num\"";
        if (!row.jsonPath.empty()) {
            os << " data-json=\"" << escapeAttr(row.jsonPath) << "\"";
        }
        os << ">" << escape(row.value) << "</td></tr>\n";
    }
    os << "</table>\n</section>\n";
}

void tableHtml(std::ostringstream& os, const ReportTable& t) {
    os << "<section id=\"" << escapeAttr(t.id) << "\">\n<h2>" << escape(t.title)
       << "</h2>\n<table>\n<tr>";
    for (const auto& h : t.header) {
        os << "<th>" << escape(h) << "</th>";
    }
    os << "</tr>\n";
    for (const auto& row : t.rows) {
        os << "<tr>";
        for (std::size_t n = 0; n < row.size(); ++n) {
            os << (n == 0 ? "<th>" : "<td>") << escape(row[n]) << (n == 0 ? "</th>" : "</td>");
        }
        os << "</tr>\n";
    }
    os << "</table>\n</section>\n";
}

void matricesHtml(std::ostringstream& os, const ReportModel& r) {
    os << "<section id=\"matrices\">\n<h2>Index-to-physical matrices</h2>\n"
          "<p class=\"note\">Each maps a voxel index (i, j, k, 1) to the voxel's centre in mm."
          "</p>\n";
    for (const auto& m : r.matrices) {
        os << "<h3>" << escape(m.title) << "</h3>\n<div class=\"matrices\"><div>First<pre>"
           << matrixText(m.first) << "</pre></div><div>Second<pre>" << matrixText(m.second)
           << "</pre></div></div>\n";
    }
    os << "</section>\n";
}

void diagnosticsHtml(std::ostringstream& os, const ReportModel& r) {
    os << "<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n";
    if (r.diagnostics.empty()) {
        os << "<p>No findings about either image or the comparison.</p>\n";
    } else {
        os << "<ul>\n";
        for (const auto& d : r.diagnostics) {
            os << "<li class=\"diag " << severityName(d.diagnostic.severity) << "\"><b>"
               << escape(d.about) << ", " << severityName(d.diagnostic.severity) << "</b> ("
               << escape(d.diagnostic.code) << "): " << escape(d.diagnostic.message) << "</li>\n";
        }
        os << "</ul>\n";
    }
    os << "</section>\n";
}

} // namespace

std::string renderHtmlReport(const ReportModel& r) {
    std::ostringstream os;
    headerHtml(os, r);
    geometryHtml(os, r);
    os << "<section id=\"images\">\n";
    for (const auto& f : r.figures) {
        figureHtml(os, f);
    }
    os << "</section>\n";
    os << "<section id=\"charts\">\n<h2>Distribution of the differences</h2>\n";
    for (const auto& c : r.charts) {
        os << chartHtml(c);
    }
    os << "</section>\n";
    statisticsHtml(os, r);
    for (const ReportTable* t : tablesOf(r)) {
        tableHtml(os, *t);
    }
    matricesHtml(os, r);
    diagnosticsHtml(os, r);
    os << "<footer>Written by " << escape(r.generator)
       << ". Orientation letters: R right, L left, A anterior, P posterior, S superior, I "
          "inferior; axial and coronal views are radiological (the patient's right on the "
          "left of the picture).</footer>\n</body>\n</html>\n";
    return os.str();
}

Status writeHtmlReport(const ReportModel& report, const std::filesystem::path& path,
                       bool overwrite) {
    return writeFileSafely(path, renderHtmlReport(report), overwrite);
}

} // namespace voxdiff::core
