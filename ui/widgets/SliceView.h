// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QImage>
#include <QPoint>
#include <QString>
#include <QWidget>

#include <array>

#include "model/SliceOrientation.h"
#include "model/ViewerState.h"

namespace voxdiff::ui {

/// Which image a view shows: one of the two, or both fused.
enum class ViewContent { First, Second, Fused };
const char* viewContentName(ViewContent c);

/// One slice view: the slice image an OrientationPipeline resliced and colour-mapped (VTK
/// imaging), painted by QPainter at the shared camera with nearest-neighbour scaling, and the
/// cursor cross, anatomical edge labels, title, swipe curtain and colour bar painted over it.
/// Moving the cursor within the plane only repaints; a new slice image arrives only when the
/// plane, the display or the fusion changed (docs/architecture.md: why not a VTK render window).
/// All interaction goes through the shared ViewerState: left click/drag sets the cursor (in
/// the fused view in swipe mode, dragging near the curtain moves it), wheel and Page Up/Down
/// step slices, Ctrl+wheel zooms, middle drag (or Shift+left drag) pans, right drag changes
/// window/level.
class SliceView : public QWidget {
    Q_OBJECT

  public:
    SliceView(ViewerState* state, SliceOrientation orientation, ViewContent content,
              QWidget* parent = nullptr);
    ~SliceView() override;

    SliceOrientation orientation() const { return m_orientation; }
    ViewContent content() const { return m_content; }
    /// The slice to show (top row first; null: nothing loaded) and its extent in plane mm
    /// {left, bottom, right, top}.
    void setSlice(const QImage& slice, const std::array<double, 4>& rectMm);
    const QImage& slice() const { return m_slice; }
    void setTitle(const QString& title);
    const QString& title() const { return m_title; }
    /// The slice grid's extent along screen right (plane mm), where the swipe fraction maps.
    void setSwipeExtentMm(const std::array<double, 2>& extentMm) { m_swipeExtentMm = extentMm; }
    /// The widget x of the swipe curtain.
    double swipeWidgetX() const;

    /// In-plane coordinates (mm) under a widget position, given the state's camera.
    std::array<double, 2> planePointAt(const QPointF& widgetPos) const;
    /// The widget position of an LPS point projected on this view's plane.
    QPointF widgetPosOf(const core::Vec3& pointLps) const;

    /// Re-reads cursor and camera from the state (called by the grid on state signals).
    void syncFromState();
    /// How many slice images this view has received (for tests and the benchmark).
    int sliceUpdateCount() const { return m_sliceUpdateCount; }

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

  private:
    enum class Drag { None, Cursor, Pan, WindowLevel, Swipe };
    void setCursorAt(const QPointF& widgetPos);
    ImageSlot windowLevelSlot() const;
    double mmPerPixel() const;
    bool showsSwipe() const;
    void paintOverlay(QPainter& painter) const;
    void paintColorBar(QPainter& painter) const;

    ViewerState* m_state;
    SliceOrientation m_orientation;
    ViewContent m_content;
    QString m_title;
    QImage m_slice;
    std::array<double, 4> m_sliceRectMm{0, 0, 1, 1};
    int m_sliceUpdateCount = 0;
    std::array<double, 2> m_swipeExtentMm{0, 1};
    Drag m_drag = Drag::None;
    QPointF m_lastPos;
};

} // namespace voxdiff::ui
