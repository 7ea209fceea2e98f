// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

#include <vector>

#include "voxdiff/Comparison.h"

namespace voxdiff::ui {

/// Max |difference| of every slice k of the first image: per-slice rescale problems show as a
/// saw-tooth or a step. The dashed green line is each slice's quantization bound, the orange
/// line the tolerance, the vertical line the slice under the cursor. A click picks a slice.
class SliceDiffPlot : public QWidget {
    Q_OBJECT

  public:
    explicit SliceDiffPlot(QWidget* parent = nullptr);

    void setData(std::vector<core::SliceDiffStats> perSlice, double toleranceValue);
    /// The slice k (of the first image) the cursor is on; -1 when outside it.
    void setCurrentSlice(std::int64_t k);
    QSize sizeHint() const override { return {420, 150}; }

  signals:
    void sliceClicked(std::int64_t k);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

  private:
    QRectF plotRect() const;
    std::int64_t sliceAt(double x) const;

    std::vector<core::SliceDiffStats> m_perSlice;
    double m_toleranceValue = 0.0;
    std::int64_t m_currentSlice = -1;
};

} // namespace voxdiff::ui
