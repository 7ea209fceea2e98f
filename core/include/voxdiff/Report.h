// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "voxdiff/Comparison.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/ReportModel.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// Choices for a report.
struct ReportOptions {
    /// The point (LPS, mm) the "at the cursor" panels cut through; default: the centre of the
    /// first image's grid.
    std::optional<Vec3> cursorLps;
    /// Longest side of a slice picture in pixels; slices are sampled with square pixels.
    int maxImagePixels = 256;
    /// Histogram counts on a logarithmic axis (a few large differences stay visible).
    bool histogramLogScale = true;
    /// Opacity of the second image (hot) over the first (grey) in the fused panels.
    double fusionOpacity = 0.5;
    /// The settings the comparison ran with, printed in the report ("Settings used").
    ComparisonSettings settings;
    /// Leave out each side's patient name, ID, birth and study dates, UIDs and paths.
    bool anonymize = false;
};

/// Builds the report of a comparison: text, tables and rendered slices. `comparison` must come
/// from compareVolumes(first, second, options). Pure computation: no files, no output.
ReportModel buildReport(const Volume& first, const Volume& second, const Comparison& comparison,
                        const CompareOptions& options, const ReportOptions& reportOptions = {});

/// The report as one self-contained HTML document (inline CSS, images as data: URIs, charts as
/// inline SVG; no external reference of any kind).
std::string renderHtmlReport(const ReportModel& report);

/// The report as a PDF 1.4 document (A4 pages, standard fonts, Flate-compressed images).
std::string renderPdfReport(const ReportModel& report);

/// Writes renderHtmlReport() to `path` through a temporary file renamed into place. Errors:
/// OutputExists (present and !overwrite), WriteFailed.
Status writeHtmlReport(const ReportModel& report, const std::filesystem::path& path,
                       bool overwrite);

/// Writes renderPdfReport() to `path`, like writeHtmlReport().
Status writePdfReport(const ReportModel& report, const std::filesystem::path& path, bool overwrite);

/// Writes bytes to `path` safely (temporary file in the same folder, renamed into place; never
/// overwrites unless `overwrite`). Errors: OutputExists, WriteFailed.
Status writeFileSafely(const std::filesystem::path& path, const std::string& bytes, bool overwrite);

} // namespace voxdiff::core
