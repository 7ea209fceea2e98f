// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cstdio>

#include "TextFormat.h"
#include "report/Canvas.h"
#include "report/ChartDrawing.h"
#include "voxdiff/DisplayConvention.h"
#include "voxdiff/Report.h"

namespace voxdiff::core {

namespace {

// The pages are drawn on a cairo/pango canvas (the name stays to keep this file's diff small).
using PdfDocument = report::Canvas;
using Font = PdfDocument::Font;
using report::Rgb;

constexpr double kMargin = 42.0;
constexpr double kContentWidth = PdfDocument::kPageWidth - 2.0 * kMargin;
constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kGreyText{90, 90, 90};
constexpr Rgb kRule{190, 190, 190};

bool isContinuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xc0u) == 0x80u;
}

std::vector<std::string> wrapText(const std::string& text, Font font, double size, double width) {
    std::vector<std::string> lines;
    std::string line;
    auto fits = [&](const std::string& s) {
        return PdfDocument::textWidth(s, font, size) <= width;
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find(' ', pos);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string word = text.substr(pos, end - pos);
        pos = end + 1;
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (fits(candidate)) {
            line = candidate;
            continue;
        }
        if (!line.empty()) {
            lines.push_back(line);
        }
        // A word wider than the line (a long path) is cut where it must be.
        while (!fits(word)) {
            std::size_t cut = word.size() - 1;
            // Cut between characters, never inside a UTF-8 sequence.
            while (cut > 1 && (isContinuationByte(word[cut]) || !fits(word.substr(0, cut)))) {
                --cut;
            }
            lines.push_back(word.substr(0, cut));
            word = word.substr(cut);
        }
        line = word;
    }
    if (!line.empty() || lines.empty()) {
        lines.push_back(line);
    }
    return lines;
}

// Flows the report down A4 pages: y is the top of the free space, in PDF points.
class Layout {
  public:
    explicit Layout(const ReportModel& r) : m_report(r) { newPage(); }

    PdfDocument& doc() { return m_doc; }
    double y() const { return m_y; }
    void advance(double h) { m_y -= h; }

    void ensure(double height) {
        if (m_y - height < kMargin + 14.0) {
            newPage();
        }
    }

    void heading(const std::string& text) {
        ensure(60.0);
        m_y -= 4.0;
        for (const auto& line : wrapText(text, Font::Bold, 14.0, kContentWidth)) {
            m_y -= 18.0;
            m_doc.drawText(kMargin, m_y, Font::Bold, 14.0, line);
        }
        m_y -= 5.0;
        m_doc.drawPolyline({{kMargin, m_y}, {kMargin + kContentWidth, m_y}}, kRule, 0.6, false);
        m_y -= 8.0;
    }

    void paragraph(const std::string& text, Font font = Font::Regular, double size = 10.0,
                   double indent = 0.0, const Rgb& colour = kBlack) {
        for (const auto& line : wrapText(text, font, size, kContentWidth - indent)) {
            ensure(size * 1.35);
            m_y -= size * 1.35;
            m_doc.drawText(kMargin + indent, m_y, font, size, line, colour);
        }
    }

    /// One line as given (no wrapping: keeps the columns of fixed-width text).
    void line(const std::string& text, Font font, double size) {
        ensure(size * 1.35);
        m_y -= size * 1.35;
        m_doc.drawText(kMargin, m_y, font, size, text);
    }

  private:
    void newPage() {
        m_doc.newPage();
        m_y = PdfDocument::kPageHeight - kMargin;
        const std::string footer = m_report.title + ": " + m_report.verdictWord + "   page " +
                                   std::to_string(m_doc.pageCount());
        m_doc.drawText(kMargin, kMargin - 16.0, Font::Regular, 8.0, footer, kGreyText);
    }

    const ReportModel& m_report;
    PdfDocument m_doc;
    double m_y = 0.0;
};

void verdictBox(Layout& l, const ReportModel& r) {
    const VerdictColours colours = verdictColours(r.verdict);
    const Rgb fill = colours.fill;
    const Rgb ink = colours.ink;
    const auto lines = wrapText(r.verdictReason, Font::Regular, 10.5, kContentWidth - 24.0);
    const double height = 52.0 + 14.0 * static_cast<double>(lines.size());
    l.ensure(height + 10.0);
    l.advance(8.0);
    const double top = l.y();
    l.doc().fillRect(kMargin, top - height, kContentWidth, height, fill);
    l.doc().strokeRect(kMargin, top - height, kContentWidth, height, colours.border, 1.5);
    l.doc().drawText(kMargin + 12.0, top - 36.0, Font::Bold, 28.0, r.verdictWord, ink);
    double y = top - 52.0;
    for (const auto& line : lines) {
        l.doc().drawText(kMargin + 12.0, y, Font::Regular, 10.5, line);
        y -= 14.0;
    }
    l.advance(height + 6.0);
}

void figure(Layout& l, const ReportFigure& f) {
    l.heading(f.title);
    l.paragraph(f.note, Font::Regular, 9.0, 0.0, kGreyText);
    constexpr double kCell = kContentWidth / 3.0;
    constexpr double kLetter = 10.0;
    constexpr double kImageMax = kCell - 2.0 * kLetter - 6.0;
    int widest = 1;
    for (const auto& img : f.images) {
        widest = std::max({widest, img.image.width, img.image.height});
    }
    // One scale per figure: millimetres look the same in every panel.
    const double scale = kImageMax / widest;
    for (std::size_t rowStart = 0; rowStart < f.images.size(); rowStart += 3) {
        const std::size_t rowEnd = std::min(rowStart + 3, f.images.size());
        double imageHeight = 0.0;
        for (std::size_t n = rowStart; n < rowEnd; ++n) {
            imageHeight = std::max(imageHeight, f.images[n].image.height * scale);
        }
        const double rowHeight = imageHeight + 2.0 * kLetter + 27.0;
        l.ensure(rowHeight);
        const double top = l.y() - 4.0;
        for (std::size_t n = rowStart; n < rowEnd; ++n) {
            const ReportImage& img = f.images[n];
            const double w = img.image.width * scale;
            const double h = img.image.height * scale;
            const double cellX = kMargin + kCell * static_cast<double>(n - rowStart);
            const double x = cellX + (kCell - w) / 2.0;
            const double yTop = top - kLetter;
            const int id = l.doc().addImage(img.image);
            l.doc().drawImage(id, x, yTop - h, w, h);
            // A thin frame: a difference map is white where equal, like the page.
            l.doc().strokeRect(x, yTop - h, w, h, {150, 150, 150}, 0.4);
            auto letter = [&](const std::string& s, double cx, double baseline) {
                const double tw = PdfDocument::textWidth(s, Font::Bold, 8.0);
                l.doc().drawText(cx - tw / 2.0, baseline, Font::Bold, 8.0, s);
            };
            letter(img.sides.top, x + w / 2.0, yTop + 2.5);
            letter(img.sides.bottom, x + w / 2.0, yTop - h - 8.5);
            letter(img.sides.left, x - 6.0, yTop - h / 2.0 - 3.0);
            letter(img.sides.right, x + w + 6.0, yTop - h / 2.0 - 3.0);
            double captionY = top - imageHeight - 2.0 * kLetter - 9.0;
            for (const auto& [text, font, size] : {std::tuple{img.caption, Font::Regular, 7.5},
                                                   std::tuple{img.scale, Font::Regular, 6.5}}) {
                for (const auto& line : wrapText(text, font, size, kCell - 6.0)) {
                    const double tw = PdfDocument::textWidth(line, font, size);
                    l.doc().drawText(cellX + (kCell - tw) / 2.0, captionY, font, size, line,
                                     size < 7.0 ? kGreyText : kBlack);
                    captionY -= size + 1.5;
                }
            }
        }
        l.advance(rowHeight + 6.0);
    }
}

void chart(Layout& l, const ReportChart& c) {
    constexpr double kHeight = 190.0;
    l.ensure(kHeight + 6.0);
    report::drawChart(l.doc(), c, kMargin, l.y(), kContentWidth, kHeight);
    l.advance(kHeight + 8.0);
}

// Rows of cells with given column widths; every cell wraps, the row takes its tallest cell.
void table(Layout& l, const std::vector<std::vector<std::string>>& rows,
           const std::vector<double>& widths, const std::vector<Font>& fonts, double size) {
    for (const auto& row : rows) {
        std::vector<std::vector<std::string>> cells;
        std::size_t lineCount = 1;
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
            cells.push_back(wrapText(row[c], fonts[c], size, widths[c] - 6.0));
            lineCount = std::max(lineCount, cells.back().size());
        }
        const double h = static_cast<double>(lineCount) * (size + 2.5) + 3.0;
        l.ensure(h);
        double x = kMargin;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            double y = l.y() - size - 1.5;
            // A label that starts with spaces belongs to the row above it: indent it.
            const double indent = row[c].rfind("  ", 0) == 0 ? 12.0 : 2.0;
            for (const auto& line : cells[c]) {
                l.doc().drawText(x + indent, y, fonts[c], size, line);
                y -= size + 2.5;
            }
            x += widths[c];
        }
        l.advance(h);
        l.doc().drawPolyline({{kMargin, l.y()}, {kMargin + kContentWidth, l.y()}}, {225, 225, 225},
                             0.4, false);
    }
}

std::string matrixLine(const Matrix4& m, int r) {
    std::string line;
    for (int c = 0; c < 4; ++c) {
        line += formatFixedWidth(m.at(r, c), 4, 10);
    }
    return line;
}

void titleSection(Layout& l, const ReportModel& r) {
    l.advance(18.0);
    l.doc().drawText(kMargin, l.y(), Font::Bold, 18.0, r.title);
    l.advance(4.0);
    l.paragraph("First: " + r.firstName, Font::Regular, 9.5, 0.0, kGreyText);
    l.paragraph("Second: " + r.secondName, Font::Regular, 9.5, 0.0, kGreyText);
    verdictBox(l, r);
}

void geometrySection(Layout& l, const ReportModel& r) {
    l.heading("Geometry: how the two grids relate");
    l.paragraph(r.geometryExplanation, Font::Regular, 10.5);
    l.advance(4.0);
    for (const auto& d : r.geometryDetails) {
        l.paragraph(d, Font::Mono, 8.0, 8.0, {60, 60, 60});
    }
}

void statisticsSection(Layout& l, const ReportModel& r) {
    l.heading("Statistics");
    std::vector<std::vector<std::string>> stats;
    for (const auto& row : r.statistics) {
        stats.push_back({row.label, row.value});
    }
    table(l, stats, {kContentWidth * 0.55, kContentWidth * 0.45}, {Font::Regular, Font::Mono}, 8.5);
}

void tableSection(Layout& l, const ReportTable& t) {
    l.heading(t.title);
    std::vector<std::vector<std::string>> rows{t.header};
    rows.insert(rows.end(), t.rows.begin(), t.rows.end());
    if (t.header.size() == 2) {
        table(l, rows, {kContentWidth * 0.35, kContentWidth * 0.65}, {Font::Bold, Font::Mono}, 8.0);
    } else {
        table(l, rows, {kContentWidth * 0.26, kContentWidth * 0.37, kContentWidth * 0.37},
              {Font::Bold, Font::Regular, Font::Regular}, 8.0);
    }
}

void matricesSection(Layout& l, const ReportModel& r) {
    l.heading("Index-to-physical matrices");
    l.paragraph("Each maps a voxel index (i, j, k, 1) to the voxel's centre in mm.", Font::Regular,
                9.0, 0.0, kGreyText);
    for (const auto& m : r.matrices) {
        l.ensure(80.0);
        l.paragraph(m.title, Font::Bold, 9.5);
        l.line("First" + std::string(37, ' ') + "Second", Font::Mono, 8.0);
        for (int row = 0; row < 4; ++row) {
            l.line(matrixLine(m.first, row) + "  " + matrixLine(m.second, row), Font::Mono, 8.0);
        }
        l.advance(6.0);
    }
}

void diagnosticsSection(Layout& l, const ReportModel& r) {
    l.heading("Diagnostics");
    if (r.diagnostics.empty()) {
        l.paragraph("No findings about either image or the comparison.");
    }
    for (const auto& d : r.diagnostics) {
        l.paragraph(d.about + ", " + severityName(d.diagnostic.severity) + " (" +
                        d.diagnostic.code + "): " + d.diagnostic.message,
                    Font::Regular, 9.5, 0.0,
                    d.diagnostic.severity == Severity::Warning ? Rgb{138, 75, 0} : kBlack);
        l.advance(3.0);
    }
}

} // namespace

std::string renderPdfReport(const ReportModel& r) {
    Layout l(r);
    titleSection(l, r);
    geometrySection(l, r);
    for (const auto& f : r.figures) {
        figure(l, f);
    }
    l.heading("Distribution of the differences");
    for (const auto& c : r.charts) {
        chart(l, c);
    }
    statisticsSection(l, r);
    for (const ReportTable* t : tablesOf(r)) {
        tableSection(l, *t);
    }
    matricesSection(l, r);
    diagnosticsSection(l, r);
    l.advance(8.0);
    l.paragraph("Written by " + r.generator +
                    ". Orientation letters: R right, L left, A anterior, P posterior, S superior, "
                    "I inferior; axial and coronal views are radiological (the patient's right on "
                    "the left of the picture).",
                Font::Regular, 8.0, 0.0, kGreyText);
    return l.doc().finish();
}

Status writePdfReport(const ReportModel& report, const std::filesystem::path& path,
                      bool overwrite) {
    const std::string pdf = renderPdfReport(report);
    if (pdf.empty()) {
        return makeError(ErrorCode::Internal, "cairo could not draw the PDF", path);
    }
    return writeFileSafely(path, pdf, overwrite);
}

} // namespace voxdiff::core
