// SPDX-License-Identifier: BSD-3-Clause
#include "report/ChartDrawing.h"

namespace voxdiff::core::report {

namespace {

using Font = Canvas::Font;

void drawShapeText(Canvas& canvas, const ChartShape& s, Point2 at) {
    const double tw = Canvas::textWidth(s.text, Font::Regular, s.fontSize);
    const double shift = s.anchor == ChartShape::Anchor::Middle ? tw / 2.0
                         : s.anchor == ChartShape::Anchor::End  ? tw
                                                                : 0.0;
    if (s.vertical) {
        at[1] -= shift;
    } else {
        at[0] -= shift;
    }
    canvas.drawText(at[0], at[1], Font::Regular, s.fontSize, s.text, s.colour, s.vertical);
}

} // namespace

void drawChart(Canvas& canvas, const ReportChart& chart, double left, double top, double width,
               double height) {
    // Chart shapes have y down from the box's top; the canvas has y up.
    auto at = [&](const Point2& p) { return Point2{left + p[0], top - p[1]}; };
    for (const ChartShape& s : layoutChart(chart, width, height)) {
        switch (s.kind) {
        case ChartShape::Kind::Rect: {
            const auto a = at(s.points[0]);
            const auto b = at(s.points[1]);
            canvas.fillRect(a[0], b[1], b[0] - a[0], a[1] - b[1], s.colour);
            break;
        }
        case ChartShape::Kind::Polyline: {
            std::vector<Point2> pts;
            pts.reserve(s.points.size());
            for (const auto& p : s.points) {
                pts.push_back(at(p));
            }
            canvas.drawPolyline(pts, s.colour, s.lineWidth, s.dashed);
            break;
        }
        case ChartShape::Kind::Text:
            drawShapeText(canvas, s, at(s.points[0]));
            break;
        }
    }
}

std::string renderChartPng(const ReportChart& chart, double width, double height,
                           double pixelsPerUnit) {
    Canvas canvas(width, height, pixelsPerUnit);
    drawChart(canvas, chart, 0.0, height, width, height);
    return canvas.finish();
}

} // namespace voxdiff::core::report
