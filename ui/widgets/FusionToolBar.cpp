// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/FusionToolBar.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSlider>

#include <cmath>

namespace voxdiff::ui {

FusionToolBar::FusionToolBar(ViewerState* state, QWidget* parent)
    : QToolBar(tr("Fused view"), parent), m_state(state), m_mode(new QComboBox(this)),
      m_opacity(new QSlider(Qt::Horizontal, this)), m_tileMm(new QDoubleSpinBox(this)),
      m_range(new QDoubleSpinBox(this)) {
    setObjectName(QStringLiteral("fusionToolBar"));
    for (FusionMode m :
         {FusionMode::Blend, FusionMode::Checkerboard, FusionMode::Difference, FusionMode::Swipe}) {
        m_mode->addItem(tr(fusionModeName(m)), static_cast<int>(m));
    }
    m_mode->setObjectName(QStringLiteral("fusionModeCombo"));
    m_mode->setToolTip(tr("How the fused column combines the two images"));
    m_opacity->setRange(0, 100);
    m_opacity->setMaximumWidth(140);
    m_opacity->setObjectName(QStringLiteral("opacitySlider"));
    m_opacity->setToolTip(tr("Blend: weight of the second image"));
    m_tileMm->setRange(1.0, 200.0);
    m_tileMm->setSuffix(tr(" mm"));
    m_tileMm->setDecimals(1);
    m_tileMm->setToolTip(tr("Checkerboard tile size"));
    m_range->setRange(0.0, 1e9);
    m_range->setDecimals(4);
    m_range->setSpecialValueText(tr("auto"));
    m_range->setToolTip(tr("Difference map: |second - first| shown at full colour (0: the "
                           "largest difference)"));

    addWidget(new QLabel(tr(" Fused: "), this));
    addWidget(m_mode);
    addWidget(new QLabel(tr("  Opacity "), this));
    addWidget(m_opacity);
    addWidget(new QLabel(tr("  Tile "), this));
    addWidget(m_tileMm);
    addWidget(new QLabel(tr("  Difference range +- "), this));
    addWidget(m_range);
    addSeparator();
    QAction* flip = addAction(tr("Flip (F)"), state, &ViewerState::flipFused);
    flip->setShortcut(QKeySequence(Qt::Key_F));
    flip->setToolTip(tr("Show the first, then the second image in place (F)"));
    QAction* first =
        addAction(tr("First (1)"), [state] { state->setFusedShows(FusedShows::First); });
    first->setShortcut(QKeySequence(Qt::Key_1));
    QAction* second =
        addAction(tr("Second (2)"), [state] { state->setFusedShows(FusedShows::Second); });
    second->setShortcut(QKeySequence(Qt::Key_2));
    QAction* overlay =
        addAction(tr("Overlay (0)"), [state] { state->setFusedShows(FusedShows::Overlay); });
    overlay->setShortcut(QKeySequence(Qt::Key_0));
    for (QAction* a : {flip, first, second, overlay}) {
        a->setShortcutContext(Qt::WindowShortcut);
    }

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        m_state->setFusionMode(static_cast<FusionMode>(m_mode->currentData().toInt()));
    });
    connect(m_opacity, &QSlider::valueChanged, this,
            [this](int percent) { m_state->setFusionOpacity(percent / 100.0); });
    connect(m_tileMm, &QDoubleSpinBox::valueChanged, state, &ViewerState::setCheckerTileMm);
    connect(m_range, &QDoubleSpinBox::valueChanged, state, &ViewerState::setDifferenceHalfRange);
    connect(state, &ViewerState::fusionChanged, this, &FusionToolBar::syncFromState);
    connect(state, &ViewerState::displayChanged, this, &FusionToolBar::syncFromState);
    syncFromState();
}

void FusionToolBar::syncFromState() {
    const QSignalBlocker blockMode(m_mode);
    const QSignalBlocker blockOpacity(m_opacity);
    const QSignalBlocker blockTile(m_tileMm);
    const QSignalBlocker blockRange(m_range);
    m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(m_state->fusionMode())));
    m_opacity->setValue(static_cast<int>(std::lround(100.0 * m_state->fusionOpacity())));
    m_tileMm->setValue(m_state->checkerTileMm());
    m_range->setValue(m_state->differenceHalfRange());
    const FusionMode mode = m_state->fusionMode();
    m_opacity->setEnabled(mode == FusionMode::Blend);
    m_tileMm->setEnabled(mode == FusionMode::Checkerboard);
    m_range->setEnabled(mode == FusionMode::Difference);
}

} // namespace voxdiff::ui
