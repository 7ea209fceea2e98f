// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

#include <array>
#include <memory>

#include "model/ViewerState.h"
#include "render/OrientationPipeline.h"
#include "widgets/SliceView.h"

class QGridLayout;

namespace voxdiff::ui {

/// The 3x3 grid of slice views (columns: first, second, fused; rows: axial, coronal, sagittal)
/// or one row of it. Owns the three orientation pipelines and keeps them and the views in step
/// with the ViewerState.
class ViewGrid : public QWidget {
    Q_OBJECT

  public:
    explicit ViewGrid(ViewerState* state, QWidget* parent = nullptr);
    ~ViewGrid() override;

    SliceView* view(SliceOrientation o, ViewContent c) const;
    /// Redraws every visible view now (not at the next event loop turn): for the benchmark.
    void renderNow();

  private:
    void onVolumeChanged();
    void onCursorChanged();
    void onCameraChanged();
    void onDisplayChanged();
    void onFusionChanged();
    /// Hands the row's pipeline slices to its views (all three, or only the fused one).
    void pushSlices(SliceOrientation o, bool fusedOnly = false);
    QString fusedTitle() const;
    void onLayoutChanged();
    void updateTitles();
    static int row(SliceOrientation o) { return static_cast<int>(o); }

    ViewerState* m_state;
    QGridLayout* m_layout;
    std::array<std::unique_ptr<OrientationPipeline>, 3> m_pipelines;
    std::array<std::array<SliceView*, 3>, 3> m_views{};
};

} // namespace voxdiff::ui
