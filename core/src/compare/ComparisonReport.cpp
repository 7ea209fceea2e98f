#include "voxdiff/ComparisonReport.h"

#include <sstream>

#include "../TextFormat.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/Utf8.h"
#include "voxdiff/VolumeSummary.h"

namespace voxdiff::core {

namespace {

constexpr int kSchemaVersion = 1;

Json indexToJson(const Index3& i) {
    return Json(Json::Array{i[0], i[1], i[2]});
}

Json geometryToJson(const GeometryRelation& g) {
    Json j = Json::object();
    j["same_grid"] = g.sameGrid;
    j["same_lattice"] = g.sameLattice;
    Json map = Json::array();
    for (const auto& e : g.axisMap) {
        Json m = Json::object();
        m["axis"] = e.axis;
        m["flipped"] = e.flipped;
        m["offset"] = e.offset;
        map.push(std::move(m));
    }
    j["axis_map"] = g.sameLattice ? std::move(map) : Json();
    j["first_ijk_to_second_ijk"] = matrixToJson(g.firstIjkToSecondIjk);
    j["max_center_distance_mm"] = g.maxCenterDistanceMm;
    j["max_center_distance_voxels"] = g.maxCenterDistanceVoxels;
    j["matched_within_tolerance"] = g.matchedWithinTolerance;
    j["overlap_fraction"] = g.overlapFraction;
    j["interpolated"] = g.interpolated;
    j["max_direction_angle_deg"] = g.maxDirectionAngleDeg;
    j["explanation"] = g.explanation;
    Json details = Json::array();
    for (const auto& d : g.details) {
        details.push(d);
    }
    j["details"] = std::move(details);
    return j;
}

Json valuesToJson(const ValueComparison& v, const CompareOptions& o) {
    Json j = Json::object();
    j["compared_voxels"] = v.comparedVoxels;
    j["nan_both"] = v.nanBoth;
    j["non_finite_mismatch"] = v.nonFiniteMismatch;
    j["max_abs_diff"] = v.maxAbsDiff;
    Json loc = Json::object();
    loc["index_first"] = indexToJson(v.maxAbsDiffLocation.indexFirst);
    loc["index_second"] = vecToJson(v.maxAbsDiffLocation.indexSecond);
    loc["lps"] = vecToJson(v.maxAbsDiffLocation.pointLps);
    loc["ras"] = vecToJson(v.maxAbsDiffLocation.pointRas);
    loc["value_first"] = v.maxAbsDiffLocation.valueFirst;
    loc["value_second"] = v.maxAbsDiffLocation.valueSecond;
    j["max_abs_diff_location"] = std::move(loc);
    j["mean_diff"] = v.meanDiff;
    j["mean_abs_diff"] = v.meanAbsDiff;
    j["rmse"] = v.rmse;
    Json pct = Json::object();
    for (const auto& [p, value] : v.percentilesAbs) {
        pct[formatNumber(p)] = value;
    }
    j["percentiles_abs"] = std::move(pct);
    Json tol = Json::object();
    tol["abs"] = o.absTolerance;
    tol["rel"] = o.relTolerance;
    j["tolerance"] = std::move(tol);
    j["over_abs_tolerance"] = v.overAbsTolerance;
    j["over_rel_tolerance"] = v.overRelTolerance;
    j["within_tolerance_fraction"] = v.withinToleranceFraction;
    j["zero_both"] = v.zeroBoth;
    j["within_tolerance_fraction_without_background"] = v.withinToleranceFractionNoBackground;
    Json fit = Json::object();
    fit["valid"] = v.linearFit.valid;
    fit["slope"] = v.linearFit.slope;
    fit["intercept"] = v.linearFit.intercept;
    fit["r2"] = v.linearFit.r2;
    fit["residual_rms"] = v.linearFit.residualRms;
    fit["residuals_checked"] = v.linearFit.residualsChecked;
    if (v.linearFit.residualsChecked) {
        fit["max_abs_residual"] = v.linearFit.maxAbsResidual;
        fit["residuals_over_tolerance"] = v.linearFit.residualsOverTolerance;
        fit["residuals_over_bound"] = v.linearFit.residualsOverBound;
    }
    j["linear_fit"] = std::move(fit);
    j["quantization_applies"] = v.quantizationApplies;
    j["quantization_side"] = v.quantizationSide;
    j["quantization_bound_max"] = v.quantizationBoundMax;
    j["within_quantization_fraction"] = v.withinQuantizationFraction;
    j["within_quantization_fraction_without_background"] = v.withinQuantizationFractionNoBackground;
    Json hist = Json::object();
    Json edges = Json::array();
    for (double e : v.histogram.edges) {
        edges.push(e);
    }
    Json counts = Json::array();
    for (auto c : v.histogram.counts) {
        counts.push(c);
    }
    hist["edges"] = std::move(edges);
    hist["counts"] = std::move(counts);
    j["histogram"] = std::move(hist);
    Json slices = Json::array();
    for (const auto& s : v.perSlice) {
        Json sj = Json::object();
        sj["k"] = s.k;
        sj["count"] = s.count;
        sj["max_abs_diff"] = s.maxAbsDiff;
        sj["mean_diff"] = s.meanDiff;
        sj["rmse"] = s.rmse;
        sj["quantization_bound"] = s.quantizationBound;
        slices.push(std::move(sj));
    }
    j["per_slice"] = std::move(slices);
    return j;
}

Json rescaleToJson(const RescaleFinding& r) {
    Json j = Json::object();
    j["applies"] = r.applies;
    j["slope"] = r.slope;
    j["intercept"] = r.intercept;
    j["suv_factor"] = r.suvFactor;
    j["suv_side"] = r.suvFactor ? Json(std::string(r.suvSide == 0 ? "first" : "second")) : Json();
    j["suv_inputs"] = r.suvInputs;
    return j;
}

Json identityToJson(const ImageIdentity& id, bool anonymize) {
    Json j = Json::object();
    auto put = [&j](const char* key, const std::string& value) {
        j[key] = value.empty() ? Json() : Json(value);
    };
    if (!anonymize) {
        put("patient_name", id.patientName);
        put("patient_id", id.patientId);
        put("patient_birth_date", id.patientBirthDate);
    }
    put("study_date", anonymize ? std::string() : id.studyDate);
    put("study_instance_uid", anonymize ? std::string() : id.studyInstanceUid);
    put("frame_of_reference_uid", anonymize ? std::string() : id.frameOfReferenceUid);
    j["anonymized"] = anonymize;
    return j;
}

} // namespace

Json comparisonToJson(const Comparison& c, const Volume& first, const Volume& second,
                      const ComparisonSettings& settings, bool anonymize) {
    Json j = comparisonToJson(c, first, second, compareOptionsFor(settings));
    Json s = Json::object();
    for (const auto& [key, value] : settingsRows(settings)) {
        s[key] = value;
    }
    j["settings"] = std::move(s);
    j["first_identity"] = identityToJson(first.source().identity, anonymize);
    j["second_identity"] = identityToJson(second.source().identity, anonymize);
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
    j["first"] = describeVolume(first);
    j["second"] = describeVolume(second);
    j["interpolation"] = interpolationName(o.interpolation);
    j["geometry"] = geometryToJson(c.geometry);
    j["values"] = valuesToJson(c.values, o);
    j["diagnostics"] = diagnosticsToJson(c.diagnostics);
    j["verdict"] = verdictName(c.verdict);
    j["verdict_reason"] = c.verdictReason;
    j["reason"] = verdictReasonCode(c.reason);
    Json codes = Json::array();
    for (const auto& code : c.reasonCodes) {
        codes.push(code);
    }
    j["reason_codes"] = std::move(codes);
    j["rescale"] = rescaleToJson(c.rescale);
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
