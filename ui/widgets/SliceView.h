#pragma once

#include <QPoint>

#include <array>

#include <vtkSmartPointer.h>

#include "model/SliceOrientation.h"
#include "model/ViewerState.h"
#include "render/VtkRenderWidget.h"

class vtkActor;
class vtkAlgorithmOutput;
class vtkImageActor;
class vtkPoints;
class vtkPolyData;
class vtkRenderer;
class vtkTextActor;

namespace voxdiff::ui {

/// Which image a view shows: one of the two, or both fused.
enum class ViewContent { First, Second, Fused };
const char* viewContentName(ViewContent c);

/// One slice view: an image slice from an OrientationPipeline, the cursor cross, the
/// anatomical edge labels and a title. All interaction goes through the shared ViewerState:
/// left click/drag sets the cursor, wheel and Page Up/Down step slices, Ctrl+wheel zooms,
/// middle drag (or Shift+left drag) pans, right drag changes window/level.
class SliceView : public VtkRenderWidget {
    Q_OBJECT

  public:
    SliceView(ViewerState* state, SliceOrientation orientation, ViewContent content,
              QWidget* parent = nullptr);
    ~SliceView() override;

    SliceOrientation orientation() const { return m_orientation; }
    ViewContent content() const { return m_content; }
    /// Connects the slice image (an RGB output of the orientation's pipeline).
    void setSliceInput(vtkAlgorithmOutput* colorOutput);
    void setTitle(const QString& title);

    /// In-plane coordinates (mm) under a widget position, given the state's camera.
    std::array<double, 2> planePointAt(const QPointF& widgetPos) const;
    /// The widget position of an LPS point projected on this view's plane.
    QPointF widgetPosOf(const core::Vec3& pointLps) const;

    /// Re-reads cursor and camera from the state (called by the grid on state signals).
    void syncFromState();

  protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

  private:
    enum class Drag { None, Cursor, Pan, WindowLevel };
    void setCursorAt(const QPointF& widgetPos);
    ImageSlot windowLevelSlot() const;
    double mmPerPixel() const;

    ViewerState* m_state;
    SliceOrientation m_orientation;
    ViewContent m_content;
    vtkSmartPointer<vtkRenderer> m_renderer;
    vtkSmartPointer<vtkImageActor> m_imageActor;
    vtkSmartPointer<vtkPoints> m_crossPoints;
    vtkSmartPointer<vtkPolyData> m_cross;
    vtkSmartPointer<vtkActor> m_crossActor;
    std::array<vtkSmartPointer<vtkTextActor>, 4> m_edgeLabels;
    vtkSmartPointer<vtkTextActor> m_title;
    Drag m_drag = Drag::None;
    QPointF m_lastPos;
};

} // namespace voxdiff::ui
