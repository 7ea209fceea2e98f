// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>

#include "report/Canvas.h"
#include "voxdiff/ReportModel.h"

namespace voxdiff::core::report {

/// Draws the chart (layoutChart()) into the box of the canvas whose top-left corner is
/// (left, top) in the canvas's y-up coordinates. The one drawing of a chart: the PDF page and
/// the HTML picture both come from here.
void drawChart(Canvas& canvas, const ReportChart& chart, double left, double top, double width,
               double height);

/// The chart alone as a PNG of width x height units at pixelsPerUnit pixels per unit.
std::string renderChartPng(const ReportChart& chart, double width, double height,
                           double pixelsPerUnit);

} // namespace voxdiff::core::report
