// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/VolumeSummary.h"

#include <sstream>

#include "TextFormat.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::core {

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
