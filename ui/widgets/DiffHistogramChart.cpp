// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/DiffHistogramChart.h"

#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "voxdiff/ImageFacts.h"

namespace voxdiff::ui {

namespace {

/// The left margin holds the largest count, written compactly ("5.37e+08"): as wide as that
/// label in the widget's font, so that no digit is cut off whatever the font size.
int marginLeft(const QFontMetrics& fm) {
    return std::max(60, fm.horizontalAdvance(QStringLiteral("8.88e+08")) + 10);
}
constexpr int kMarginRight = 8;
constexpr int kMarginTop = 18;
constexpr int kMarginBottom = 20;

} // namespace

DiffHistogramChart::DiffHistogramChart(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("diffHistogram"));
    setMinimumHeight(140);
}

void DiffHistogramChart::setData(const core::DiffHistogram& histogram, double toleranceValue,
                                 double quantizationBoundValue) {
    m_histogram = histogram;
    m_toleranceValue = toleranceValue;
    m_quantizationBoundValue = quantizationBoundValue;
    update();
}

void DiffHistogramChart::setLogScale(bool log) {
    m_logScale = log;
    update();
}

void DiffHistogramChart::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const int left = marginLeft(fontMetrics());
    const QRectF plot(left, kMarginTop, width() - left - kMarginRight,
                      height() - kMarginTop - kMarginBottom);
    painter.setPen(palette().text().color());
    painter.drawText(QRectF(left, 0, plot.width(), kMarginTop), Qt::AlignLeft,
                     tr("Voxel differences (second - first), %1 counts")
                         .arg(m_logScale ? tr("log") : tr("linear")));
    if (m_histogram.counts.empty() || m_histogram.edges.size() != m_histogram.counts.size() + 1) {
        painter.drawText(plot, Qt::AlignCenter, tr("No comparison yet"));
        return;
    }
    const double lowValue = m_histogram.edges.front();
    const double highValue = m_histogram.edges.back();
    const double spanValue = std::max(highValue - lowValue, 1e-300);
    const std::int64_t maxCount =
        *std::max_element(m_histogram.counts.begin(), m_histogram.counts.end());
    auto heightOf = [&](std::int64_t count) {
        if (count <= 0 || maxCount <= 0) {
            return 0.0;
        }
        if (m_logScale) {
            return plot.height() * std::log10(1.0 + static_cast<double>(count)) /
                   std::log10(1.0 + static_cast<double>(maxCount));
        }
        return plot.height() * static_cast<double>(count) / static_cast<double>(maxCount);
    };
    auto xOf = [&](double value) {
        return plot.left() + plot.width() * (value - lowValue) / spanValue;
    };

    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(70, 110, 200));
    for (std::size_t b = 0; b < m_histogram.counts.size(); ++b) {
        const double h = heightOf(m_histogram.counts[b]);
        // Even a single voxel gets a visible sliver.
        const double shown = m_histogram.counts[b] > 0 ? std::max(h, 1.5) : 0.0;
        const double x0 = xOf(m_histogram.edges[b]);
        const double x1 = xOf(m_histogram.edges[b + 1]);
        painter.drawRect(QRectF(x0, plot.bottom() - shown, std::max(1.0, x1 - x0 - 0.5), shown));
    }
    auto marker = [&](double value, const QColor& color) {
        if (value <= 0.0) {
            return;
        }
        painter.setPen(QPen(color, 1.5, Qt::DashLine));
        for (double v : {-value, value}) {
            if (v >= lowValue && v <= highValue) {
                painter.drawLine(QPointF(xOf(v), plot.top()), QPointF(xOf(v), plot.bottom()));
            }
        }
    };
    marker(m_toleranceValue, QColor(240, 140, 0));
    marker(m_quantizationBoundValue, QColor(0, 160, 60));

    painter.setBrush(Qt::NoBrush);
    painter.setPen(palette().text().color());
    painter.drawRect(plot);
    painter.drawText(QRectF(plot.left() - 40, plot.bottom() + 2, 80, kMarginBottom),
                     Qt::AlignHCenter, QString::fromStdString(core::displayNumber(lowValue, 3)));
    // Right-aligned at the plot's edge, so that the label stays inside the widget.
    painter.drawText(QRectF(plot.right() - 80, plot.bottom() + 2, 80, kMarginBottom),
                     Qt::AlignRight, QString::fromStdString(core::displayNumber(highValue, 3)));
    painter.drawText(QRectF(xOf(0.0) - 20, plot.bottom() + 2, 40, kMarginBottom), Qt::AlignHCenter,
                     QStringLiteral("0"));
    // Compact (5.37e+08), so that a large count fits the margin instead of losing its digits.
    painter.drawText(QRectF(0, plot.top(), left - 4, 16), Qt::AlignRight,
                     maxCount >= 100000 ? QString::fromStdString(
                                              core::displayNumber(static_cast<double>(maxCount), 3))
                                        : QString::number(maxCount));
    QFont small = painter.font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    painter.setPen(QColor(240, 140, 0));
    painter.drawText(plot.adjusted(4, 2, -4, 0), Qt::AlignRight | Qt::AlignTop, tr("tolerance"));
    painter.setPen(QColor(0, 160, 60));
    painter.drawText(plot.adjusted(4, 16, -4, 0), Qt::AlignRight | Qt::AlignTop,
                     tr("quantization bound"));
}

} // namespace voxdiff::ui
