// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QToolBar>

#include "model/ViewerState.h"

class QComboBox;
class QDoubleSpinBox;
class QSlider;

namespace voxdiff::ui {

/// The fused view's controls: overlay mode, blend opacity, checkerboard tile size (mm), the
/// difference map's range, and the flip buttons. The flip keys (F: flip, 1: first, 2: second,
/// 0: back to the overlay) are actions of this bar, so they work wherever the focus is.
class FusionToolBar : public QToolBar {
    Q_OBJECT

  public:
    explicit FusionToolBar(ViewerState* state, QWidget* parent = nullptr);

  private:
    void syncFromState();

    ViewerState* m_state;
    QComboBox* m_mode;
    QSlider* m_opacity;
    QDoubleSpinBox* m_tileMm;
    QDoubleSpinBox* m_range;
};

} // namespace voxdiff::ui
