// SPDX-License-Identifier: BSD-3-Clause
#include "model/ViewerState.h"

#include "voxdiff/DisplayConvention.h"

#include <algorithm>
#include <cmath>

namespace voxdiff::ui {

const char* fusionModeName(FusionMode m) {
    switch (m) {
    case FusionMode::Blend:
        return "Blend";
    case FusionMode::Checkerboard:
        return "Checkerboard";
    case FusionMode::Difference:
        return "Difference";
    case FusionMode::Swipe:
        return "Swipe";
    }
    return "?";
}

ViewerState::ViewerState(QObject* parent) : QObject(parent) {}

void ViewerState::setVolume(ImageSlot slot, std::shared_ptr<const core::Volume> volume) {
    const bool hadReference = referenceVolume() != nullptr;
    m_volumes[slotIndex(slot)] = std::move(volume);
    const int other = 1 - slotIndex(slot);
    if (const auto& v = m_volumes[slotIndex(slot)]) {
        m_windowLevel[slotIndex(slot)] = autoWindowLevel(*v);
        m_colorMap[slotIndex(slot)] = defaultColorMap(*v, m_volumes[other].get());
        // A PET NIfTI loaded before its DICOM partner turns hot once the partner says "PT".
        if (m_volumes[other] && m_colorMap[other] == ColorMap::Grey &&
            defaultColorMap(*m_volumes[other], v.get()) == ColorMap::Hot) {
            m_colorMap[other] = ColorMap::Hot;
            emit displayChanged(static_cast<ImageSlot>(other));
        }
    }
    // A comparison of the previous pair must not describe the new one.
    if (m_comparison) {
        m_comparison.reset();
        emit comparisonChanged();
    }
    emit volumeChanged(slot);
    emit displayChanged(slot);
    if (!hadReference || slot == ImageSlot::First) {
        resetView();
    }
}

const std::shared_ptr<const core::Volume>& ViewerState::volume(ImageSlot slot) const {
    return m_volumes[slotIndex(slot)];
}

const core::Volume* ViewerState::referenceVolume() const {
    if (m_volumes[0]) {
        return m_volumes[0].get();
    }
    return m_volumes[1].get();
}

void ViewerState::setCursorLps(const core::Vec3& pointLps) {
    if (pointLps == m_cursorLps) {
        return;
    }
    m_cursorLps = pointLps;
    emit cursorChanged();
}

double ViewerState::sliceStepMm(SliceOrientation o) const {
    const core::Volume* reference = referenceVolume();
    if (!reference) {
        return 1.0;
    }
    const core::Vec3 normalLps = sliceFrameLps(o).normalLps;
    const core::Vec3 spacingMm = reference->spacingMm();
    int best = 0;
    double bestCosine = -1.0;
    for (int axis = 0; axis < 3; ++axis) {
        const double cosine = std::abs(core::dot(reference->directionLps(axis), normalLps));
        if (cosine > bestCosine) {
            bestCosine = cosine;
            best = axis;
        }
    }
    return spacingMm[static_cast<std::size_t>(best)];
}

void ViewerState::stepSlice(SliceOrientation o, int steps) {
    const core::Vec3 normalLps = sliceFrameLps(o).normalLps;
    setCursorLps(m_cursorLps + (static_cast<double>(steps) * sliceStepMm(o)) * normalLps);
}

void ViewerState::setFieldOfViewMm(double mm) {
    mm = std::clamp(mm, 1.0, 10000.0);
    if (mm == m_fieldOfViewMm) {
        return;
    }
    m_fieldOfViewMm = mm;
    emit cameraChanged();
}

void ViewerState::setViewCenterLps(const core::Vec3& pointLps) {
    if (pointLps == m_viewCenterLps) {
        return;
    }
    m_viewCenterLps = pointLps;
    emit cameraChanged();
}

void ViewerState::panByMm(SliceOrientation o, double rightMm, double upMm) {
    const SliceFrameLps f = sliceFrameLps(o);
    setViewCenterLps(m_viewCenterLps + rightMm * f.rightLps + upMm * f.upLps);
}

void ViewerState::resetView() {
    const core::Volume* reference = referenceVolume();
    if (!reference) {
        return;
    }
    const auto bounds = reference->boundsLps();
    const core::Vec3 centerLps = 0.5 * (bounds[0] + bounds[1]);
    const core::Vec3 spacingMm = reference->spacingMm();
    double extentMm = 1.0;
    for (std::size_t a = 0; a < 3; ++a) {
        extentMm = std::max(extentMm, bounds[1][a] - bounds[0][a] + spacingMm[a]);
    }
    m_viewCenterLps = centerLps;
    m_fieldOfViewMm = extentMm * 1.05;
    // Snap the cursor to the voxel centre nearest the middle, so every view starts on a slice.
    core::Vec3 ijk = reference->continuousIndexOfLps(centerLps);
    for (double& c : ijk) {
        c = std::round(c);
    }
    m_cursorLps = reference->voxelCenterLps(ijk);
    emit cameraChanged();
    emit cursorChanged();
}

void ViewerState::setWindowLevel(ImageSlot slot, const WindowLevel& wl) {
    WindowLevel clamped = wl;
    clamped.window = std::max(clamped.window, 1e-6);
    if (clamped == m_windowLevel[slotIndex(slot)]) {
        return;
    }
    m_windowLevel[slotIndex(slot)] = clamped;
    emit displayChanged(slot);
}

void ViewerState::setColorMap(ImageSlot slot, ColorMap map) {
    if (map == m_colorMap[slotIndex(slot)]) {
        return;
    }
    m_colorMap[slotIndex(slot)] = map;
    emit displayChanged(slot);
}

void ViewerState::setFusionOpacity(double opacity) {
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == m_fusionOpacity) {
        return;
    }
    m_fusionOpacity = opacity;
    emit fusionChanged();
}

void ViewerState::setFusionMode(FusionMode mode) {
    // Choosing an overlay also ends a flip: the user wants to see that overlay.
    if (mode == m_fusionMode && m_fusedShows == FusedShows::Overlay) {
        return;
    }
    m_fusionMode = mode;
    m_fusedShows = FusedShows::Overlay;
    emit fusionChanged();
}

void ViewerState::setFusedShows(FusedShows shows) {
    if (shows == m_fusedShows) {
        return;
    }
    m_fusedShows = shows;
    emit fusionChanged();
}

void ViewerState::flipFused() {
    setFusedShows(m_fusedShows == FusedShows::Second ? FusedShows::First : FusedShows::Second);
}

void ViewerState::setCheckerTileMm(double mm) {
    mm = std::clamp(mm, 0.5, 500.0);
    if (mm == m_checkerTileMm) {
        return;
    }
    m_checkerTileMm = mm;
    emit fusionChanged();
}

void ViewerState::setSwipeFraction(double fraction) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    if (fraction == m_swipeFraction) {
        return;
    }
    m_swipeFraction = fraction;
    emit fusionChanged();
}

void ViewerState::setDifferenceHalfRange(double range) {
    range = std::max(range, 0.0);
    if (range == m_differenceHalfRange) {
        return;
    }
    m_differenceHalfRange = range;
    emit fusionChanged();
}

double ViewerState::effectiveDifferenceHalfRange() const {
    if (m_differenceHalfRange > 0.0) {
        return m_differenceHalfRange;
    }
    if (m_comparison) {
        const double range =
            core::differenceScale(*m_comparison, core::compareOptionsFor(m_settings),
                                  m_differenceRangeAutomatic)
                .halfRange;
        if (range > 0.0) {
            return range;
        }
    }
    return std::max(1e-6, 0.05 * m_windowLevel[0].window);
}

void ViewerState::setOverToleranceOnly(bool only) {
    if (only == m_overToleranceOnly) {
        return;
    }
    m_overToleranceOnly = only;
    emit fusionChanged();
}

void ViewerState::setAbsTolerance(double tolerance) {
    core::ComparisonSettings s = m_settings;
    s.absTolerance = std::max(tolerance, 0.0);
    setSettings(s);
}

void ViewerState::setInterpolation(core::Interpolation interpolation) {
    core::ComparisonSettings s = m_settings;
    s.interpolation = interpolation;
    setSettings(s);
}

void ViewerState::setSettings(const core::ComparisonSettings& settings) {
    const core::ComparisonSettings old = m_settings;
    m_settings = settings;
    for (ImageSlot slot : {ImageSlot::First, ImageSlot::Second}) {
        const auto side = static_cast<core::Side>(slotIndex(slot));
        if (old.suvFor(side) != settings.suvFor(side) || old.volumeIndex != settings.volumeIndex ||
            old.seriesUid != settings.seriesUid) {
            emit loadOptionsChanged(slot);
        }
    }
    if (old.absTolerance != settings.absTolerance || old.relTolerance != settings.relTolerance ||
        old.interpolation != settings.interpolation ||
        old.gridToleranceVoxels != settings.gridToleranceVoxels ||
        old.histogramBins != settings.histogramBins) {
        emit compareOptionsChanged();
        if (m_overToleranceOnly) {
            emit fusionChanged();
        }
    }
}

bool ViewerState::differenceRangeAnchored() const {
    return m_differenceHalfRange == 0.0 && m_comparison &&
           core::differenceScale(*m_comparison, core::compareOptionsFor(m_settings),
                                 m_differenceRangeAutomatic)
               .anchored;
}

void ViewerState::setDifferenceRangeAutomatic(bool automatic) {
    if (automatic == m_differenceRangeAutomatic) {
        return;
    }
    m_differenceRangeAutomatic = automatic;
    emit fusionChanged();
}

void ViewerState::setComparison(std::shared_ptr<const core::Comparison> comparison) {
    m_comparison = std::move(comparison);
    emit comparisonChanged();
    // The automatic difference range follows the comparison.
    if (m_differenceHalfRange == 0.0) {
        emit fusionChanged();
    }
}

void ViewerState::setLayout(ViewLayout layout, SliceOrientation rowOrientation) {
    m_layout = layout;
    m_rowOrientation = rowOrientation;
    emit layoutChanged();
}

} // namespace voxdiff::ui
