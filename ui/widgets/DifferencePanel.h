// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

#include "model/ViewerState.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace voxdiff::ui {

class DiffHistogramChart;
class SliceDiffPlot;

/// The comparison's answer and the numbers behind it: verdict and reason, summary statistics,
/// the histogram of differences, max |difference| per slice, a button that moves the cursor to
/// the largest difference, and the controls that change the comparison (tolerance,
/// interpolation) or the difference map (only voxels over the tolerance).
class DifferencePanel : public QWidget {
    Q_OBJECT

  public:
    explicit DifferencePanel(ViewerState* state, QWidget* parent = nullptr);

    void refresh();
    /// Shown while a comparison runs ("Comparing... 40 %").
    void setBusyText(const QString& text);
    /// The verdict line as shown (for tests).
    QString verdictText() const;

    /// Moves the cursor to the largest difference (and shows the difference map).
    void jumpToLargestDifference();

  private:
    void setupWidgets();
    void buildLayout();
    void connectSignals();
    void onCursorChanged();

    ViewerState* m_state;
    QLabel* m_verdict;
    QLabel* m_reason;
    QLabel* m_stats;
    QLabel* m_busy;
    QDoubleSpinBox* m_tolerance;
    QComboBox* m_interpolation;
    QCheckBox* m_logScale;
    QCheckBox* m_overToleranceOnly;
    QPushButton* m_jump;
    DiffHistogramChart* m_histogram;
    SliceDiffPlot* m_slicePlot;
};

} // namespace voxdiff::ui
