// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/ComparisonReport.h"

#include <sstream>

#include "../TextFormat.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/ModelJson.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::core {

namespace {

constexpr int kSchemaVersion = 1;

} // namespace

Json comparisonToJson(const Comparison& c, const Volume& first, const Volume& second,
                      const ComparisonSettings& settings, bool anonymize) {
    Json j = comparisonToJson(c, first, second, compareOptionsFor(settings));
    Json s = Json::object();
    for (const auto& [key, value] : settingsRows(settings)) {
        s[key] = value;
    }
    j["settings"] = std::move(s);
    j["first_identity"] = toJson(first.source().identity, anonymize);
    j["second_identity"] = toJson(second.source().identity, anonymize);
    if (anonymize) {
        for (const char* side : {"first", "second"}) {
            j[side]["path"] = std::string("(anonymized)");
            j[side]["description"] = std::string();
            if (j[side].contains("series_instance_uid")) {
                j[side]["series_instance_uid"] = std::string("(anonymized)");
            }
        }
    }
    return j;
}

Json comparisonToJson(const Comparison& c, const Volume& first, const Volume& second,
                      const CompareOptions& o) {
    Json j = Json::object();
    j["schema_version"] = kSchemaVersion;
    j["tool"] = std::string("voxdiff ") + VOXDIFF_VERSION;
    j["first"] = toJson(first);
    j["second"] = toJson(second);
    j["interpolation"] = interpolationName(o.interpolation);
    j["geometry"] = toJson(c.geometry);
    j["values"] = toJson(c.values, o);
    j["diagnostics"] = toJson(c.diagnostics);
    j["verdict"] = verdictName(c.verdict);
    j["verdict_reason"] = c.verdictReason;
    j["reason"] = verdictReasonCode(c.reason);
    j["reason_codes"] = Json(Json::Array(c.reasonCodes.begin(), c.reasonCodes.end()));
    j["rescale"] = toJson(c.rescale);
    return j;
}

std::string perSliceCsv(const Comparison& c) {
    std::ostringstream os;
    os << "k,count,max_abs_diff,mean_diff,rmse,quantization_bound\n";
    os.precision(9);
    for (const auto& s : c.values.perSlice) {
        os << s.k << ',' << s.count << ',' << s.maxAbsDiff << ',' << s.meanDiff << ',' << s.rmse
           << ',' << s.quantizationBound << '\n';
    }
    return os.str();
}

std::string comparisonSummaryText(const Comparison& c, const Volume& first, const Volume& second) {
    std::ostringstream os;
    std::string verdict = verdictName(c.verdict);
    for (auto& ch : verdict) {
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    os << "Verdict: " << verdict << "\n  " << c.verdictReason << "\n\n";
    os << "First:  " << first.source().path.string() << " ("
       << imageFormatName(first.source().format) << ", " << formatDims(first.dims()) << ", "
       << first.orientationCode() << ")\n";
    os << "Second: " << second.source().path.string() << " ("
       << imageFormatName(second.source().format) << ", " << formatDims(second.dims()) << ", "
       << second.orientationCode() << ")\n\n";
    os << "Geometry: " << c.geometry.explanation << "\n";
    for (const auto& d : c.geometry.details) {
        os << "  " << d << "\n";
    }
    const ValueComparison& v = c.values;
    os << "\nValues (" << v.comparedVoxels << " voxel pairs"
       << (c.geometry.interpolated ? ", interpolated" : "") << "):\n";
    os << "  max |difference| " << formatNumber(v.maxAbsDiff) << " at first index "
       << formatVec({static_cast<double>(v.maxAbsDiffLocation.indexFirst[0]),
                     static_cast<double>(v.maxAbsDiffLocation.indexFirst[1]),
                     static_cast<double>(v.maxAbsDiffLocation.indexFirst[2])})
       << ", second index " << formatVec(v.maxAbsDiffLocation.indexSecond) << ", RAS "
       << formatVec(v.maxAbsDiffLocation.pointRas, 5) << " mm ("
       << formatNumber(v.maxAbsDiffLocation.valueFirst) << " vs "
       << formatNumber(v.maxAbsDiffLocation.valueSecond) << ")\n";
    os << "  mean difference " << formatNumber(v.meanDiff) << ", mean |difference| "
       << formatNumber(v.meanAbsDiff) << ", RMSE " << formatNumber(v.rmse) << "\n";
    os << "  |difference| percentiles:";
    for (const auto& [p, value] : v.percentilesAbs) {
        os << " p" << formatNumber(p) << " " << formatNumber(value);
    }
    os << "\n  within tolerance: " << formatNumber(100.0 * v.withinToleranceFraction, 6) << "%";
    if (v.zeroBoth > 0 && v.comparedVoxels > 0 &&
        static_cast<double>(v.zeroBoth) / static_cast<double>(v.comparedVoxels) >=
            kBackgroundDominantShare) {
        os << " (" << formatNumber(100.0 * v.withinToleranceFractionNoBackground, 6)
           << "% without the " << v.zeroBoth << " background pairs where both are 0)";
    }
    os << "\n";
    if (v.linearFit.valid) {
        os << "  linear fit: second = " << formatNumber(v.linearFit.slope) << " x first + "
           << formatNumber(v.linearFit.intercept) << " (R^2 " << formatNumber(v.linearFit.r2, 8)
           << ")\n";
    }
    if (v.quantizationApplies) {
        os << "  integer storage (" << v.quantizationSide << "): bound up to "
           << formatNumber(v.quantizationBoundMax) << ", "
           << formatNumber(100.0 * v.withinQuantizationFraction, 6) << "% of voxels within it\n";
    }
    if (v.nanBoth || v.nonFiniteMismatch) {
        os << "  NaN/Inf: " << v.nanBoth << " pairs equal, " << v.nonFiniteMismatch
           << " mismatched\n";
    }
    for (const auto& d : c.diagnostics) {
        os << (d.severity == Severity::Warning ? "Warning: " : "Note: ") << d.message << "\n";
    }
    return toValidUtf8(os.str()); // paths may be any bytes
}

} // namespace voxdiff::core
