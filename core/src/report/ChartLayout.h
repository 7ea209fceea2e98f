// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "voxdiff/ReportModel.h"

namespace voxdiff::core::report {

using Rgb = std::array<std::uint8_t, 3>;
using Point2 = std::array<double, 2>;

/// One drawing primitive of a chart, in a box of the requested size with y pointing down
/// (SVG's convention; the PDF writer flips it).
struct ChartShape {
    enum class Kind { Rect, Polyline, Text };
    Kind kind = Kind::Polyline;
    std::vector<Point2> points; ///< Rect: top-left and bottom-right; Text: the anchor point
    Rgb colour{0, 0, 0};
    bool filled = false; ///< Rect only
    bool dashed = false;
    double lineWidth = 1.0;
    std::string text;
    enum class Anchor { Start, Middle, End };
    Anchor anchor = Anchor::Start;
    double fontSize = 9.0;
    bool vertical = false; ///< Text rotated 90 degrees counter-clockwise
};

/// Lays a chart out as primitives: axes with ticks, bars or lines, markers, legend and labels.
std::vector<ChartShape> layoutChart(const ReportChart& chart, double width, double height);

} // namespace voxdiff::core::report
