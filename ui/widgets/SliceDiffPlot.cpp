// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/SliceDiffPlot.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "voxdiff/ImageFacts.h"

namespace voxdiff::ui {

SliceDiffPlot::SliceDiffPlot(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("sliceDiffPlot"));
    setMinimumHeight(120);
    setCursor(Qt::PointingHandCursor);
}

void SliceDiffPlot::setData(std::vector<core::SliceDiffStats> perSlice, double toleranceValue) {
    m_perSlice = std::move(perSlice);
    m_toleranceValue = toleranceValue;
    update();
}

void SliceDiffPlot::setCurrentSlice(std::int64_t k) {
    if (k != m_currentSlice) {
        m_currentSlice = k;
        update();
    }
}

QRectF SliceDiffPlot::plotRect() const {
    // The left margin holds the largest |difference| ("5.79e+04") in the widget's font.
    const double left =
        std::max(60, fontMetrics().horizontalAdvance(QStringLiteral("-8.88e+08")) + 10);
    return QRectF(left, 18, width() - left - 8, height() - 38);
}

std::int64_t SliceDiffPlot::sliceAt(double x) const {
    if (m_perSlice.empty()) {
        return -1;
    }
    const QRectF plot = plotRect();
    const double t = std::clamp((x - plot.left()) / std::max(1.0, plot.width()), 0.0, 1.0);
    const auto n =
        static_cast<std::size_t>(std::lround(t * static_cast<double>(m_perSlice.size() - 1)));
    return m_perSlice[n].k;
}

void SliceDiffPlot::mousePressEvent(QMouseEvent* event) {
    const std::int64_t k = sliceAt(event->position().x());
    if (k >= 0) {
        emit sliceClicked(k);
    }
}

void SliceDiffPlot::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const QRectF plot = plotRect();
    painter.setPen(palette().text().color());
    painter.drawText(QRectF(plot.left(), 0, plot.width(), 18), Qt::AlignLeft,
                     tr("Max |difference| per slice k (click to go there)"));
    if (m_perSlice.empty()) {
        painter.drawText(plot, Qt::AlignCenter, tr("No comparison yet"));
        return;
    }
    double top = m_toleranceValue;
    for (const auto& s : m_perSlice) {
        top = std::max({top, s.maxAbsDiff, s.quantizationBound});
    }
    top = top > 0.0 ? top * 1.1 : 1.0;
    const double count = static_cast<double>(std::max<std::size_t>(1, m_perSlice.size() - 1));
    auto xOf = [&](std::size_t n) {
        return plot.left() + plot.width() * static_cast<double>(n) / count;
    };
    auto yOf = [&](double v) { return plot.bottom() - plot.height() * v / top; };

    painter.setRenderHint(QPainter::Antialiasing);
    if (m_toleranceValue > 0.0) {
        painter.setPen(QPen(QColor(240, 140, 0), 1.5));
        painter.drawLine(QPointF(plot.left(), yOf(m_toleranceValue)),
                         QPointF(plot.right(), yOf(m_toleranceValue)));
    }
    QPainterPath bound;
    QPainterPath diff;
    for (std::size_t n = 0; n < m_perSlice.size(); ++n) {
        const QPointF b(xOf(n), yOf(m_perSlice[n].quantizationBound));
        const QPointF d(xOf(n), yOf(m_perSlice[n].maxAbsDiff));
        if (n == 0) {
            bound.moveTo(b);
            diff.moveTo(d);
        } else {
            bound.lineTo(b);
            diff.lineTo(d);
        }
    }
    painter.setPen(QPen(QColor(0, 160, 60), 1.2, Qt::DashLine));
    painter.drawPath(bound);
    painter.setPen(QPen(QColor(200, 40, 40), 1.6));
    painter.drawPath(diff);
    for (std::size_t n = 0; n < m_perSlice.size(); ++n) {
        if (m_perSlice[n].k == m_currentSlice) {
            painter.setPen(QPen(QColor(50, 200, 80), 1.0));
            painter.drawLine(QPointF(xOf(n), plot.top()), QPointF(xOf(n), plot.bottom()));
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(palette().text().color());
    painter.drawRect(plot);
    painter.drawText(QRectF(0, plot.top(), plot.left() - 4, 16), Qt::AlignRight,
                     QString::fromStdString(core::displayNumber(top, 3)));
    painter.drawText(QRectF(0, plot.bottom() - 14, plot.left() - 4, 16), Qt::AlignRight,
                     QStringLiteral("0"));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 2, 80, 16), Qt::AlignLeft,
                     QStringLiteral("k=%1").arg(m_perSlice.front().k));
    painter.drawText(QRectF(plot.right() - 80, plot.bottom() + 2, 80, 16), Qt::AlignRight,
                     QStringLiteral("k=%1").arg(m_perSlice.back().k));
}

} // namespace voxdiff::ui
