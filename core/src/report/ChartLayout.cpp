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

} // namespace

std::vector<ChartShape> layoutChart(const ReportChart& chart, double width, double height) {
    std::vector<ChartShape> out;
    const double x0 = kLeft;
    const double x1 = width - kRight;
    const double y0 = kTop;
    const double y1 = height - kBottom;
    out.push_back(text({x0, 14.0}, chart.title, ChartShape::Anchor::Start, 10.0));

    const bool bars = chart.kind == ReportChart::Kind::Bars;
    double xLo = chart.x.empty() ? 0.0 : chart.x.front();
    double xHi = chart.x.empty() ? 1.0 : chart.x.back();
    for (const auto& m : chart.markers) {
        xLo = std::min(xLo, m.x);
        xHi = std::max(xHi, m.x);
    }
    if (!(xHi > xLo)) {
        xLo -= 0.5;
        xHi += 0.5;
    }
    if (!chart.markers.empty()) {
        // Markers at the ends of the range would sit on the frame: leave a little room.
        const double pad = 0.04 * (xHi - xLo);
        xLo -= pad;
        xHi += pad;
    }
    // The log axis shows log10(1 + count): an empty bin sits on the axis, one voxel is visible.
    auto yOf = [&chart](double v) { return chart.logY ? std::log10(1.0 + std::max(0.0, v)) : v; };
    double yHi = 0.0;
    for (double v : chart.values) {
        yHi = std::max(yHi, yOf(v));
    }
    for (double v : chart.secondValues) {
        yHi = std::max(yHi, yOf(v));
    }
    if (!(yHi > 0.0)) {
        yHi = 1.0;
    }
    yHi *= 1.05;
    auto px = [&](double x) { return x0 + (x - xLo) / (xHi - xLo) * (x1 - x0); };
    auto py = [&](double yScaled) { return y1 - yScaled / yHi * (y1 - y0); };

    if (chart.logY) {
        for (double t = 1.0; std::log10(1.0 + t) <= yHi; t *= 10.0) {
            const double y = py(std::log10(1.0 + t));
            out.push_back(line({x0, y}, {x1, y}, kGrid, 0.5));
            out.push_back(text({x0 - 4.0, y + 3.0}, formatNumber(t), ChartShape::Anchor::End));
        }
    } else {
        for (double t : niceTicks(0.0, yHi, 4)) {
            const double y = py(t);
            out.push_back(line({x0, y}, {x1, y}, kGrid, 0.5));
            out.push_back(text({x0 - 4.0, y + 3.0}, formatNumber(t, 3), ChartShape::Anchor::End));
        }
    }
    for (double t : niceTicks(xLo, xHi, 5)) {
        const double x = px(t);
        out.push_back(line({x, y1}, {x, y1 + 4.0}, kAxis));
        out.push_back(text({x, y1 + 13.0}, formatNumber(t, 3), ChartShape::Anchor::Middle));
    }

    if (bars) {
        for (std::size_t n = 0; n < chart.values.size() && n + 1 < chart.x.size(); ++n) {
            if (chart.values[n] <= 0.0) {
                continue;
            }
            ChartShape r;
            r.kind = ChartShape::Kind::Rect;
            r.filled = true;
            r.colour = kBars;
            r.points = {{px(chart.x[n]), py(yOf(chart.values[n]))}, {px(chart.x[n + 1]), y1}};
            // Very narrow bins still get a visible bar.
            if (r.points[1][0] - r.points[0][0] < 0.6) {
                r.points[1][0] = r.points[0][0] + 0.6;
            }
            out.push_back(std::move(r));
        }
    } else {
        auto polyline = [&](const std::vector<double>& ys, Rgb colour, bool dashed) {
            ChartShape s;
            s.kind = ChartShape::Kind::Polyline;
            s.colour = colour;
            s.dashed = dashed;
            s.lineWidth = 1.2;
            for (std::size_t n = 0; n < ys.size() && n < chart.x.size(); ++n) {
                s.points.push_back({px(chart.x[n]), py(yOf(ys[n]))});
            }
            if (s.points.size() == 1) {
                s.points.push_back({s.points[0][0] + 1.0, s.points[0][1]});
            }
            if (!s.points.empty()) {
                out.push_back(std::move(s));
            }
        };
        if (!chart.secondValues.empty()) {
            polyline(chart.secondValues, kSecondLine, true);
        }
        polyline(chart.values, kLine, false);
        if (!chart.secondLegend.empty()) {
            auto legend = [&](double y, const std::string& label, Rgb colour, bool dashed) {
                out.push_back(line({x1 - 150.0, y}, {x1 - 132.0, y}, colour, 1.2, dashed));
                out.push_back(text({x1 - 128.0, y + 3.0}, label, ChartShape::Anchor::Start, 7.5));
            };
            legend(y0 + 8.0, chart.valuesLegend, kLine, false);
            legend(y0 + 18.0, chart.secondLegend, kSecondLine, true);
        }
    }
    for (std::size_t n = 0; n < chart.markers.size(); ++n) {
        const auto& m = chart.markers[n];
        const double x = px(m.x);
        out.push_back(line({x, y0}, {x, y1}, kMarker, 1.0, m.dashed));
        // Labels point inwards (left of a positive marker, right of a negative one) and
        // alternate heights so that a symmetric pair does not overlap its neighbours.
        const bool positive = m.x >= 0;
        ChartShape label =
            text({positive ? x - 3.0 : x + 3.0, y0 + 9.0 + 9.0 * static_cast<double>((n / 2) % 2)},
                 m.label, positive ? ChartShape::Anchor::End : ChartShape::Anchor::Start, 7.0);
        label.colour = kMarker;
        out.push_back(std::move(label));
    }
    out.push_back(line({x0, y1}, {x1, y1}, kAxis));
    out.push_back(line({x0, y0}, {x0, y1}, kAxis));
    out.push_back(
        text({(x0 + x1) / 2.0, height - 8.0}, chart.xLabel, ChartShape::Anchor::Middle, 8.5));
    out.push_back(
        text({14.0, (y0 + y1) / 2.0}, chart.yLabel, ChartShape::Anchor::Middle, 8.5, true));
    return out;
}

} // namespace voxdiff::core::report
