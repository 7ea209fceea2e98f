#pragma once

#include <QImage>
#include <QWidget>

#include <vtkSmartPointer.h>

class vtkRenderWindow;
class vtkUnsignedCharArray;

namespace voxdiff::ui {

/// The one bridge between Qt 6 and VTK: a QWidget that renders its vtkRenderWindow offscreen
/// and paints the resulting image. Debian's QVTKOpenGLNativeWidget is Qt 5 only, and hosting
/// VTK 9.1 inside a Qt 6 QOpenGLWidget left VTK's framebuffers incomplete under Mesa
/// (docs/architecture.md), so VTK keeps its own offscreen context and Qt only sees pixels.
/// Subclasses add renderers to renderWindow() and call update() to redraw.
class VtkRenderWidget : public QWidget {
    Q_OBJECT

  public:
    explicit VtkRenderWidget(QWidget* parent = nullptr);
    ~VtkRenderWidget() override;

    vtkRenderWindow* renderWindow() const;
    /// Renders now and returns the frame (for tests and the benchmark).
    QImage renderImage();

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    vtkSmartPointer<vtkRenderWindow> m_renderWindow;
    vtkSmartPointer<vtkUnsignedCharArray> m_pixels;
};

} // namespace voxdiff::ui
