// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>

#include <array>
#include <memory>

#include "model/SliceOrientation.h"
#include "model/WindowLevel.h"
#include "voxdiff/Comparison.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/Volume.h"

namespace voxdiff::ui {

/// Which of the two compared images.
enum class ImageSlot { First = 0, Second = 1 };
inline constexpr int kSlotCount = 2;
inline int slotIndex(ImageSlot s) {
    return static_cast<int>(s);
}

/// 3x3: every image in every orientation; Row: the three image columns for one orientation.
enum class ViewLayout { Grid3x3, Row };

/// How the fused view combines the two images.
enum class FusionMode { Blend, Checkerboard, Difference, Swipe };
const char* fusionModeName(FusionMode m);

/// What the fused view shows: the overlay, or one image alone in its place (the flip keys).
enum class FusedShows { Overlay, First, Second };

/// Everything the views show, without any widget: the two volumes, the shared cursor (LPS mm),
/// the linked zoom and pan, and per-image window/level and colour map. Views observe it through
/// signals; it is the single source of truth, so the UI-state tests need no pixels.
class ViewerState : public QObject {
    Q_OBJECT

  public:
    explicit ViewerState(QObject* parent = nullptr);

    /// Replaces an image. The first image loaded resets the cursor to its centre, the field of
    /// view to its extent, and its window to the automatic one; a later image only gets its
    /// own window and colour map.
    void setVolume(ImageSlot slot, std::shared_ptr<const core::Volume> volume);
    const std::shared_ptr<const core::Volume>& volume(ImageSlot slot) const;
    bool hasVolume(ImageSlot slot) const { return volume(slot) != nullptr; }
    /// The image whose grid sets slice steps and the default view: the first if loaded.
    const core::Volume* referenceVolume() const;

    /// The shared cursor, in LPS mm. All views cut their planes through it.
    const core::Vec3& cursorLps() const { return m_cursorLps; }
    void setCursorLps(const core::Vec3& pointLps);
    /// Moves the cursor along the orientation's normal by `steps` slice steps.
    void stepSlice(SliceOrientation o, int steps);
    /// The step (mm) along the orientation's normal: the spacing of the reference image's
    /// index axis closest to that normal (1 mm without an image).
    double sliceStepMm(SliceOrientation o) const;

    /// Linked zoom: the height in mm that every view shows.
    double fieldOfViewMm() const { return m_fieldOfViewMm; }
    void setFieldOfViewMm(double mm);
    void zoomBy(double factor) { setFieldOfViewMm(m_fieldOfViewMm / factor); }
    /// Linked pan: the LPS point every view centres on (projected on its plane).
    const core::Vec3& viewCenterLps() const { return m_viewCenterLps; }
    void setViewCenterLps(const core::Vec3& pointLps);
    /// Pans by an in-plane offset (mm, screen right/up) of the given orientation.
    void panByMm(SliceOrientation o, double rightMm, double upMm);
    /// Cursor and view centre to the reference image's centre, field of view to its extent.
    void resetView();

    WindowLevel windowLevel(ImageSlot slot) const { return m_windowLevel[slotIndex(slot)]; }
    void setWindowLevel(ImageSlot slot, const WindowLevel& wl);
    ColorMap colorMap(ImageSlot slot) const { return m_colorMap[slotIndex(slot)]; }
    void setColorMap(ImageSlot slot, ColorMap map);
    /// Weight of the second image in the fused view, in [0, 1].
    double fusionOpacity() const { return m_fusionOpacity; }
    void setFusionOpacity(double opacity);

    FusionMode fusionMode() const { return m_fusionMode; }
    void setFusionMode(FusionMode mode);
    FusedShows fusedShows() const { return m_fusedShows; }
    void setFusedShows(FusedShows shows);
    /// Swaps which single image the fused view shows (from the overlay: the second first).
    void flipFused();
    /// Side of a checkerboard tile (mm, in the view's plane).
    double checkerTileMm() const { return m_checkerTileMm; }
    void setCheckerTileMm(double mm);
    /// Where the swipe curtain stands, as a fraction of the slice grid's width: the first image
    /// shows on its left, the second on its right.
    double swipeFraction() const { return m_swipeFraction; }
    void setSwipeFraction(double fraction);
    /// Half-range (value units) of the difference map's colours: -r blue, 0 white, +r red.
    /// 0 means automatic: the comparison's largest |difference|, or a twentieth of the first
    /// image's window before the comparison is known.
    double differenceHalfRange() const { return m_differenceHalfRange; }
    void setDifferenceHalfRange(double range);
    double effectiveDifferenceHalfRange() const;
    /// Difference map: show only |second - first| over the tolerance, the rest as the first
    /// image in grey.
    bool overToleranceOnly() const { return m_overToleranceOnly; }
    void setOverToleranceOnly(bool only);

    /// The comparison's settings (the core's policy and defaults, as voxdiff-cli compare has
    /// them); the user changes them in the settings panel.
    const core::ComparisonSettings& settings() const { return m_settings; }
    /// Replaces the settings. Emits compareOptionsChanged; loadOptionsChanged(slot) for each
    /// image whose load options (SUV, volume, series) changed, which must be loaded again.
    void setSettings(const core::ComparisonSettings& settings);
    double absTolerance() const { return m_settings.absTolerance; }
    void setAbsTolerance(double tolerance);
    core::Interpolation interpolation() const { return m_settings.interpolation; }
    void setInterpolation(core::Interpolation interpolation);
    /// Difference map colours: anchored to the tolerance for identical/equivalent pairs (the
    /// core's rule), or the automatic range (the largest |difference|).
    bool differenceRangeAutomatic() const { return m_differenceRangeAutomatic; }
    /// True when the difference colours are anchored to the tolerance (the legend says so).
    bool differenceRangeAnchored() const;
    void setDifferenceRangeAutomatic(bool automatic);
    /// The comparison of the two loaded images, null until it has been computed (and again
    /// whenever an image changes).
    const std::shared_ptr<const core::Comparison>& comparison() const { return m_comparison; }
    void setComparison(std::shared_ptr<const core::Comparison> comparison);

    ViewLayout layout() const { return m_layout; }
    SliceOrientation rowOrientation() const { return m_rowOrientation; }
    void setLayout(ViewLayout layout, SliceOrientation rowOrientation);

  signals:
    void volumeChanged(voxdiff::ui::ImageSlot slot);
    void cursorChanged();
    void cameraChanged();
    void displayChanged(voxdiff::ui::ImageSlot slot);
    void layoutChanged();
    /// Any fused-view setting (mode, flip, tile, swipe, difference range, mask) changed.
    void fusionChanged();
    void compareOptionsChanged();
    void loadOptionsChanged(voxdiff::ui::ImageSlot slot);
    void comparisonChanged();

  private:
    std::array<std::shared_ptr<const core::Volume>, kSlotCount> m_volumes;
    core::Vec3 m_cursorLps{0, 0, 0};
    core::Vec3 m_viewCenterLps{0, 0, 0};
    double m_fieldOfViewMm = 256.0;
    std::array<WindowLevel, kSlotCount> m_windowLevel{};
    std::array<ColorMap, kSlotCount> m_colorMap{ColorMap::Grey, ColorMap::Grey};
    double m_fusionOpacity = 0.5;
    FusionMode m_fusionMode = FusionMode::Blend;
    FusedShows m_fusedShows = FusedShows::Overlay;
    double m_checkerTileMm = 20.0;
    double m_swipeFraction = 0.5;
    double m_differenceHalfRange = 0.0;
    bool m_overToleranceOnly = false;
    core::ComparisonSettings m_settings;
    bool m_differenceRangeAutomatic = false;
    std::shared_ptr<const core::Comparison> m_comparison;
    ViewLayout m_layout = ViewLayout::Grid3x3;
    SliceOrientation m_rowOrientation = SliceOrientation::Axial;
};

} // namespace voxdiff::ui
