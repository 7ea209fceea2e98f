// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

#include "model/ViewerState.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace voxdiff::ui {

/// Every comparison setting voxdiff-cli compare has, with the core's defaults, editable: the
/// tolerances, SUVbw per image (PET DICOM only), interpolation, volume, series, grid tolerance,
/// histogram bins; and the difference map's range (anchored or automatic).
class SettingsPanel : public QWidget {
    Q_OBJECT

  public:
    explicit SettingsPanel(ViewerState* state, QWidget* parent = nullptr);

  private:
    void refresh();
    void apply();

    ViewerState* m_state;
    QDoubleSpinBox* m_absTolerance;
    QDoubleSpinBox* m_relTolerance;
    QCheckBox* m_suvFirst;
    QCheckBox* m_suvSecond;
    QComboBox* m_interpolation;
    QSpinBox* m_volume;
    QLineEdit* m_series;
    QDoubleSpinBox* m_gridTolerance;
    QSpinBox* m_bins;
    QCheckBox* m_automaticRange;
    QLabel* m_suvNote;
    bool m_refreshing = false;
};

} // namespace voxdiff::ui
