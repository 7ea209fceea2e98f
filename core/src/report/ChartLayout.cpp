// SPDX-License-Identifier: BSD-3-Clause
#include "report/ChartLayout.h"

#include <algorithm>
#include <cmath>

#include "../TextFormat.h"

namespace voxdiff::core::report {

namespace {

constexpr Rgb kAxis{60, 60, 60};
constexpr Rgb kGrid{220, 220, 220};
constexpr Rgb kBars{70, 110, 170};
constexpr Rgb kLine{200, 40, 40};
constexpr Rgb kSecondLine{90, 90, 90};
constexpr Rgb kMarker{230, 120, 0};
constexpr double kLeft = 62.0;
constexpr double kRight = 14.0;
constexpr double kTop = 26.0;
constexpr double kBottom = 40.0;

std::vector<double> niceTicks(double lo, double hi, int wanted) {
    if (!(hi > lo)) {
        return {lo};
    }
    const double raw = (hi - lo) / wanted;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    }
    std::vector<double> ticks;
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
        ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
}

ChartShape line(Point2 a, Point2 b, Rgb colour, double width = 1.0, bool dashed = false) {
    ChartShape s;
    s.kind = ChartShape::Kind::Polyline;
    s.points = {a, b};
    s.colour = colour;
    s.lineWidth = width;
    s.dashed = dashed;
    return s;
}

ChartShape text(Point2 at, std::string t, ChartShape::Anchor anchor, double size = 8.0,
                bool vertical = false) {
    ChartShape s;
    s.kind = ChartShape::Kind::Text;
    s.points = {at};
    s.text = std::move(t);
    s.anchor = anchor;
    s.fontSize = size;
    s.vertical = vertical;
    s.colour = kAxis;
    return s;
}

/// The plot area in drawing units and the data range it shows.
struct ChartFrame {
    double x0 = kLeft;
    double x1 = 0.0;
    double y0 = kTop;
    double y1 = 0.0;
    double xLo = 0.0;
    double xHi = 1.0;
    double yHi = 1.0; ///< in yOf units
    bool logY = false;

    /// The log axis shows log10(1 + count): an empty bin sits on the axis, one voxel is
    /// visible.
    double yOf(double v) const { return logY ? std::log10(1.0 + std::max(0.0, v)) : v; }
    double px(double x) const { return x0 + (x - xLo) / (xHi - xLo) * (x1 - x0); }
    double py(double yScaled) const { return y1 - yScaled / yHi * (y1 - y0); }
};

ChartFrame frameFor(const ReportChart& chart, double width, double height) {
    ChartFrame f;
    f.x1 = width - kRight;
    f.y1 = height - kBottom;
    f.logY = chart.logY;
    f.xLo = chart.x.empty() ? 0.0 : chart.x.front();
    f.xHi = chart.x.empty() ? 1.0 : chart.x.back();
    for (const auto& m : chart.markers) {
        f.xLo = std::min(f.xLo, m.x);
        f.xHi = std::max(f.xHi, m.x);
    }
    if (!(f.xHi > f.xLo)) {
        f.xLo -= 0.5;
        f.xHi += 0.5;
    }
    if (!chart.markers.empty()) {
        // Markers at the ends of the range would sit on the frame: leave a little room.
        const double pad = 0.04 * (f.xHi - f.xLo);
        f.xLo -= pad;
        f.xHi += pad;
    }
    double yHi = 0.0;
    for (double v : chart.values) {
        yHi = std::max(yHi, f.yOf(v));
    }
    for (double v : chart.secondValues) {
        yHi = std::max(yHi, f.yOf(v));
    }
    if (!(yHi > 0.0)) {
        yHi = 1.0;
    }
    f.yHi = yHi * 1.05;
    return f;
}

void addGridAndTicks(const ChartFrame& f, std::vector<ChartShape>& out) {
    if (f.logY) {
        for (double t = 1.0; std::log10(1.0 + t) <= f.yHi; t *= 10.0) {
            const double y = f.py(std::log10(1.0 + t));
            out.push_back(line({f.x0, y}, {f.x1, y}, kGrid, 0.5));
            out.push_back(text({f.x0 - 4.0, y + 3.0}, formatNumber(t), ChartShape::Anchor::End));
        }
    } else {
        for (double t : niceTicks(0.0, f.yHi, 4)) {
            const double y = f.py(t);
            out.push_back(line({f.x0, y}, {f.x1, y}, kGrid, 0.5));
            out.push_back(text({f.x0 - 4.0, y + 3.0}, formatNumber(t, 3), ChartShape::Anchor::End));
        }
    }
    for (double t : niceTicks(f.xLo, f.xHi, 5)) {
        const double x = f.px(t);
        out.push_back(line({x, f.y1}, {x, f.y1 + 4.0}, kAxis));
        out.push_back(text({x, f.y1 + 13.0}, formatNumber(t, 3), ChartShape::Anchor::Middle));
    }
}

void addBars(const ChartFrame& f, const ReportChart& chart, std::vector<ChartShape>& out) {
    for (std::size_t n = 0; n < chart.values.size() && n + 1 < chart.x.size(); ++n) {
        if (chart.values[n] <= 0.0) {
            continue;
        }
        ChartShape r;
        r.kind = ChartShape::Kind::Rect;
        r.filled = true;
        r.colour = kBars;
        r.points = {{f.px(chart.x[n]), f.py(f.yOf(chart.values[n]))}, {f.px(chart.x[n + 1]), f.y1}};
        // Very narrow bins still get a visible bar.
        if (r.points[1][0] - r.points[0][0] < 0.6) {
            r.points[1][0] = r.points[0][0] + 0.6;
        }
        out.push_back(std::move(r));
    }
}

void addPolyline(const ChartFrame& f, const std::vector<double>& xs, const std::vector<double>& ys,
                 Rgb colour, bool dashed, std::vector<ChartShape>& out) {
    ChartShape s;
    s.kind = ChartShape::Kind::Polyline;
    s.colour = colour;
    s.dashed = dashed;
    s.lineWidth = 1.2;
    for (std::size_t n = 0; n < ys.size() && n < xs.size(); ++n) {
        s.points.push_back({f.px(xs[n]), f.py(f.yOf(ys[n]))});
    }
    if (s.points.size() == 1) {
        s.points.push_back({s.points[0][0] + 1.0, s.points[0][1]});
    }
    if (!s.points.empty()) {
        out.push_back(std::move(s));
    }
}

void addLines(const ChartFrame& f, const ReportChart& chart, std::vector<ChartShape>& out) {
    if (!chart.secondValues.empty()) {
        addPolyline(f, chart.x, chart.secondValues, kSecondLine, true, out);
    }
    addPolyline(f, chart.x, chart.values, kLine, false, out);
    if (!chart.secondLegend.empty()) {
        auto legend = [&](double y, const std::string& label, Rgb colour, bool dashed) {
            out.push_back(line({f.x1 - 150.0, y}, {f.x1 - 132.0, y}, colour, 1.2, dashed));
            out.push_back(text({f.x1 - 128.0, y + 3.0}, label, ChartShape::Anchor::Start, 7.5));
        };
        legend(f.y0 + 8.0, chart.valuesLegend, kLine, false);
        legend(f.y0 + 18.0, chart.secondLegend, kSecondLine, true);
    }
}

void addMarkers(const ChartFrame& f, const ReportChart& chart, std::vector<ChartShape>& out) {
    for (std::size_t n = 0; n < chart.markers.size(); ++n) {
        const auto& m = chart.markers[n];
        const double x = f.px(m.x);
        out.push_back(line({x, f.y0}, {x, f.y1}, kMarker, 1.0, m.dashed));
        // Labels point inwards (left of a positive marker, right of a negative one) and
        // alternate heights so that a symmetric pair does not overlap its neighbours.
        const bool positive = m.x >= 0;
        ChartShape label = text(
            {positive ? x - 3.0 : x + 3.0, f.y0 + 9.0 + 9.0 * static_cast<double>((n / 2) % 2)},
            m.label, positive ? ChartShape::Anchor::End : ChartShape::Anchor::Start, 7.0);
        label.colour = kMarker;
        out.push_back(std::move(label));
    }
}

} // namespace

std::vector<ChartShape> layoutChart(const ReportChart& chart, double width, double height) {
    std::vector<ChartShape> out;
    const ChartFrame f = frameFor(chart, width, height);
    out.push_back(text({f.x0, 14.0}, chart.title, ChartShape::Anchor::Start, 10.0));
    addGridAndTicks(f, out);
    if (chart.kind == ReportChart::Kind::Bars) {
        addBars(f, chart, out);
    } else {
        addLines(f, chart, out);
    }
    addMarkers(f, chart, out);
    out.push_back(line({f.x0, f.y1}, {f.x1, f.y1}, kAxis));
    out.push_back(line({f.x0, f.y0}, {f.x0, f.y1}, kAxis));
    out.push_back(
        text({(f.x0 + f.x1) / 2.0, height - 8.0}, chart.xLabel, ChartShape::Anchor::Middle, 8.5));
    out.push_back(
        text({14.0, (f.y0 + f.y1) / 2.0}, chart.yLabel, ChartShape::Anchor::Middle, 8.5, true));
    return out;
}

} // namespace voxdiff::core::report
