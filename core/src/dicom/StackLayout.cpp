// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/StackLayout.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <tuple>

namespace voxdiff::core::dicom {

namespace {

constexpr double kSamePositionMm = 0.01;
constexpr double kOrientationTolerance = 1e-3;
constexpr double kShearToleranceDeg = 0.01;
constexpr double kObliqueTolerance = 1e-3;
constexpr double kPi = 3.14159265358979323846;

std::string number(double v, int precision = 4) {
    std::ostringstream os;
    os.precision(precision);
    os << v;
    return os.str();
}

std::string nameOf(const FrameRef& f) {
    std::string s = f.object->file.filename().string();
    if (f.object->frameCount > 1) {
        s += " frame " + std::to_string(f.frame + 1);
    }
    return s;
}

/// The order of frames that share a position: what the scanner says about time first, then
/// acquisition time, instance number, file and frame.
bool earlierInTime(const FrameRef& a, const FrameRef& b) {
    const FrameHeader& fa = a.header();
    const FrameHeader& fb = b.header();
    const auto key = [](const FrameRef& r, const FrameHeader& f) {
        return std::make_tuple(f.temporalPositionIndex.value_or(0.0), f.dimensionIndex,
                               r.object->acquisitionTime, r.object->instanceNumber.value_or(0.0),
                               r.object->file.string(), r.frame);
    };
    return key(a, fa) < key(b, fb);
}

/// Columns i along the row cosines, rows j along the column cosines (PixelSpacing is row
/// spacing, then column spacing), slices k along sliceStepLps, voxel (0,0,0) at originLps.
void setIjkToLps(StackLayout& layout, const Vec3& rowCos, const Vec3& colCos,
                 const std::array<double, 2>& spacingRowColMm, const Vec3& sliceStepLps,
                 const Vec3& originLps) {
    for (int a = 0; a < 3; ++a) {
        const auto s = static_cast<std::size_t>(a);
        layout.ijkToLps.at(a, 0) = rowCos[s] * spacingRowColMm[1];
        layout.ijkToLps.at(a, 1) = colCos[s] * spacingRowColMm[0];
        layout.ijkToLps.at(a, 2) = sliceStepLps[s];
        layout.ijkToLps.at(a, 3) = originLps[s];
    }
}

std::vector<FrameRef> framesOf(const std::vector<const ObjectHeader*>& objects) {
    std::vector<FrameRef> frames;
    for (const ObjectHeader* o : objects) {
        for (int f = 0; f < o->frameCount; ++f) {
            frames.push_back({o, f, -1});
        }
    }
    return frames;
}

/// Every frame needs a position, an orientation and a pixel spacing to be placed.
Status checkGeometryPresent(const std::vector<FrameRef>& frames) {
    int missing = 0;
    const FrameRef* firstMissing = nullptr;
    for (const FrameRef& f : frames) {
        const FrameHeader& h = f.header();
        if (!h.positionLps || !h.orientation || !h.spacingRowColMm) {
            ++missing;
            firstMissing = firstMissing != nullptr ? firstMissing : &f;
        }
    }
    if (missing == 0) {
        return Ok{};
    }
    const FrameHeader& h = firstMissing->header();
    std::string lacks;
    lacks += !h.positionLps ? " ImagePositionPatient" : "";
    lacks += !h.orientation ? " ImageOrientationPatient" : "";
    lacks += !h.spacingRowColMm ? " PixelSpacing" : "";
    return makeError(ErrorCode::MissingGeometry,
                     std::to_string(missing) + " of " + std::to_string(frames.size()) +
                         " frames cannot be placed in space (" + nameOf(*firstMissing) + " lacks" +
                         lacks + ")",
                     firstMissing->object->file);
}

/// The first frame's plane must be usable: ImageOrientationPatient two unit vectors (within
/// rounding) at right angles, PixelSpacing positive, all finite. Zero or parallel cosines would
/// put every slice at one position (loaded as that many single-slice volumes), and a zero
/// spacing makes the grid singular.
Status checkPlane(const FrameRef& f) {
    const FrameHeader& h = f.header();
    const auto& o = *h.orientation;
    const Vec3 row{o[0], o[1], o[2]};
    const Vec3 col{o[3], o[4], o[5]};
    const double rowNorm = norm(row);
    const double colNorm = norm(col);
    const bool unit = std::isfinite(rowNorm) && std::isfinite(colNorm) && rowNorm > 0.9 &&
                      rowNorm < 1.1 && colNorm > 0.9 && colNorm < 1.1;
    if (!unit || std::abs(dot(row, col)) / (rowNorm * colNorm) > 0.01) {
        return makeError(ErrorCode::CorruptHeader,
                         "ImageOrientationPatient of " + nameOf(f) +
                             " is not two orthogonal unit vectors: the slices cannot be placed",
                         f.object->file);
    }
    const auto& sp = *h.spacingRowColMm;
    if (!(std::isfinite(sp[0]) && std::isfinite(sp[1]) && sp[0] > 0 && sp[1] > 0)) {
        return makeError(ErrorCode::CorruptHeader,
                         "PixelSpacing of " + nameOf(f) + " is not two positive numbers",
                         f.object->file);
    }
    return Ok{};
}

/// One stack: the same orientation, image size and pixel spacing in every frame.
Status checkFramesAgree(const std::vector<FrameRef>& frames) {
    const FrameHeader& h0 = frames.front().header();
    const ObjectHeader& o0 = *frames.front().object;
    for (const FrameRef& f : frames) {
        const FrameHeader& h = f.header();
        double dev = 0.0;
        for (std::size_t c = 0; c < 6; ++c) {
            dev = std::max(dev, std::abs((*h.orientation)[c] - (*h0.orientation)[c]));
        }
        if (dev >= kOrientationTolerance) {
            return makeError(ErrorCode::InconsistentSeries,
                             "frames of one stack have different ImageOrientationPatient (" +
                                 nameOf(f) + " differs from " + nameOf(frames.front()) + " by " +
                                 number(dev) + ")",
                             f.object->file);
        }
        if (f.object->rows != o0.rows || f.object->columns != o0.columns) {
            return makeError(ErrorCode::InconsistentSeries,
                             "frames of one stack have different image sizes (" + nameOf(f) + ")",
                             f.object->file);
        }
        if (std::abs((*h.spacingRowColMm)[0] - (*h0.spacingRowColMm)[0]) > 1e-4 ||
            std::abs((*h.spacingRowColMm)[1] - (*h0.spacingRowColMm)[1]) > 1e-4) {
            return makeError(ErrorCode::InconsistentSeries,
                             "frames of one stack have different PixelSpacing (" + nameOf(f) + ")",
                             f.object->file);
        }
    }
    return Ok{};
}

double alongNormal(const FrameRef& f, const Vec3& normal) {
    return dot(*f.header().positionLps, normal);
}

/// Sorts the frames along the normal into layout.slicesKt (frames within kSamePositionMm share
/// a slice, ordered in time) and sets layout.timePoints; every position must hold as many.
Status groupByPosition(std::vector<FrameRef> frames, const Vec3& normal, StackLayout& layout) {
    auto along = [&normal](const FrameRef& f) { return alongNormal(f, normal); };
    std::stable_sort(frames.begin(), frames.end(),
                     [&](const FrameRef& a, const FrameRef& b) { return along(a) < along(b); });
    for (const FrameRef& f : frames) {
        if (!layout.slicesKt.empty() &&
            std::abs(along(f) - along(layout.slicesKt.back().front())) < kSamePositionMm) {
            layout.slicesKt.back().push_back(f);
        } else {
            layout.slicesKt.push_back({f});
        }
    }
    std::size_t fewest = frames.size();
    std::size_t most = 0;
    for (auto& position : layout.slicesKt) {
        std::sort(position.begin(), position.end(), earlierInTime);
        fewest = std::min(fewest, position.size());
        most = std::max(most, position.size());
    }
    if (fewest != most) {
        const auto it = std::find_if(layout.slicesKt.begin(), layout.slicesKt.end(),
                                     [most](const auto& p) { return p.size() == most; });
        return makeError(ErrorCode::InconsistentSeries,
                         "slice positions hold different numbers of frames (" +
                             std::to_string(fewest) + " to " + std::to_string(most) +
                             "): duplicated or missing files, e.g. " + std::to_string(most) +
                             " frames at the position of " + nameOf(it->front()),
                         it->front().object->file);
    }
    layout.timePoints = static_cast<std::int64_t>(most);
    return Ok{};
}

/// Diagnostics for steps along the normal that vary: where the largest gap is and, when it is
/// much larger than the smallest step, how many slices seem missing.
void addSpacingDiagnostics(const std::vector<double>& steps, StackLayout& layout) {
    const auto [lo, hi] = std::minmax_element(steps.begin(), steps.end());
    const double mean =
        std::accumulate(steps.begin(), steps.end(), 0.0) / static_cast<double>(steps.size());
    if (*hi - *lo > std::max(1e-3, 1e-3 * std::abs(mean))) {
        const std::size_t gapK = static_cast<std::size_t>(hi - steps.begin());
        layout.diagnostics.push_back(
            {Severity::Warning, "nonuniform_slice_spacing",
             "slice spacing along the normal varies from " + number(*lo) + " to " + number(*hi) +
                 " mm; the largest gap is between slices " + std::to_string(gapK) + " (" +
                 nameOf(layout.slicesKt[gapK].front()) + ") and " + std::to_string(gapK + 1) +
                 " (" + nameOf(layout.slicesKt[gapK + 1].front()) +
                 "); the grid uses the mean step " + number(mean) + " mm"});
        if (*hi > 1.5 * *lo) {
            int missingSlices = 0;
            for (double s : steps) {
                missingSlices += static_cast<int>(std::lround(s / *lo)) - 1;
            }
            layout.diagnostics.push_back({Severity::Warning, "missing_slices",
                                          "about " + std::to_string(missingSlices) +
                                              " slice(s) seem missing: the largest gap (" +
                                              number(*hi) + " mm) is " + number(*hi / *lo, 3) +
                                              " times the smallest step"});
        }
    }
}

/// The step from slice to slice: first to last position over n - 1 (not along the normal when
/// the stack is sheared), with diagnostics for uneven spacing and shear.
Vec3 measuredSliceStep(StackLayout& layout, const Vec3& normal) {
    const std::size_t n = layout.slicesKt.size();
    const Vec3 firstLps = *layout.slicesKt.front().front().header().positionLps;
    const Vec3 lastLps = *layout.slicesKt.back().front().header().positionLps;
    const Vec3 sliceStepLps = (1.0 / static_cast<double>(n - 1)) * (lastLps - firstLps);
    std::vector<double> steps;
    for (std::size_t k = 1; k < n; ++k) {
        steps.push_back(alongNormal(layout.slicesKt[k].front(), normal) -
                        alongNormal(layout.slicesKt[k - 1].front(), normal));
    }
    addSpacingDiagnostics(steps, layout);
    const double cosAngle =
        std::abs(dot(sliceStepLps, normal)) / std::max(norm(sliceStepLps), 1e-12);
    const double angleDeg = std::acos(std::min(1.0, cosAngle)) * 180.0 / kPi;
    if (angleDeg > kShearToleranceDeg) {
        layout.diagnostics.push_back(
            {Severity::Warning, "sheared_stack",
             "the slice step is " + number(angleDeg) +
                 " degrees off the slice normal (gantry tilt or shifted slices): the grid "
                 "is sheared so that every slice keeps its ImagePositionPatient"});
    }
    if (*std::min_element(steps.begin(), steps.end()) < kSamePositionMm && layout.timePoints == 1) {
        layout.diagnostics.push_back(
            {Severity::Warning, "duplicated_positions", "two slices are closer than 0.01 mm"});
    }
    return sliceStepLps;
}

/// A slice spacing or thickness that can make a grid: finite and not zero.
std::optional<double> usableSpacing(const std::optional<double>& mm) {
    return mm && std::isfinite(*mm) && *mm != 0.0 ? mm : std::nullopt;
}

/// A single slice has no measured step: its thickness along the normal from the header.
Vec3 singleSliceStep(StackLayout& layout, const Vec3& normal) {
    const FrameHeader& h = layout.slicesKt.front().front().header();
    const auto between = usableSpacing(h.spacingBetweenSlicesMm);
    const auto thickness = usableSpacing(h.sliceThicknessMm);
    const double spacing = between.value_or(thickness.value_or(1.0));
    const char* source = between     ? "SpacingBetweenSlices"
                         : thickness ? "SliceThickness"
                                     : "a default of 1 mm";
    layout.diagnostics.push_back({Severity::Info, "single_slice",
                                  "a single slice: its thickness along the normal (" +
                                      number(spacing) + " mm) comes from " + source +
                                      ", not from a measured step"});
    return spacing * normal;
}

Result<StackLayout> buildMosaicLayout(const std::vector<const ObjectHeader*>& objects) {
    const ObjectHeader& first = *objects.front();
    const MosaicLayout& m = *first.mosaic;
    const FrameHeader& f0 = first.frames.front();
    if (!f0.positionLps || !f0.orientation || !f0.spacingRowColMm) {
        return makeError(ErrorCode::MissingGeometry,
                         "the mosaic lacks ImagePositionPatient, ImageOrientationPatient or "
                         "PixelSpacing",
                         first.file);
    }
    if (auto st = checkPlane(FrameRef{&first, 0, -1}); !st) {
        return st.error();
    }
    if (m.tileRows <= 0 || m.tileColumns <= 0) {
        return makeError(ErrorCode::CorruptHeader,
                         "NumberOfImagesInMosaic (" + std::to_string(m.count) +
                             ") does not fit the image size",
                         first.file);
    }
    std::vector<FrameRef> volumes;
    for (const ObjectHeader* o : objects) {
        if (!o->mosaic || o->mosaic->count != m.count || o->rows != first.rows ||
            o->columns != first.columns) {
            return makeError(ErrorCode::InconsistentSeries,
                             "mosaic files of this series differ in layout", o->file);
        }
        volumes.push_back({o, 0, 0});
    }
    std::sort(volumes.begin(), volumes.end(), earlierInTime);

    const auto& o = *f0.orientation;
    const Vec3 rowCos = normalized({o[0], o[1], o[2]});
    const Vec3 colCos = normalized({o[3], o[4], o[5]});
    const Vec3 normal = m.sliceNormalLps ? normalized(*m.sliceNormalLps) : cross(rowCos, colCos);
    const double rowSpacing = (*f0.spacingRowColMm)[0];
    const double colSpacing = (*f0.spacingRowColMm)[1];
    const double sliceSpacing = usableSpacing(f0.spacingBetweenSlicesMm)
                                    .value_or(usableSpacing(f0.sliceThicknessMm).value_or(1.0));
    // ImagePositionPatient of a mosaic is the corner of the whole mosaic, not of a tile: move it
    // to the corner of a tile centred on the same point (as dcm2niix and nibabel do).
    const Vec3 originLps = *f0.positionLps +
                           (rowSpacing * (first.rows - m.tileRows) / 2.0) * colCos +
                           (colSpacing * (first.columns - m.tileColumns) / 2.0) * rowCos;

    StackLayout layout;
    layout.mosaic = true;
    layout.dims = {m.tileColumns, m.tileRows, m.count};
    layout.timePoints = static_cast<std::int64_t>(volumes.size());
    setIjkToLps(layout, rowCos, colCos, *f0.spacingRowColMm, sliceSpacing * normal, originLps);
    layout.slicesKt.resize(static_cast<std::size_t>(m.count));
    for (int s = 0; s < m.count; ++s) {
        for (const FrameRef& v : volumes) {
            layout.slicesKt[static_cast<std::size_t>(s)].push_back({v.object, 0, s});
        }
    }
    layout.diagnostics.push_back(
        {Severity::Info, "mosaic_unpacked",
         "Siemens mosaic of " + std::to_string(first.columns) + "x" + std::to_string(first.rows) +
             " unpacked into " + std::to_string(m.count) + " slices of " +
             std::to_string(m.tileColumns) + "x" + std::to_string(m.tileRows) +
             (m.sliceNormalLps ? " along the CSA SliceNormalVector"
                               : " along the row x column normal (no CSA SliceNormalVector)") +
             ", spaced " + number(sliceSpacing) + " mm"});
    return layout;
}

} // namespace

std::string StackLayout::orientationLabel() const {
    const std::string code = orientationCodeRas(Matrix4::lpsToRas() * ijkToLps);
    const Vec3 n = normalized(cross(ijkToLps.column(0), ijkToLps.column(1)));
    double offAxis = maxOffAxisCosine(ijkToLps);
    for (double c : n) {
        offAxis = std::max(offAxis, std::min(std::abs(c), std::abs(std::abs(c) - 1.0)));
    }
    return offAxis > kObliqueTolerance ? code + " oblique" : code;
}

Result<StackLayout> buildStackLayout(const std::vector<const ObjectHeader*>& objects) {
    if (objects.empty()) {
        return makeError(ErrorCode::NoImageData, "no image in this series");
    }
    if (objects.front()->mosaic) {
        return buildMosaicLayout(objects);
    }
    std::vector<FrameRef> frames = framesOf(objects);
    if (auto st = checkGeometryPresent(frames); !st) {
        return st.error();
    }
    if (auto st = checkFramesAgree(frames); !st) {
        return st.error();
    }
    if (auto st = checkPlane(frames.front()); !st) {
        return st.error();
    }
    const FrameHeader& h0 = frames.front().header();
    const ObjectHeader& o0 = *frames.front().object;
    const auto& o = *h0.orientation;
    const Vec3 rowCos = normalized({o[0], o[1], o[2]});
    const Vec3 colCos = normalized({o[3], o[4], o[5]});
    const Vec3 normal = cross(rowCos, colCos);

    StackLayout layout;
    if (auto st = groupByPosition(std::move(frames), normal, layout); !st) {
        return st.error();
    }
    const std::size_t n = layout.slicesKt.size();
    layout.dims = {o0.columns, o0.rows, static_cast<std::int64_t>(n)};
    const Vec3 sliceStepLps =
        n > 1 ? measuredSliceStep(layout, normal) : singleSliceStep(layout, normal);
    if (layout.timePoints > 1) {
        layout.diagnostics.push_back(
            {Severity::Info, "frames_share_positions",
             std::to_string(layout.timePoints) + " frames share each slice position: loaded as " +
                 std::to_string(layout.timePoints) + " volumes (select with the volume index)"});
    }
    setIjkToLps(layout, rowCos, colCos, *h0.spacingRowColMm, sliceStepLps,
                *layout.slicesKt.front().front().header().positionLps);
    return layout;
}

} // namespace voxdiff::core::dicom
