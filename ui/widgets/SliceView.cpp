#include "widgets/SliceView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <cmath>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkImageActor.h>
#include <vtkImageMapper3D.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

namespace voxdiff::ui {

namespace {

// The cross and labels sit between the camera and the slice (which lies at depth 0).
constexpr double kOverlayDepthMm = 1.0;
constexpr double kCameraDistanceMm = 1000.0;
// The cross spans far beyond any field of view, so it never needs re-sizing.
constexpr double kCrossHalfLengthMm = 1.0e5;

vtkSmartPointer<vtkTextActor> makeLabel(int fontSize, double x, double y, int hJustify,
                                        int vJustify) {
    auto label = vtkSmartPointer<vtkTextActor>::New();
    vtkTextProperty* p = label->GetTextProperty();
    p->SetFontSize(fontSize);
    p->SetBold(true);
    p->SetColor(1.0, 0.85, 0.2);
    p->SetJustification(hJustify);
    p->SetVerticalJustification(vJustify);
    p->SetShadow(true);
    label->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    label->SetPosition(x, y);
    return label;
}

} // namespace

const char* viewContentName(ViewContent c) {
    switch (c) {
    case ViewContent::First:
        return "First";
    case ViewContent::Second:
        return "Second";
    case ViewContent::Fused:
        return "Fused";
    }
    return "?";
}

SliceView::SliceView(ViewerState* state, SliceOrientation orientation, ViewContent content,
                     QWidget* parent)
    : VtkRenderWidget(parent), m_state(state), m_orientation(orientation), m_content(content),
      m_renderer(vtkSmartPointer<vtkRenderer>::New()),
      m_imageActor(vtkSmartPointer<vtkImageActor>::New()),
      m_crossPoints(vtkSmartPointer<vtkPoints>::New()),
      m_cross(vtkSmartPointer<vtkPolyData>::New()), m_crossActor(vtkSmartPointer<vtkActor>::New()),
      m_title(makeLabel(12, 0.01, 0.99, VTK_TEXT_LEFT, VTK_TEXT_TOP)) {
    setFocusPolicy(Qt::StrongFocus);
    setObjectName(
        QStringLiteral("view%1%2").arg(viewContentName(content), orientationName(orientation)));
    m_renderer->SetBackground(0.05, 0.05, 0.1);
    renderWindow()->AddRenderer(m_renderer);

    m_imageActor->InterpolateOff();
    m_imageActor->VisibilityOff();
    m_renderer->AddActor(m_imageActor);

    m_crossPoints->SetNumberOfPoints(4);
    auto lines = vtkSmartPointer<vtkCellArray>::New();
    const vtkIdType horizontal[2] = {0, 1};
    const vtkIdType vertical[2] = {2, 3};
    lines->InsertNextCell(2, horizontal);
    lines->InsertNextCell(2, vertical);
    m_cross->SetPoints(m_crossPoints);
    m_cross->SetLines(lines);
    auto crossMapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    crossMapper->SetInputData(m_cross);
    m_crossActor->SetMapper(crossMapper);
    m_crossActor->GetProperty()->SetColor(0.2, 1.0, 0.3);
    m_crossActor->GetProperty()->SetOpacity(1.0);
    m_crossActor->GetProperty()->SetLineWidth(1.0);
    m_crossActor->PickableOff();
    m_renderer->AddActor(m_crossActor);

    const EdgeLabels letters = edgeLabels(orientation);
    m_edgeLabels = {makeLabel(16, 0.01, 0.5, VTK_TEXT_LEFT, VTK_TEXT_CENTERED),
                    makeLabel(16, 0.99, 0.5, VTK_TEXT_RIGHT, VTK_TEXT_CENTERED),
                    makeLabel(16, 0.5, 0.93, VTK_TEXT_CENTERED, VTK_TEXT_TOP),
                    makeLabel(16, 0.5, 0.01, VTK_TEXT_CENTERED, VTK_TEXT_BOTTOM)};
    m_edgeLabels[0]->SetInput(letters.left.c_str());
    m_edgeLabels[1]->SetInput(letters.right.c_str());
    m_edgeLabels[2]->SetInput(letters.top.c_str());
    m_edgeLabels[3]->SetInput(letters.bottom.c_str());
    for (auto& label : m_edgeLabels) {
        m_renderer->AddViewProp(label);
    }
    m_title->GetTextProperty()->SetBold(false);
    m_title->GetTextProperty()->SetColor(0.9, 0.9, 0.9);
    m_renderer->AddViewProp(m_title);
    setTitle(QStringLiteral("%1 %2").arg(viewContentName(content), orientationName(orientation)));

    vtkCamera* camera = m_renderer->GetActiveCamera();
    camera->ParallelProjectionOn();
    camera->SetViewUp(0, 1, 0);
    syncFromState();
}

SliceView::~SliceView() = default;

void SliceView::setSliceInput(vtkAlgorithmOutput* colorOutput) {
    m_imageActor->GetMapper()->SetInputConnection(colorOutput);
    m_imageActor->VisibilityOn();
    update();
}

void SliceView::setTitle(const QString& title) {
    m_title->SetInput(title.toUtf8().constData());
    update();
}

double SliceView::mmPerPixel() const {
    return m_state->fieldOfViewMm() / std::max(1, height());
}

std::array<double, 2> SliceView::planePointAt(const QPointF& widgetPos) const {
    const auto centerMm = planeCoordinatesMm(m_orientation, m_state->viewCenterLps());
    const double scale = mmPerPixel();
    return {centerMm[0] + (widgetPos.x() - 0.5 * width()) * scale,
            centerMm[1] - (widgetPos.y() - 0.5 * height()) * scale};
}

QPointF SliceView::widgetPosOf(const core::Vec3& pointLps) const {
    const auto centerMm = planeCoordinatesMm(m_orientation, m_state->viewCenterLps());
    const auto xyMm = planeCoordinatesMm(m_orientation, pointLps);
    const double scale = mmPerPixel();
    return {0.5 * width() + (xyMm[0] - centerMm[0]) / scale,
            0.5 * height() - (xyMm[1] - centerMm[1]) / scale};
}

void SliceView::syncFromState() {
    const auto cursorMm = planeCoordinatesMm(m_orientation, m_state->cursorLps());
    m_crossPoints->SetPoint(0, cursorMm[0] - kCrossHalfLengthMm, cursorMm[1], kOverlayDepthMm);
    m_crossPoints->SetPoint(1, cursorMm[0] + kCrossHalfLengthMm, cursorMm[1], kOverlayDepthMm);
    m_crossPoints->SetPoint(2, cursorMm[0], cursorMm[1] - kCrossHalfLengthMm, kOverlayDepthMm);
    m_crossPoints->SetPoint(3, cursorMm[0], cursorMm[1] + kCrossHalfLengthMm, kOverlayDepthMm);
    m_crossPoints->Modified();
    m_cross->Modified();

    const auto centerMm = planeCoordinatesMm(m_orientation, m_state->viewCenterLps());
    vtkCamera* camera = m_renderer->GetActiveCamera();
    camera->SetFocalPoint(centerMm[0], centerMm[1], 0.0);
    camera->SetPosition(centerMm[0], centerMm[1], kCameraDistanceMm);
    camera->SetViewUp(0, 1, 0);
    camera->SetParallelScale(0.5 * m_state->fieldOfViewMm());
    m_renderer->ResetCameraClippingRange(-kCrossHalfLengthMm, kCrossHalfLengthMm,
                                         -kCrossHalfLengthMm, kCrossHalfLengthMm, -10.0, 10.0);
    update();
}

ImageSlot SliceView::windowLevelSlot() const {
    return m_content == ViewContent::Second ? ImageSlot::Second : ImageSlot::First;
}

void SliceView::setCursorAt(const QPointF& widgetPos) {
    const auto xyMm = planePointAt(widgetPos);
    m_state->setCursorLps(pointOnPlaneLps(m_orientation, xyMm[0], xyMm[1], m_state->cursorLps()));
}

void SliceView::mousePressEvent(QMouseEvent* event) {
    m_lastPos = event->position();
    if (event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier))) {
        m_drag = Drag::Pan;
    } else if (event->button() == Qt::LeftButton) {
        m_drag = Drag::Cursor;
        setCursorAt(event->position());
    } else if (event->button() == Qt::RightButton) {
        m_drag = Drag::WindowLevel;
    }
    event->accept();
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF delta = event->position() - m_lastPos;
    m_lastPos = event->position();
    switch (m_drag) {
    case Drag::Cursor:
        setCursorAt(event->position());
        break;
    case Drag::Pan:
        m_state->panByMm(m_orientation, -delta.x() * mmPerPixel(), delta.y() * mmPerPixel());
        break;
    case Drag::WindowLevel: {
        // Horizontal drag widens the window, vertical drag moves the level; a full view's
        // width or height changes them by one current window.
        const ImageSlot slot = windowLevelSlot();
        WindowLevel wl = m_state->windowLevel(slot);
        const double window = wl.window;
        wl.window = std::max(1e-6, window * std::exp(delta.x() / std::max(1, width())));
        wl.level -= window * delta.y() / std::max(1, height());
        m_state->setWindowLevel(slot, wl);
        break;
    }
    case Drag::None:
        break;
    }
}

void SliceView::mouseReleaseEvent(QMouseEvent*) {
    m_drag = Drag::None;
}

void SliceView::wheelEvent(QWheelEvent* event) {
    const int notches = event->angleDelta().y() / 120;
    const int steps = notches != 0 ? notches : (event->angleDelta().y() > 0 ? 1 : -1);
    if (event->angleDelta().y() == 0) {
        return;
    }
    if (event->modifiers() & Qt::ControlModifier) {
        m_state->zoomBy(std::pow(1.15, steps));
    } else {
        m_state->stepSlice(m_orientation, steps);
    }
    event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_PageUp:
    case Qt::Key_Up:
        m_state->stepSlice(m_orientation, 1);
        break;
    case Qt::Key_PageDown:
    case Qt::Key_Down:
        m_state->stepSlice(m_orientation, -1);
        break;
    default:
        VtkRenderWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void SliceView::resizeEvent(QResizeEvent* event) {
    VtkRenderWidget::resizeEvent(event);
    syncFromState();
}

} // namespace voxdiff::ui
