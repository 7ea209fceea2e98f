// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QLabel>

#include "model/ViewerState.h"

namespace voxdiff::ui {

/// The cursor readout: RAS and LPS in mm, each image's voxel index and value, and the
/// difference (second - first).
class ReadoutPanel : public QLabel {
    Q_OBJECT

  public:
    explicit ReadoutPanel(ViewerState* state, QWidget* parent = nullptr);
    void refresh();

  private:
    ViewerState* m_state;
};

} // namespace voxdiff::ui
