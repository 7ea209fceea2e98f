// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/SliceView.h"

#include "voxdiff/DisplayConvention.h"
#include "voxdiff/ImageFacts.h"

#include <QKeyEvent>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace voxdiff::ui {

namespace {

const QColor kBackground(13, 13, 26);
// How close (widget pixels) a press must be to the swipe curtain to grab it.
constexpr double kSwipeGrabPx = 8.0;
const QColor kCrossColor(50, 255, 80);
const QColor kLabelColor(255, 217, 51);
const QColor kTitleColor(230, 230, 230);

void drawShadowedText(QPainter& painter, const QRectF& rect, int flags, const QString& text,
                      const QColor& color) {
    painter.setPen(QColor(0, 0, 0, 200));
    painter.drawText(rect.translated(1, 1), flags, text);
    painter.setPen(color);
    painter.drawText(rect, flags, text);
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
    : QWidget(parent), m_state(state), m_orientation(orientation), m_content(content) {
    setFocusPolicy(Qt::StrongFocus);
    setObjectName(
        QStringLiteral("view%1%2").arg(viewContentName(content), orientationName(orientation)));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(64, 64);
    setTitle(QStringLiteral("%1 %2").arg(viewContentName(content), orientationName(orientation)));
    syncFromState();
}

SliceView::~SliceView() = default;

void SliceView::setSlice(const QImage& slice, const std::array<double, 4>& rectMm) {
    m_slice = slice;
    m_sliceRectMm = rectMm;
    ++m_sliceUpdateCount;
    update();
}

void SliceView::setTitle(const QString& title) {
    if (title == m_title) {
        return;
    }
    m_title = title;
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

double SliceView::swipeWidgetX() const {
    const double xMm =
        m_swipeExtentMm[0] + m_state->swipeFraction() * (m_swipeExtentMm[1] - m_swipeExtentMm[0]);
    const auto centerMm = planeCoordinatesMm(m_orientation, m_state->viewCenterLps());
    return 0.5 * width() + (xMm - centerMm[0]) / mmPerPixel();
}

bool SliceView::showsSwipe() const {
    return m_content == ViewContent::Fused && m_state->fusionMode() == FusionMode::Swipe &&
           m_state->fusedShows() == FusedShows::Overlay && m_state->hasVolume(ImageSlot::First) &&
           m_state->hasVolume(ImageSlot::Second);
}

void SliceView::syncFromState() {
    // Camera and cross are applied at paint time.
    update();
}

void SliceView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), kBackground);
    if (!m_slice.isNull()) {
        // Plane mm to widget pixels; plane y runs up, widget y down.
        const auto centerMm = planeCoordinatesMm(m_orientation, m_state->viewCenterLps());
        const double scale = 1.0 / mmPerPixel();
        const QPointF topLeft(0.5 * width() + (m_sliceRectMm[0] - centerMm[0]) * scale,
                              0.5 * height() - (m_sliceRectMm[3] - centerMm[1]) * scale);
        const QPointF bottomRight(0.5 * width() + (m_sliceRectMm[2] - centerMm[0]) * scale,
                                  0.5 * height() - (m_sliceRectMm[1] - centerMm[1]) * scale);
        // No smoothing: the viewer shows stored voxels, not interpolated ones.
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
        painter.drawImage(QRectF(topLeft, bottomRight), m_slice);
    }
    paintOverlay(painter);
}

void SliceView::paintOverlay(QPainter& painter) const {
    const QPointF cross = widgetPosOf(m_state->cursorLps());
    painter.setPen(QPen(kCrossColor, 1));
    painter.drawLine(QPointF(0, cross.y()), QPointF(width(), cross.y()));
    painter.drawLine(QPointF(cross.x(), 0), QPointF(cross.x(), height()));

    if (showsSwipe()) {
        const double x = swipeWidgetX();
        painter.setPen(QPen(Qt::white, 2));
        painter.drawLine(QPointF(x, 0), QPointF(x, height()));
        // A grip in the middle says "drag me".
        painter.setBrush(Qt::white);
        painter.drawEllipse(QPointF(x, 0.5 * height()), 5, 5);
        painter.setBrush(Qt::NoBrush);
    }
    if (m_content == ViewContent::Fused && m_state->fusionMode() == FusionMode::Difference &&
        m_state->fusedShows() == FusedShows::Overlay && m_state->hasVolume(ImageSlot::First) &&
        m_state->hasVolume(ImageSlot::Second)) {
        paintColorBar(painter);
    }

    QFont labelFont = painter.font();
    labelFont.setPixelSize(16);
    labelFont.setBold(true);
    painter.setFont(labelFont);
    const EdgeLabels letters = edgeLabels(m_orientation);
    const QRectF inner = QRectF(rect()).adjusted(6, 20, -6, -4);
    drawShadowedText(painter, inner, Qt::AlignLeft | Qt::AlignVCenter,
                     QString::fromStdString(letters.left), kLabelColor);
    drawShadowedText(painter, inner, Qt::AlignRight | Qt::AlignVCenter,
                     QString::fromStdString(letters.right), kLabelColor);
    drawShadowedText(painter, inner, Qt::AlignHCenter | Qt::AlignTop,
                     QString::fromStdString(letters.top), kLabelColor);
    drawShadowedText(painter, inner, Qt::AlignHCenter | Qt::AlignBottom,
                     QString::fromStdString(letters.bottom), kLabelColor);

    QFont titleFont = painter.font();
    titleFont.setPixelSize(12);
    titleFont.setBold(false);
    painter.setFont(titleFont);
    drawShadowedText(painter, QRectF(rect()).adjusted(5, 3, -5, -3), Qt::AlignLeft | Qt::AlignTop,
                     m_title, kTitleColor);
}

void SliceView::paintColorBar(QPainter& painter) const {
    const double range = m_state->effectiveDifferenceHalfRange();
    const QRectF bar(width() - 34.0, 40.0, 12.0, std::max(40.0, height() - 90.0));
    QLinearGradient gradient(bar.topLeft(), bar.bottomLeft());
    // The core's diverging ramp, top (+) to bottom (-), as the map itself is drawn.
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        const auto c = core::colourOf(core::ColorMap::Diverging, 1.0 - t);
        gradient.setColorAt(t, QColor(c[0], c[1], c[2]));
    }
    painter.fillRect(bar, gradient);
    painter.setPen(QColor(200, 200, 200));
    painter.drawRect(bar);
    QFont font = painter.font();
    font.setPixelSize(11);
    font.setBold(false);
    painter.setFont(font);
    const QRectF labels(0, bar.top() - 16, bar.right() + 4, bar.height() + 32);
    drawShadowedText(
        painter, labels, Qt::AlignRight | Qt::AlignTop,
        QStringLiteral("+%1").arg(QString::fromStdString(core::displayNumber(range, 3))),
        kTitleColor);
    drawShadowedText(
        painter, labels, Qt::AlignRight | Qt::AlignBottom,
        QStringLiteral("-%1").arg(QString::fromStdString(core::displayNumber(range, 3))),
        kTitleColor);
    drawShadowedText(painter, QRectF(0, bar.center().y() - 8, bar.left() - 3, 16),
                     Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"), kTitleColor);
    drawShadowedText(painter, QRectF(0, bar.bottom() + 16, width() - 6, 16),
                     Qt::AlignRight | Qt::AlignTop,
                     m_state->differenceRangeAnchored() ? tr("2nd - 1st, anchored to tolerance")
                                                        : QStringLiteral("2nd - 1st"),
                     kTitleColor);
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
    } else if (event->button() == Qt::LeftButton && showsSwipe() &&
               std::abs(event->position().x() - swipeWidgetX()) <= kSwipeGrabPx) {
        m_drag = Drag::Swipe;
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
    case Drag::Swipe: {
        const double xMm = planePointAt(event->position())[0];
        const double spanMm = std::max(1e-9, m_swipeExtentMm[1] - m_swipeExtentMm[0]);
        m_state->setSwipeFraction((xMm - m_swipeExtentMm[0]) / spanMm);
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
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void SliceView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    syncFromState();
}

} // namespace voxdiff::ui
