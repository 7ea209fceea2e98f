// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cmath>

#include "../TextFormat.h"
#include "voxdiff/DisplayConvention.h"
#include "voxdiff/ImageFacts.h"
#include "voxdiff/Report.h"

namespace voxdiff::core {

namespace {

constexpr std::array<std::uint8_t, 3> kCursorColour{0, 220, 0};
constexpr std::array<std::uint8_t, 3> kMaxDiffColour{0, 230, 255};
constexpr std::array<SliceOrientation, 3> kOrientations{
    SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal};

std::string upper(std::string s) {
    for (auto& c : s) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
}

std::string unitsOf(const Volume& first, const Volume& second) {
    if (!second.valueUnits().empty()) {
        return second.valueUnits();
    }
    return first.valueUnits();
}

std::string withUnit(double v, const std::string& unit) {
    return unit.empty() ? formatNumber(v) : formatNumber(v) + " " + unit;
}

std::string pointText(const Vec3& p) {
    return displayPoint(p);
}

std::string indexText(const Index3& i) {
    return displayIndex(i);
}

// The box (LPS, mm) that holds both images' voxels, half a voxel beyond the outer centres.
std::array<Vec3, 2> fieldOfViewLps(const Volume& first, const Volume& second) {
    Vec3 lo{1e300, 1e300, 1e300};
    Vec3 hi{-1e300, -1e300, -1e300};
    for (const Volume* v : {&first, &second}) {
        const Index3& d = v->dims();
        for (int corner = 0; corner < 8; ++corner) {
            const Vec3 ijk{(corner & 1) ? static_cast<double>(d[0]) - 0.5 : -0.5,
                           (corner & 2) ? static_cast<double>(d[1]) - 0.5 : -0.5,
                           (corner & 4) ? static_cast<double>(d[2]) - 0.5 : -0.5};
            const Vec3 p = v->voxelCenterLps(ijk);
            for (int a = 0; a < 3; ++a) {
                lo[a] = std::min(lo[a], p[a]);
                hi[a] = std::max(hi[a], p[a]);
            }
        }
    }
    return {lo, hi};
}

struct Renderer {
    const Volume& first;
    const Volume& second;
    std::array<Vec3, 2> box;
    double pixelMm = 1.0;
    Window firstWindow;
    Window secondWindow;
    Window diffWindow;
    double opacity = 0.5;
    std::string firstScale;
    std::string secondScale;
    std::string diffScale;

    SlicePlane plane(SliceOrientation o, const Vec3& centerLps) const {
        return SlicePlane{o, centerLps, box[0], box[1], pixelMm};
    }

    ReportImage picture(std::string caption, std::string scale, SliceOrientation o, RgbImage image,
                        const SlicePlane& p, const Vec3& markLps,
                        std::array<std::uint8_t, 3> markColour) const {
        const auto px = p.pixelOfPointLps(markLps);
        drawCrosshair(image, px[0], px[1], markColour);
        return ReportImage{std::move(caption), std::move(scale), o, sideLabelsOf(o),
                           std::move(image)};
    }

    // first, second, fused and difference pictures of one orientation (any subset).
    void addPanels(ReportFigure& figure, const Vec3& centerLps, bool withInputs,
                   std::array<std::uint8_t, 3> markColour) const {
        std::vector<ReportImage> rows[4];
        for (SliceOrientation o : kOrientations) {
            const SlicePlane p = plane(o, centerLps);
            const int w = p.width();
            const int h = p.height();
            const std::vector<float> a = sampleSlice(first, p);
            const std::vector<float> b = sampleSlice(second, p);
            std::vector<float> diff(a.size());
            for (std::size_t n = 0; n < a.size(); ++n) {
                diff[n] = b[n] - a[n]; // NaN where either image has no voxel
            }
            const RgbImage greyA = colorize(a, w, h, ColorMap::Grey, firstWindow);
            const std::string name = sliceOrientationName(o);
            if (withInputs) {
                rows[0].push_back(picture("First image, " + name, firstScale, o, greyA, p,
                                          centerLps, markColour));
                rows[1].push_back(picture("Second image, " + name, secondScale, o,
                                          colorize(b, w, h, ColorMap::Grey, secondWindow), p,
                                          centerLps, markColour));
            }
            const RgbImage hotB = colorize(b, w, h, ColorMap::Hot, secondWindow);
            rows[2].push_back(picture(
                "Fused, " + name,
                "first grey, second hot up to " + formatNumber(100.0 * opacity) + "% opaque", o,
                blendOver(greyA, hotB, b, secondWindow, opacity), p, centerLps, markColour));
            rows[3].push_back(picture("Difference (second - first), " + name, diffScale, o,
                                      colorize(diff, w, h, ColorMap::Diverging, diffWindow), p,
                                      centerLps, markColour));
        }
        for (auto& row : rows) {
            for (auto& img : row) {
                figure.images.push_back(std::move(img));
            }
        }
    }
};

void addRow(std::vector<ReportRow>& rows, std::string label, std::string value,
            std::string jsonPath = {}) {
    rows.push_back(ReportRow{std::move(label), std::move(value), std::move(jsonPath)});
}

std::vector<ReportRow> statisticsRows(const Comparison& c, const CompareOptions& o,
                                      const std::string& unit) {
    const ValueComparison& v = c.values;
    const GeometryRelation& g = c.geometry;
    std::vector<ReportRow> rows;
    addRow(rows, "Verdict", verdictName(c.verdict), "verdict");
    addRow(rows, "Same grid", g.sameGrid ? "yes" : "no");
    addRow(rows, "Values interpolated", g.interpolated ? "yes" : "no (voxels matched exactly)");
    addRow(rows, "Largest distance between matched voxel centres",
           formatNumber(g.maxCenterDistanceMm) + " mm", "geometry/max_center_distance_mm");
    addRow(rows, "Share of the first image inside the second",
           formatNumber(100.0 * g.overlapFraction) + " %", "geometry/overlap_fraction*100");
    addRow(rows, "Largest angle between corresponding axes",
           formatNumber(g.maxDirectionAngleDeg) + " deg", "geometry/max_direction_angle_deg");
    addRow(rows, "Voxel pairs compared", std::to_string(v.comparedVoxels),
           "values/compared_voxels");
    addRow(rows, "Maximum |difference|", withUnit(v.maxAbsDiff, unit), "values/max_abs_diff");
    const DiffLocation& at = v.maxAbsDiffLocation;
    addRow(rows, "  at first image index (i, j, k)", indexText(at.indexFirst));
    addRow(rows, "  at second image index (i, j, k)", formatVec(at.indexSecond));
    addRow(rows, "  at RAS (mm)", pointText(at.pointRas));
    addRow(rows, "  at LPS (mm)", pointText(at.pointLps));
    addRow(rows, "  first image value there", withUnit(at.valueFirst, unit),
           "values/max_abs_diff_location/value_first");
    addRow(rows, "  second image value there", withUnit(at.valueSecond, unit),
           "values/max_abs_diff_location/value_second");
    addRow(rows, "Mean difference (second - first)", withUnit(v.meanDiff, unit),
           "values/mean_diff");
    addRow(rows, "Mean |difference|", withUnit(v.meanAbsDiff, unit), "values/mean_abs_diff");
    addRow(rows, "RMSE", withUnit(v.rmse, unit), "values/rmse");
    for (const auto& [p, value] : v.percentilesAbs) {
        addRow(rows, formatNumber(p) + "th percentile of |difference|", withUnit(value, unit),
               "values/percentiles_abs/" + formatNumber(p));
    }
    addRow(rows, "Absolute tolerance", withUnit(o.absTolerance, unit), "values/tolerance/abs");
    addRow(rows, "Relative tolerance", formatNumber(o.relTolerance), "values/tolerance/rel");
    addRow(rows, "Voxels over the absolute tolerance", std::to_string(v.overAbsTolerance),
           "values/over_abs_tolerance");
    addRow(rows, "Voxels over the relative tolerance", std::to_string(v.overRelTolerance),
           "values/over_rel_tolerance");
    addRow(rows, "Within tolerance", formatShare(v.withinToleranceFraction) + " %",
           "values/within_tolerance_fraction*100");
    addRow(rows, "Pairs where both values are 0 (background)", std::to_string(v.zeroBoth),
           "values/zero_both");
    addRow(rows, "Within tolerance, without the background",
           formatShare(v.withinToleranceFractionNoBackground) + " %",
           "values/within_tolerance_fraction_without_background*100");
    if (v.linearFit.valid) {
        addRow(rows, "Linear fit: slope (second = slope x first + intercept)",
               formatNumber(v.linearFit.slope), "values/linear_fit/slope");
        addRow(rows, "Linear fit: intercept", withUnit(v.linearFit.intercept, unit),
               "values/linear_fit/intercept");
        addRow(rows, "Linear fit: R²", formatNumber(v.linearFit.r2, 8), "values/linear_fit/r2");
    }
    addRow(rows, "Integer storage explains differences", v.quantizationApplies ? "yes" : "no");
    if (v.quantizationApplies) {
        addRow(rows, "  image stored as integers", v.quantizationSide);
        addRow(rows, "  largest quantization bound (half a step)",
               withUnit(v.quantizationBoundMax, unit), "values/quantization_bound_max");
        addRow(rows, "  voxels within their slice's bound",
               formatNumber(100.0 * v.withinQuantizationFraction) + " %",
               "values/within_quantization_fraction*100");
    }
    addRow(rows, "Pairs both NaN (equal)", std::to_string(v.nanBoth), "values/nan_both");
    addRow(rows, "Pairs finite on one side only", std::to_string(v.nonFiniteMismatch),
           "values/non_finite_mismatch");
    return rows;
}

ReportTable imagesTable(const Volume& a, const Volume& b) {
    ReportTable t;
    t.id = "image-facts";
    t.title = "The two images";
    t.header = {"", "First", "Second"};
    for (FactRow& row : imageFactRows(&a, &b)) {
        t.rows.push_back({std::move(row.label), std::move(row.first), std::move(row.second)});
    }
    return t;
}

std::vector<ReportChart> charts(const Comparison& c, const CompareOptions& o,
                                const ReportOptions& ro, const std::string& unit) {
    const ValueComparison& v = c.values;
    const std::string unitSuffix = unit.empty() ? "" : " (" + unit + ")";
    ReportChart hist;
    hist.id = "histogram";
    hist.title = "Histogram of the differences (second - first)";
    hist.xLabel = "second - first" + unitSuffix;
    hist.yLabel = ro.histogramLogScale ? "voxels (log scale)" : "voxels";
    hist.kind = ReportChart::Kind::Bars;
    hist.logY = ro.histogramLogScale;
    hist.x = v.histogram.edges;
    for (auto n : v.histogram.counts) {
        hist.values.push_back(static_cast<double>(n));
    }
    if (o.absTolerance > 0.0) {
        hist.markers.push_back({-o.absTolerance, "-tolerance", true});
        hist.markers.push_back({o.absTolerance, "+tolerance", true});
    }
    if (v.quantizationApplies && v.quantizationBoundMax > 0.0) {
        hist.markers.push_back({-v.quantizationBoundMax, "-quantization bound", true});
        hist.markers.push_back({v.quantizationBoundMax, "+quantization bound", true});
    }
    ReportChart slices;
    slices.id = "per-slice";
    slices.title = "Largest |difference| in each slice k of the first image";
    slices.xLabel = "slice k of the first image";
    slices.yLabel = "max |difference|" + unitSuffix;
    slices.kind = ReportChart::Kind::Line;
    slices.valuesLegend = "max |difference|";
    bool anyBound = false;
    for (const auto& s : v.perSlice) {
        slices.x.push_back(static_cast<double>(s.k));
        slices.values.push_back(s.maxAbsDiff);
        slices.secondValues.push_back(s.quantizationBound);
        anyBound = anyBound || s.quantizationBound > 0.0;
    }
    if (anyBound) {
        slices.secondLegend = "quantization bound of the slice";
    } else {
        slices.secondValues.clear();
    }
    return {hist, slices};
}

ReportTable settingsTable(const ComparisonSettings& settings) {
    ReportTable t;
    t.id = "settings";
    t.title = "Settings used";
    t.header = {"setting", "value"};
    for (const auto& [key, value] : settingsRows(settings)) {
        t.rows.push_back({key, value});
    }
    return t;
}

ReportTable identityTable(const Volume& first, const Volume& second, bool anonymize) {
    ReportTable t;
    t.id = "identity";
    t.title = "Whose images";
    t.header = {"", "First", "Second"};
    auto text = [anonymize](const Volume& v, const std::string& value) {
        if (v.source().format != ImageFormat::Dicom) {
            return std::string("unknown (NIfTI carries none)");
        }
        if (anonymize) {
            return std::string("(anonymized)");
        }
        return value.empty() ? std::string("(not stored)") : value;
    };
    const ImageIdentity& a = first.source().identity;
    const ImageIdentity& b = second.source().identity;
    t.rows.push_back({"Patient's name", text(first, a.patientName), text(second, b.patientName)});
    t.rows.push_back({"Patient ID", text(first, a.patientId), text(second, b.patientId)});
    t.rows.push_back({"Study date", text(first, a.studyDate), text(second, b.studyDate)});
    return t;
}

/// The renderer of the report's pictures: a field of view over both images, each image's
/// window (one common window when their ranges agree), the core's difference scale.
Renderer rendererFor(const Volume& first, const Volume& second, const ReportOptions& ro,
                     const DifferenceScale& diffScale, const std::string& unit) {
    Renderer render{first, second, fieldOfViewLps(first, second), 1.0, {}, {}, {}, 0.5, {}, {}, {}};
    const Vec3 extent = render.box[1] - render.box[0];
    const double longest = std::max({extent[0], extent[1], extent[2], 1e-6});
    render.pixelMm = longest / std::max(16, ro.maxImagePixels);
    render.opacity = ro.fusionOpacity;
    render.firstWindow = autoWindow(first);
    render.secondWindow = autoWindow(second);
    // One window for both when their ranges agree (so equal values look equal); separate ones
    // when they do not (Bq/ml against SUV would leave one image black).
    const double ratio = render.secondWindow.high / render.firstWindow.high;
    const bool commonWindow = ratio > 0.5 && ratio < 2.0;
    if (commonWindow) {
        render.secondWindow = render.firstWindow;
    }
    // The core's difference scale: anchored to the tolerance or quantization bound for identical
    // and equivalent pairs, so float rounding does not look like a disaster.
    render.diffWindow = {0.0, diffScale.halfRange};
    // Each image's window in its own units (a NIfTI file often names none).
    auto windowText = [](const Window& w, const std::string& imageUnit) {
        return "grey " + formatNumber(w.low, 4) + " to " + formatNumber(w.high, 4) +
               (imageUnit.empty() ? "" : " " + imageUnit);
    };
    render.firstScale = windowText(render.firstWindow, first.valueUnits());
    render.secondScale = windowText(render.secondWindow, second.valueUnits()) +
                         (commonWindow ? " (same window)" : " (own window)");
    render.diffScale = "blue -" + formatNumber(render.diffWindow.high, 4) + ", white 0, red +" +
                       formatNumber(render.diffWindow.high, 4) + (unit.empty() ? "" : " " + unit) +
                       (diffScale.anchored ? " (anchored to the tolerance)" : "");
    return render;
}

/// Both images cut through the cursor (the first image's centre unless the options name one).
ReportFigure cursorFigure(const Renderer& render, const ReportOptions& ro,
                          const std::string& diffLegend) {
    const Index3& d = render.first.dims();
    const Vec3 cursorLps = ro.cursorLps.value_or(render.first.voxelCenterLps(
        {(static_cast<double>(d[0]) - 1.0) / 2.0, (static_cast<double>(d[1]) - 1.0) / 2.0,
         (static_cast<double>(d[2]) - 1.0) / 2.0}));
    ReportFigure atCursor;
    atCursor.id = "cursor";
    atCursor.title = "At the cursor: RAS " + pointText(lpsToRasPoint(cursorLps)) + " mm";
    atCursor.note = "Rows: first image, second image, fused (second in hot over first in grey), "
                    "difference (second - first). Both images are cut through the same point in "
                    "space (green cross), whatever their index axes. " +
                    diffLegend;
    render.addPanels(atCursor, cursorLps, true, kCursorColour);
    return atCursor;
}

ReportFigure maxDiffFigure(const Renderer& render, const Comparison& c, const std::string& unit) {
    ReportFigure atMax;
    atMax.id = "max-diff";
    const Vec3 maxLps = c.values.maxAbsDiffLocation.pointLps;
    atMax.title = "At the largest difference: RAS " +
                  pointText(c.values.maxAbsDiffLocation.pointRas) + " mm (|difference| " +
                  withUnit(c.values.maxAbsDiff, unit) + ")";
    atMax.note = "Rows: fused, difference (second - first), cut through the voxel with the largest "
                 "|difference| (cyan cross).";
    render.addPanels(atMax, maxLps, false, kMaxDiffColour);
    return atMax;
}

/// Names, paths and descriptions often carry a patient's name or ID.
void anonymizeNames(ReportModel& r) {
    r.firstName = "first image (anonymized)";
    r.secondName = "second image (anonymized)";
    for (auto& row : r.imagesTable.rows) {
        if (!row.empty() && (row[0] == "Path" || row[0] == "Description")) {
            for (std::size_t n = 1; n < row.size(); ++n) {
                row[n] = "(anonymized)";
            }
        }
    }
}

std::vector<ReportDiagnostic> diagnosticsOf(const Volume& first, const Volume& second,
                                            const Comparison& c) {
    std::vector<ReportDiagnostic> out;
    for (const auto& diag : first.diagnostics()) {
        out.push_back({"first image", diag});
    }
    for (const auto& diag : second.diagnostics()) {
        out.push_back({"second image", diag});
    }
    for (const auto& diag : c.diagnostics) {
        out.push_back({"comparison", diag});
    }
    return out;
}

} // namespace

ReportModel buildReport(const Volume& first, const Volume& second, const Comparison& c,
                        const CompareOptions& options, const ReportOptions& ro) {
    ReportModel r;
    r.title = "VoxDiff comparison report";
    r.generator = std::string("voxdiff ") + VOXDIFF_VERSION;
    r.firstName = first.source().path.string();
    r.secondName = second.source().path.string();
    r.verdict = c.verdict;
    r.verdictWord = upper(verdictName(c.verdict));
    r.verdictReason = c.verdictReason;
    r.geometryExplanation = c.geometry.explanation;
    r.geometryDetails = c.geometry.details;
    const std::string unit = unitsOf(first, second);

    const DifferenceScale diffScale = differenceScale(c, options, false);
    const Renderer render = rendererFor(first, second, ro, diffScale, unit);
    r.figures.push_back(cursorFigure(render, ro, diffScale.legend));
    r.figures.push_back(maxDiffFigure(render, c, unit));

    r.charts = charts(c, options, ro, unit);
    r.statistics = statisticsRows(c, options, unit);
    r.imagesTable = imagesTable(first, second);
    r.contextTables.push_back(settingsTable(ro.settings));
    r.contextTables.push_back(identityTable(first, second, ro.anonymize));
    if (ro.anonymize) {
        anonymizeNames(r);
    }
    r.matrices.push_back({"ijkToRas (NIfTI's frame: x Right, y Anterior, z Superior; mm)",
                          first.ijkToRas(), second.ijkToRas()});
    r.matrices.push_back({"ijkToLps (DICOM's frame: x Left, y Posterior, z Superior; mm)",
                          first.ijkToLps(), second.ijkToLps()});
    r.diagnostics = diagnosticsOf(first, second, c);
    return r;
}

} // namespace voxdiff::core
