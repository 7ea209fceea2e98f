// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/ModelJson.h"

#include "TextFormat.h"

namespace voxdiff::core {

namespace {

template <typename Range> Json arrayOf(const Range& items) {
    Json list = Json::array();
    for (const auto& item : items) {
        list.push(toJson(item));
    }
    return list;
}

template <typename Range> Json plainArray(const Range& values) {
    Json list = Json::array();
    for (const auto& value : values) {
        list.push(value);
    }
    return list;
}

Json stringOrNull(const std::string& value) {
    return value.empty() ? Json() : Json(value);
}

} // namespace

Json toJson(const Vec3& v) {
    return Json(Json::Array{v[0], v[1], v[2]});
}

Json toJson(const Index3& index) {
    return Json(Json::Array{index[0], index[1], index[2]});
}

Json toJson(const Matrix4& m) {
    Json rows = Json::array();
    for (int r = 0; r < 4; ++r) {
        Json row = Json::array();
        for (int c = 0; c < 4; ++c) {
            row.push(m.at(r, c));
        }
        rows.push(std::move(row));
    }
    return rows;
}

Json toJson(const Diagnostic& d) {
    Json j = Json::object();
    j["severity"] = severityName(d.severity);
    j["code"] = d.code;
    j["message"] = d.message;
    return j;
}

Json toJson(const Diagnostics& diagnostics) {
    return arrayOf(diagnostics);
}

Json toJson(const Scaling& s) {
    Json j = Json::object();
    j["kind"] = scalingKindName(s.kind);
    j["stored_type"] = s.storedType;
    if (s.perSliceK.empty()) {
        j["slope"] = s.slope;
        j["intercept"] = s.intercept;
    } else {
        j["slope_varies_per_slice"] = s.slopeVariesPerSlice();
        j["intercept_varies_per_slice"] = s.interceptVariesPerSlice();
        Json slices = Json::array();
        for (const auto& sl : s.perSliceK) {
            slices.push(Json(Json::Array{sl.slope, sl.intercept}));
        }
        j["per_slice_slope_intercept"] = std::move(slices);
    }
    return j;
}

Json toJson(const NiftiHeaderInfo& n) {
    Json j = Json::object();
    j["version"] = n.version;
    j["datatype"] = n.datatype;
    j["byte_order"] = n.bigEndian ? "big" : "little";
    j["qform_code"] = n.qformCode;
    j["sform_code"] = n.sformCode;
    j["qform_ijk_to_ras"] = toJson(n.qformIjkToRas);
    j["sform_ijk_to_ras"] = toJson(n.sformIjkToRas);
    j["affine_source"] = n.affineSource;
    j["pixdim"] = plainArray(n.pixdim);
    j["spatial_unit"] = n.spatialUnit;
    return j;
}

Json toJson(const ValueStats& s) {
    Json j = Json::object();
    j["min"] = s.min;
    j["max"] = s.max;
    j["mean"] = s.mean;
    j["finite_count"] = s.finiteCount;
    j["nan_count"] = s.nanCount;
    j["inf_count"] = s.infCount;
    return j;
}

Json toJson(const Volume& v) {
    Json j = Json::object();
    j["path"] = v.source().path.string();
    j["format"] = imageFormatName(v.source().format);
    if (!v.source().seriesInstanceUid.empty()) {
        j["series_instance_uid"] = v.source().seriesInstanceUid;
    }
    j["description"] = v.source().description;
    j["file_count"] = v.source().fileCount;
    j["modality"] = v.modality();
    j["units"] = v.valueUnits();
    j["dims"] = toJson(v.dims());
    j["time_points"] = v.timePointCount();
    j["time_index"] = v.timeIndex();
    j["spacing_mm"] = toJson(v.spacingMm());
    j["origin_lps"] = toJson(v.originLps());
    j["origin_ras"] = toJson(v.originRas());
    j["direction_lps"] = Json(Json::Array{toJson(v.directionLps(0)), toJson(v.directionLps(1)),
                                          toJson(v.directionLps(2))});
    j["orientation_ras"] = v.orientationCode();
    j["ijk_to_lps"] = toJson(v.ijkToLps());
    j["ijk_to_ras"] = toJson(v.ijkToRas());
    if (const auto& n = v.nifti()) {
        j["nifti"] = toJson(*n);
    }
    j["scaling"] = toJson(v.scaling());
    j["values"] = toJson(v.stats());
    j["diagnostics"] = toJson(v.diagnostics());
    return j;
}

Json toJson(const ImageIdentity& id, bool anonymize) {
    Json j = Json::object();
    if (!anonymize) {
        j["patient_name"] = stringOrNull(id.patientName);
        j["patient_id"] = stringOrNull(id.patientId);
        j["patient_birth_date"] = stringOrNull(id.patientBirthDate);
    }
    j["study_date"] = anonymize ? Json() : stringOrNull(id.studyDate);
    j["study_instance_uid"] = anonymize ? Json() : stringOrNull(id.studyInstanceUid);
    j["frame_of_reference_uid"] = anonymize ? Json() : stringOrNull(id.frameOfReferenceUid);
    j["anonymized"] = anonymize;
    return j;
}

Json toJson(const AxisMapEntry& e) {
    Json j = Json::object();
    j["axis"] = e.axis;
    j["flipped"] = e.flipped;
    j["offset"] = e.offset;
    return j;
}

Json toJson(const std::array<AxisMapEntry, 3>& axisMap) {
    return arrayOf(axisMap);
}

Json toJson(const GeometryRelation& g) {
    Json j = Json::object();
    j["same_grid"] = g.sameGrid;
    j["same_lattice"] = g.sameLattice;
    j["axis_map"] = g.sameLattice ? toJson(g.axisMap) : Json();
    j["first_ijk_to_second_ijk"] = toJson(g.firstIjkToSecondIjk);
    j["max_center_distance_mm"] = g.maxCenterDistanceMm;
    j["max_center_distance_voxels"] = g.maxCenterDistanceVoxels;
    j["matched_within_tolerance"] = g.matchedWithinTolerance;
    j["overlap_fraction"] = g.overlapFraction;
    j["interpolated"] = g.interpolated;
    j["max_direction_angle_deg"] = g.maxDirectionAngleDeg;
    j["explanation"] = g.explanation;
    j["details"] = plainArray(g.details);
    return j;
}

Json toJson(const DiffLocation& l) {
    Json j = Json::object();
    j["index_first"] = toJson(l.indexFirst);
    j["index_second"] = toJson(l.indexSecond);
    j["lps"] = toJson(l.pointLps);
    j["ras"] = toJson(l.pointRas);
    j["value_first"] = l.valueFirst;
    j["value_second"] = l.valueSecond;
    return j;
}

Json toJson(const LinearFit& fit) {
    Json j = Json::object();
    j["valid"] = fit.valid;
    j["slope"] = fit.slope;
    j["intercept"] = fit.intercept;
    j["r2"] = fit.r2;
    j["residual_rms"] = fit.residualRms;
    j["residuals_checked"] = fit.residualsChecked;
    if (fit.residualsChecked) {
        j["max_abs_residual"] = fit.maxAbsResidual;
        j["residuals_over_tolerance"] = fit.residualsOverTolerance;
        j["residuals_over_bound"] = fit.residualsOverBound;
    }
    return j;
}

Json toJson(const DiffHistogram& h) {
    Json j = Json::object();
    j["edges"] = plainArray(h.edges);
    j["counts"] = plainArray(h.counts);
    return j;
}

Json toJson(const SliceDiffStats& s) {
    Json j = Json::object();
    j["k"] = s.k;
    j["count"] = s.count;
    j["max_abs_diff"] = s.maxAbsDiff;
    j["mean_diff"] = s.meanDiff;
    j["rmse"] = s.rmse;
    j["quantization_bound"] = s.quantizationBound;
    return j;
}

Json toJson(const ValueComparison& v, const CompareOptions& o) {
    Json j = Json::object();
    j["compared_voxels"] = v.comparedVoxels;
    j["nan_both"] = v.nanBoth;
    j["non_finite_mismatch"] = v.nonFiniteMismatch;
    j["max_abs_diff"] = v.maxAbsDiff;
    j["max_abs_diff_location"] = toJson(v.maxAbsDiffLocation);
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
    j["linear_fit"] = toJson(v.linearFit);
    j["quantization_applies"] = v.quantizationApplies;
    j["quantization_side"] = v.quantizationSide;
    j["quantization_bound_max"] = v.quantizationBoundMax;
    j["within_quantization_fraction"] = v.withinQuantizationFraction;
    j["within_quantization_fraction_without_background"] = v.withinQuantizationFractionNoBackground;
    j["histogram"] = toJson(v.histogram);
    j["per_slice"] = arrayOf(v.perSlice);
    return j;
}

Json toJson(const RescaleFinding& r) {
    Json j = Json::object();
    j["applies"] = r.applies;
    j["slope"] = r.slope;
    j["intercept"] = r.intercept;
    j["suv_factor"] = r.suvFactor;
    j["suv_side"] = r.suvFactor ? Json(std::string(r.suvSide == 0 ? "first" : "second")) : Json();
    j["suv_inputs"] = r.suvInputs;
    return j;
}

Json toJson(const BatchPairResult& r) {
    Json j = Json::object();
    j["name"] = r.name;
    j["index"] = r.index;
    j["line"] = r.lineNumber;
    j["first"] = r.first;
    j["second"] = r.second;
    j["outcome"] = pairOutcomeName(r.outcome);
    j["verdict"] = stringOrNull(r.verdict);
    j["reason"] = stringOrNull(r.reason);
    j["verdict_reason"] = r.verdictReason;
    const bool compared = r.outcome != PairOutcome::Error;
    j["max_abs_diff"] = compared ? Json(r.maxAbsDiff) : Json();
    j["same_grid"] = compared ? Json(r.sameGrid) : Json();
    j["axis_map"] = r.axisMap ? toJson(*r.axisMap) : Json();
    j["exit_status"] = r.exitStatus;
    if (r.errorCode.empty()) {
        j["error"] = Json();
    } else {
        Json e = Json::object();
        e["code"] = r.errorCode;
        e["message"] = r.errorMessage;
        j["error"] = std::move(e);
    }
    j["seconds"] = r.seconds;
    j["estimated_bytes"] = static_cast<double>(r.estimatedBytes);
    return j;
}

void addTextFields(const DicomText& t, Json& j) {
    j["patient_name"] = stringOrNull(t.patientName);
    j["patient_id"] = stringOrNull(t.patientId);
    j["patient_birth_date"] = stringOrNull(t.patientBirthDate);
    j["study_date"] = stringOrNull(t.studyDate);
    j["study_description"] = stringOrNull(t.studyDescription);
    j["series_description"] = stringOrNull(t.seriesDescription);
    j["specific_character_set"] = stringOrNull(t.specificCharacterSet);
    j["text_issues"] = plainArray(t.issues);
}

Json toJson(const SkippedFile& s) {
    Json j = Json::object();
    j["file"] = s.file.string();
    j["reason"] = s.reason;
    j["code"] = std::string(errorCodeName(s.code));
    addTextFields(s.text, j);
    return j;
}

Json toJson(const DicomVolumeEntry& e) {
    Json j = Json::object();
    j["series_instance_uid"] = e.seriesInstanceUid;
    j["sub_volume"] = e.subVolume;
    j["label"] = e.label;
    j["modality"] = e.modality;
    j["series_number"] = e.seriesNumber;
    addTextFields(e.text, j);
    j["file_count"] = e.fileCount;
    j["frame_count"] = e.frameCount;
    j["dims"] = toJson(e.dims);
    j["time_points"] = e.timePoints;
    j["orientation"] = e.orientation;
    j["problem"] = stringOrNull(e.problem);
    return j;
}

Json toJson(const DicomListing& listing) {
    Json j = Json::object();
    j["root"] = listing.root.string();
    j["volumes"] = arrayOf(listing.volumes);
    j["skipped"] = arrayOf(listing.skipped);
    j["non_image"] = arrayOf(listing.nonImage);
    return j;
}

Json toJson(const DicomWebStudy& s) {
    Json j = Json::object();
    j["study_instance_uid"] = s.studyUid;
    j["patient_id"] = s.patientId;
    j["patient_name"] = s.patientName;
    j["study_date"] = s.studyDate;
    j["accession_number"] = s.accessionNumber;
    j["description"] = s.description;
    j["modalities"] = s.modalities;
    return j;
}

Json toJson(const DicomWebSeries& s) {
    Json j = Json::object();
    j["series_instance_uid"] = s.seriesUid;
    j["modality"] = s.modality;
    j["series_number"] = s.seriesNumber;
    j["description"] = s.description;
    j["instance_count"] = s.instanceCount < 0 ? Json() : Json(s.instanceCount);
    return j;
}

} // namespace voxdiff::core
