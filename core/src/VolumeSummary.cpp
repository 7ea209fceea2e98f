#include "voxdiff/VolumeSummary.h"

#include <sstream>

#include "TextFormat.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::core {

Json matrixToJson(const Matrix4& m) {
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

Json vecToJson(const Vec3& v) {
    return Json(Json::Array{v[0], v[1], v[2]});
}

Json diagnosticsToJson(const Diagnostics& diagnostics) {
    Json list = Json::array();
    for (const auto& d : diagnostics) {
        Json dj = Json::object();
        dj["severity"] = severityName(d.severity);
        dj["code"] = d.code;
        dj["message"] = d.message;
        list.push(std::move(dj));
    }
    return list;
}

namespace {

Json scalingToJson(const Scaling& s) {
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

} // namespace

Json describeVolume(const Volume& v) {
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
    j["dims"] = Json(Json::Array{v.dims()[0], v.dims()[1], v.dims()[2]});
    j["time_points"] = v.timePointCount();
    j["time_index"] = v.timeIndex();
    j["spacing_mm"] = vecToJson(v.spacingMm());
    j["origin_lps"] = vecToJson(v.originLps());
    j["origin_ras"] = vecToJson(v.originRas());
    Json dir = Json::array();
    for (int a = 0; a < 3; ++a) {
        dir.push(vecToJson(v.directionLps(a)));
    }
    j["direction_lps"] = std::move(dir);
    j["orientation_ras"] = v.orientationCode();
    j["ijk_to_lps"] = matrixToJson(v.ijkToLps());
    j["ijk_to_ras"] = matrixToJson(v.ijkToRas());
    if (const auto& n = v.nifti()) {
        Json nj = Json::object();
        nj["version"] = n->version;
        nj["datatype"] = n->datatype;
        nj["byte_order"] = n->bigEndian ? "big" : "little";
        nj["qform_code"] = n->qformCode;
        nj["sform_code"] = n->sformCode;
        nj["qform_ijk_to_ras"] = matrixToJson(n->qformIjkToRas);
        nj["sform_ijk_to_ras"] = matrixToJson(n->sformIjkToRas);
        nj["affine_source"] = n->affineSource;
        Json pix = Json::array();
        for (double p : n->pixdim) {
            pix.push(p);
        }
        nj["pixdim"] = std::move(pix);
        nj["spatial_unit"] = n->spatialUnit;
        j["nifti"] = std::move(nj);
    }
    j["scaling"] = scalingToJson(v.scaling());
    const ValueStats& s = v.stats();
    Json st = Json::object();
    st["min"] = s.min;
    st["max"] = s.max;
    st["mean"] = s.mean;
    st["finite_count"] = s.finiteCount;
    st["nan_count"] = s.nanCount;
    st["inf_count"] = s.infCount;
    j["values"] = std::move(st);
    j["diagnostics"] = diagnosticsToJson(v.diagnostics());
    return j;
}

std::string describeVolumeText(const Volume& v) {
    std::ostringstream os;
    os << "Path:         " << v.source().path.string() << "\n";
    os << "Format:       " << imageFormatName(v.source().format);
    if (v.source().fileCount > 1) {
        os << " (" << v.source().fileCount << " files)";
    }
    os << "\n";
    if (!v.modality().empty()) {
        os << "Modality:     " << v.modality() << "\n";
    }
    if (!v.source().description.empty()) {
        os << "Description:  " << v.source().description << "\n";
    }
    os << "Dims (ijk):   " << formatDims(v.dims());
    if (v.timePointCount() > 1) {
        os << "  (volume " << v.timeIndex() << " of " << v.timePointCount() << ")";
    }
    os << "\n";
    os << "Spacing (mm): " << formatVec(v.spacingMm()) << "\n";
    os << "Origin LPS:   " << formatVec(v.originLps()) << " mm\n";
    os << "Origin RAS:   " << formatVec(v.originRas()) << " mm\n";
    os << "Orientation:  " << v.orientationCode() << " (RAS code of the i, j, k axes)\n";
    os << "ijkToLps:\n" << formatMatrix(v.ijkToLps());
    os << "ijkToRas:\n" << formatMatrix(v.ijkToRas());
    if (const auto& n = v.nifti()) {
        os << "NIfTI-" << n->version << " " << n->datatype << (n->bigEndian ? " big endian" : "")
           << ", geometry from " << n->affineSource << " (qform_code " << n->qformCode
           << ", sform_code " << n->sformCode << ")\n";
        if (n->qformCode > 0) {
            os << "qform (ijk to RAS):\n" << formatMatrix(n->qformIjkToRas);
        }
        if (n->sformCode > 0) {
            os << "sform (ijk to RAS):\n" << formatMatrix(n->sformIjkToRas);
        }
    }
    const Scaling& sc = v.scaling();
    os << "Scaling:      " << scalingKindName(sc.kind) << ", stored as " << sc.storedType;
    if (!sc.perSliceK.empty()) {
        os << (sc.slopeVariesPerSlice() ? ", slope varies per slice" : ", one slope for all slices")
           << " (slice 0: slope " << formatNumber(sc.perSliceK.front().slope) << ", intercept "
           << formatNumber(sc.perSliceK.front().intercept) << ")";
    } else if (sc.kind != ScalingKind::None) {
        os << ", slope " << formatNumber(sc.slope) << ", intercept " << formatNumber(sc.intercept);
    }
    os << "\n";
    const ValueStats& s = v.stats();
    os << "Values:       min " << formatNumber(s.min) << ", max " << formatNumber(s.max)
       << ", mean " << formatNumber(s.mean);
    if (!v.valueUnits().empty()) {
        os << " " << v.valueUnits();
    }
    if (s.nanCount || s.infCount) {
        os << " (" << s.nanCount << " NaN, " << s.infCount << " Inf)";
    }
    os << "\n";
    for (const auto& d : v.diagnostics()) {
        os << (d.severity == Severity::Warning ? "Warning: " : "Note:    ") << d.message << "\n";
    }
    return toValidUtf8(os.str()); // paths and descriptions may be any bytes
}

} // namespace voxdiff::core
