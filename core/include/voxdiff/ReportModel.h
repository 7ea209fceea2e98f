// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "voxdiff/Comparison.h"
#include "voxdiff/Diagnostic.h"
#include "voxdiff/ReportImage.h"

namespace voxdiff::core {

/// One picture of the report: a slice, its caption, the orientation letters of its sides and
/// the colour scale used.
struct ReportImage {
    std::string caption; ///< "First image, axial"
    std::string scale;   ///< "grey 0 to 8.2 g/ml"
    SliceOrientation orientation = SliceOrientation::Axial;
    SideLabels sides;
    RgbImage image;
};

/// A group of pictures shown together (rows of three orientations).
struct ReportFigure {
    std::string id;    ///< stable anchor, e.g. "cursor", "max-diff"
    std::string title; ///< "At the cursor: LPS (0, 0, 0) mm"
    std::string note;  ///< one sentence: what the panels show
    std::vector<ReportImage> images;
};

/// A label and a formatted value (units in the value), optionally tied to the JSON report:
/// jsonPath is the '/'-separated path of the same number there ("values/max_abs_diff").
struct ReportRow {
    std::string label;
    std::string value;
    std::string jsonPath;
};

/// A table of text: a header row and rows of cells, all columns of equal meaning.
struct ReportTable {
    std::string id;
    std::string title;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// A vertical marker on a chart (a tolerance, a quantization bound).
struct ChartMarker {
    double x = 0.0;
    std::string label;
    bool dashed = true;
};

/// A chart drawn as vectors by each writer: bars over bins (edges.size() == values.size() + 1)
/// or a line through points (x.size() == values.size()), with an optional second line.
struct ReportChart {
    enum class Kind { Bars, Line };
    std::string id;
    std::string title;
    std::string xLabel;
    std::string yLabel;
    Kind kind = Kind::Bars;
    bool logY = false;
    std::vector<double> x; ///< bin edges (Bars) or abscissae (Line)
    std::vector<double> values;
    std::vector<double> secondValues; ///< Line only: drawn dashed (empty: none)
    std::string valuesLegend;
    std::string secondLegend;
    std::vector<ChartMarker> markers;
};

/// The two images' index-to-physical matrices side by side, in one frame.
struct ReportMatrixPair {
    std::string title; ///< "ijkToRas (NIfTI's frame, mm)"
    Matrix4 first;
    Matrix4 second;
};

/// A diagnostic with the part of the comparison it is about ("first", "second", "comparison").
struct ReportDiagnostic {
    std::string about;
    Diagnostic diagnostic;
};

/// Everything a report shows, as data: the writers (HTML, PDF) only lay it out. Text is UTF-8.
struct ReportModel {
    std::string title;
    std::string generator; ///< "voxdiff 0.1.0"
    std::string firstName; ///< the first image's path as the user named it
    std::string secondName;
    Verdict verdict = Verdict::Different;
    std::string verdictWord; ///< "IDENTICAL", "EQUIVALENT", "DIFFERENT"
    std::string verdictReason;
    std::string geometryExplanation;
    std::vector<std::string> geometryDetails;
    std::vector<ReportFigure> figures;
    std::vector<ReportChart> charts;
    std::vector<ReportRow> statistics;
    ReportTable imagesTable; ///< per-image facts: rows of label, first, second
    /// Before the statistics: the settings used (key, value) and whose images these are.
    std::vector<ReportTable> contextTables;
    std::vector<ReportMatrixPair> matrices;
    std::vector<ReportDiagnostic> diagnostics;
};

/// The tables in reading order: the settings used, whose images, then the per-image facts.
inline std::vector<const ReportTable*> tablesOf(const ReportModel& r) {
    std::vector<const ReportTable*> tables;
    for (const ReportTable& t : r.contextTables) {
        tables.push_back(&t);
    }
    tables.push_back(&r.imagesTable);
    return tables;
}

} // namespace voxdiff::core
