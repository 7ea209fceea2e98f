// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/ImageFacts.h"

#include <algorithm>

#include "../TextFormat.h"
#include "voxdiff/DicomWeb.h"

namespace voxdiff::core {

namespace {

using Field = std::string (*)(const Volume&);

struct FactField {
    const char* label;
    Field field;
};

std::string orDash(const std::string& s) {
    return s.empty() ? "-" : s;
}

/// The rows every volume has, in the order the faces list them.
const std::vector<FactField>& volumeFields() {
    static const std::vector<FactField> kFields{
        {"Path", [](const Volume& v) { return v.source().path.string(); }},
        {"Format", [](const Volume& v) { return std::string(imageFormatName(v.source().format)); }},
        {"Description", [](const Volume& v) { return orDash(v.source().description); }},
        {"Files read", [](const Volume& v) { return std::to_string(v.source().fileCount); }},
        {"Modality", [](const Volume& v) { return orDash(v.modality()); }},
        {"Value units", [](const Volume& v) { return orDash(v.valueUnits()); }},
        {"Dims (i x j x k)", [](const Volume& v) { return formatDims(v.dims()); }},
        {"Spacing (mm)", [](const Volume& v) { return displayPoint(v.spacingMm()); }},
        {"Origin, RAS (mm)", [](const Volume& v) { return displayPoint(v.originRas()); }},
        {"Origin, LPS (mm)", [](const Volume& v) { return displayPoint(v.originLps()); }},
        {"Index axes point to (RAS code)", [](const Volume& v) { return v.orientationCode(); }},
        {"Direction of i (LPS)", [](const Volume& v) { return displayPoint(v.directionLps(0)); }},
        {"Direction of j (LPS)", [](const Volume& v) { return displayPoint(v.directionLps(1)); }},
        {"Direction of k (LPS)", [](const Volume& v) { return displayPoint(v.directionLps(2)); }},
        {"Time point",
         [](const Volume& v) {
             return std::to_string(v.timeIndex()) + " of " + std::to_string(v.timePointCount());
         }},
        {"Scaling", [](const Volume& v) { return scalingText(v.scaling()); }},
        {"Values min / max / mean",
         [](const Volume& v) {
             return displayNumber(v.stats().min) + " / " + displayNumber(v.stats().max) + " / " +
                    displayNumber(v.stats().mean);
         }},
        {"NaN / Inf voxels",
         [](const Volume& v) {
             return std::to_string(v.stats().nanCount) + " / " + std::to_string(v.stats().infCount);
         }},
    };
    return kFields;
}

using NiftiField = std::string (*)(const NiftiHeaderInfo&);

struct NiftiFactField {
    const char* label;
    NiftiField field;
};

/// The NIfTI header rows, shown when either side is NIfTI ("-" for the other).
const std::vector<NiftiFactField>& niftiFields() {
    static const std::vector<NiftiFactField> kFields{
        {"NIfTI version", [](const NiftiHeaderInfo& n) { return std::to_string(n.version); }},
        {"NIfTI datatype", [](const NiftiHeaderInfo& n) { return n.datatype; }},
        {"qform code / sform code",
         [](const NiftiHeaderInfo& n) {
             return std::to_string(n.qformCode) + " / " + std::to_string(n.sformCode);
         }},
        {"Geometry taken from", [](const NiftiHeaderInfo& n) { return n.affineSource; }},
        {"Spatial unit", [](const NiftiHeaderInfo& n) { return n.spatialUnit; }},
    };
    return kFields;
}

} // namespace

std::vector<FactRow> imageFactRows(const Volume* first, const Volume* second) {
    std::vector<FactRow> rows;
    for (const FactField& f : volumeFields()) {
        rows.push_back({f.label, first ? f.field(*first) : std::string(),
                        second ? f.field(*second) : std::string()});
    }
    const bool anyNifti = (first && first->nifti()) || (second && second->nifti());
    if (anyNifti) {
        auto text = [](const Volume* v, NiftiField field) {
            if (!v) {
                return std::string();
            }
            return v->nifti() ? field(*v->nifti()) : std::string("-");
        };
        for (const NiftiFactField& f : niftiFields()) {
            rows.push_back({f.label, text(first, f.field), text(second, f.field)});
        }
    }
    return rows;
}

std::string imageDisplayName(const Volume& v) {
    const std::string path = v.source().path.string();
    if (isDicomWebUrl(path)) {
        auto url = parseDicomWebUrl(path);
        const std::string what = !v.source().description.empty() ? v.source().description
                                 : !v.modality().empty()         ? v.modality() + " series"
                                                                 : std::string("series");
        return what + " (" + (url ? url->authority : std::string("DICOMweb")) + ")";
    }
    std::filesystem::path p = v.source().path;
    if (!p.has_filename()) {
        p = p.parent_path(); // a folder given with a trailing slash
    }
    return p.filename().string();
}

std::string scalingText(const Scaling& s) {
    std::string text = scalingKindName(s.kind);
    if (!s.storedType.empty()) {
        text += ", stored " + s.storedType;
    }
    if (!s.perSliceK.empty()) {
        double lo = s.perSliceK.front().slope;
        double hi = lo;
        for (const auto& k : s.perSliceK) {
            lo = std::min(lo, k.slope);
            hi = std::max(hi, k.slope);
        }
        text += s.slopeVariesPerSlice()
                    ? ", slope per slice " + displayNumber(lo) + " to " + displayNumber(hi)
                    : ", slope " + displayNumber(lo) + " on every slice";
    } else if (s.kind != ScalingKind::None) {
        text += ", slope " + displayNumber(s.slope) + ", intercept " + displayNumber(s.intercept);
    }
    return text;
}

std::string displayNumber(double value, int significant) {
    return formatNumber(value, significant);
}

std::string displayPoint(const Vec3& p) {
    return formatVec({p[0] + 0.0, p[1] + 0.0, p[2] + 0.0}, 5);
}

std::string displayDims(const Index3& dims) {
    return formatDims(dims);
}

std::string displayIndex(const Index3& i) {
    return "(" + std::to_string(i[0]) + ", " + std::to_string(i[1]) + ", " + std::to_string(i[2]) +
           ")";
}

std::string displayMatrix(const Matrix4& m) {
    std::vector<std::string> cells;
    std::size_t width = 0;
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 4; ++c) {
            cells.push_back(displayNumber(m.at(r, c) + 0.0));
            width = std::max(width, cells.back().size());
        }
    }
    std::string text;
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 4; ++c) {
            const std::string& cell = cells[static_cast<std::size_t>(4 * r + c)];
            text += std::string(width - cell.size() + (c ? 2 : 0), ' ') + cell;
        }
        text += r < 3 ? "\n" : "";
    }
    return text;
}

} // namespace voxdiff::core
