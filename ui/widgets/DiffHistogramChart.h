// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

#include "voxdiff/Comparison.h"

namespace voxdiff::ui {

/// The histogram of signed voxel differences (second - first) of a comparison, with markers
/// at +-tolerance (orange) and +-the quantization bound (green). Counts on a linear or a
/// logarithmic axis: on the log axis a handful of large differences stays visible next to
/// millions of zeros.
class DiffHistogramChart : public QWidget {
    Q_OBJECT

  public:
    explicit DiffHistogramChart(QWidget* parent = nullptr);

    /// `histogram` empty: the chart says that no comparison is known yet.
    void setData(const core::DiffHistogram& histogram, double toleranceValue,
                 double quantizationBoundValue);
    void setLogScale(bool log);
    bool logScale() const { return m_logScale; }
    QSize sizeHint() const override { return {420, 170}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    core::DiffHistogram m_histogram;
    double m_toleranceValue = 0.0;
    double m_quantizationBoundValue = 0.0;
    bool m_logScale = true;
};

} // namespace voxdiff::ui
