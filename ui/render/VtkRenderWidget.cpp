#include "render/VtkRenderWidget.h"

#include <QPainter>

#include <algorithm>

#include <vtkRenderWindow.h>
#include <vtkUnsignedCharArray.h>

namespace voxdiff::ui {

VtkRenderWidget::VtkRenderWidget(QWidget* parent)
    : QWidget(parent), m_renderWindow(vtkSmartPointer<vtkRenderWindow>::New()),
      m_pixels(vtkSmartPointer<vtkUnsignedCharArray>::New()) {
    // VTK renders into its own offscreen framebuffer (a GLX context under X/Xvfb, Mesa's
    // llvmpipe without a GPU); nothing of it is ever mapped on screen.
    m_renderWindow->SetOffScreenRendering(true);
    m_renderWindow->SetMultiSamples(0);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(64, 64);
}

VtkRenderWidget::~VtkRenderWidget() {
    m_renderWindow->Finalize();
}

vtkRenderWindow* VtkRenderWidget::renderWindow() const {
    return m_renderWindow;
}

QImage VtkRenderWidget::renderImage() {
    const qreal ratio = devicePixelRatioF();
    const int w = std::max(1, static_cast<int>(width() * ratio));
    const int h = std::max(1, static_cast<int>(height() * ratio));
    if (m_renderWindow->GetSize()[0] != w || m_renderWindow->GetSize()[1] != h) {
        m_renderWindow->SetSize(w, h);
    }
    m_renderWindow->Render();
    // front = 0: the back buffer VTK just rendered into, before any swap.
    m_renderWindow->GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, m_pixels);
    const QImage bottomUp(m_pixels->GetPointer(0), w, h, 4 * w, QImage::Format_RGBA8888);
    // OpenGL rows run bottom-up; mirrored() also copies, so the image outlives m_pixels.
    QImage frame = bottomUp.mirrored(false, true);
    frame.setDevicePixelRatio(ratio);
    return frame;
}

void VtkRenderWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.drawImage(0, 0, renderImage());
}

} // namespace voxdiff::ui
