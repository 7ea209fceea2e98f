// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/ViewGrid.h"

#include <QGridLayout>

#include <cmath>

#include "voxdiff/ImageFacts.h"

namespace voxdiff::ui {

namespace {

constexpr std::array<ViewContent, 3> kContents{ViewContent::First, ViewContent::Second,
                                               ViewContent::Fused};

} // namespace

ViewGrid::ViewGrid(ViewerState* state, QWidget* parent)
    : QWidget(parent), m_state(state), m_layout(new QGridLayout(this)) {
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    for (SliceOrientation o : kAllOrientations) {
        auto& pipeline = m_pipelines[static_cast<std::size_t>(row(o))];
        pipeline = std::make_unique<OrientationPipeline>(o);
        for (std::size_t c = 0; c < kContents.size(); ++c) {
            auto* view = new SliceView(state, o, kContents[c], this);
            m_views[static_cast<std::size_t>(row(o))][c] = view;
            m_layout->addWidget(view, row(o), static_cast<int>(c));
        }
    }
    connect(state, &ViewerState::volumeChanged, this, &ViewGrid::onVolumeChanged);
    connect(state, &ViewerState::cursorChanged, this, &ViewGrid::onCursorChanged);
    connect(state, &ViewerState::cameraChanged, this, &ViewGrid::onCameraChanged);
    connect(state, &ViewerState::displayChanged, this, &ViewGrid::onDisplayChanged);
    connect(state, &ViewerState::layoutChanged, this, &ViewGrid::onLayoutChanged);
    connect(state, &ViewerState::fusionChanged, this, &ViewGrid::onFusionChanged);
    onVolumeChanged();
    onLayoutChanged();
}

ViewGrid::~ViewGrid() = default;

SliceView* ViewGrid::view(SliceOrientation o, ViewContent c) const {
    return m_views[static_cast<std::size_t>(row(o))][static_cast<std::size_t>(c)];
}

void ViewGrid::onVolumeChanged() {
    for (SliceOrientation o : kAllOrientations) {
        auto& pipeline = m_pipelines[static_cast<std::size_t>(row(o))];
        pipeline->setCursor(m_state->cursorLps());
        pipeline->setVolumes(*m_state);
        pipeline->updateSlices(*m_state);
        view(o, ViewContent::Fused)->setSwipeExtentMm(pipeline->gridExtentXMm());
        pushSlices(o);
    }
    updateTitles();
    onCursorChanged();
}

void ViewGrid::onCursorChanged() {
    for (SliceOrientation o : kAllOrientations) {
        auto& pipeline = m_pipelines[static_cast<std::size_t>(row(o))];
        // Only a row whose plane moved renders again; the others only move their cross.
        if (pipeline->setCursor(m_state->cursorLps())) {
            pipeline->updateSlices(*m_state);
            pushSlices(o);
        }
    }
    for (auto& rowViews : m_views) {
        for (SliceView* v : rowViews) {
            v->syncFromState();
        }
    }
}

void ViewGrid::onCameraChanged() {
    for (auto& rowViews : m_views) {
        for (SliceView* v : rowViews) {
            v->syncFromState();
        }
    }
}

void ViewGrid::onDisplayChanged() {
    for (SliceOrientation o : kAllOrientations) {
        auto& pipeline = m_pipelines[static_cast<std::size_t>(row(o))];
        pipeline->setDisplay(*m_state);
        pipeline->updateSlices(*m_state);
        pushSlices(o);
    }
    updateTitles();
}

void ViewGrid::onFusionChanged() {
    for (SliceOrientation o : kAllOrientations) {
        m_pipelines[static_cast<std::size_t>(row(o))]->updateFused(*m_state);
        pushSlices(o, true);
    }
    updateTitles();
}

void ViewGrid::pushSlices(SliceOrientation o, bool fusedOnly) {
    const OrientationPipeline& pipeline = *m_pipelines[static_cast<std::size_t>(row(o))];
    const auto rectMm = pipeline.sliceRectMm();
    if (!fusedOnly) {
        view(o, ViewContent::First)->setSlice(pipeline.colorSlice(ImageSlot::First), rectMm);
        view(o, ViewContent::Second)->setSlice(pipeline.colorSlice(ImageSlot::Second), rectMm);
    }
    view(o, ViewContent::Fused)->setSlice(pipeline.fusedSlice(), rectMm);
}

QString ViewGrid::fusedTitle() const {
    switch (m_state->fusedShows()) {
    case FusedShows::First:
        return tr("Fused: first only (F flips)");
    case FusedShows::Second:
        return tr("Fused: second only (F flips)");
    case FusedShows::Overlay:
        break;
    }
    switch (m_state->fusionMode()) {
    case FusionMode::Blend:
        return tr("Fused: blend %1 % second").arg(std::lround(100 * m_state->fusionOpacity()));
    case FusionMode::Checkerboard:
        return tr("Fused: checkerboard %1 mm")
            .arg(QString::fromStdString(core::displayNumber(m_state->checkerTileMm(), 4)));
    case FusionMode::Difference:
        return m_state->overToleranceOnly() ? tr("Fused: difference over tolerance %1")
                                                  .arg(QString::fromStdString(core::displayNumber(
                                                      m_state->absTolerance(), 4)))
                                            : tr("Fused: difference");
    case FusionMode::Swipe:
        return tr("Fused: swipe (first | second)");
    }
    return {};
}

void ViewGrid::onLayoutChanged() {
    const bool grid = m_state->layout() == ViewLayout::Grid3x3;
    for (SliceOrientation o : kAllOrientations) {
        const bool visible = grid || o == m_state->rowOrientation();
        for (SliceView* v : m_views[static_cast<std::size_t>(row(o))]) {
            v->setVisible(visible);
        }
        m_layout->setRowStretch(row(o), visible ? 1 : 0);
    }
}

void ViewGrid::updateTitles() {
    for (SliceOrientation o : kAllOrientations) {
        for (std::size_t c = 0; c < kContents.size(); ++c) {
            QString name;
            if (kContents[c] == ViewContent::Fused) {
                name = fusedTitle();
            } else {
                const auto& volume = m_state->volume(static_cast<ImageSlot>(c));
                name = QStringLiteral("%1: %2").arg(
                    viewContentName(kContents[c]),
                    volume ? QString::fromStdString(core::imageDisplayName(*volume))
                           : QStringLiteral("(none)"));
            }
            view(o, kContents[c])
                ->setTitle(QStringLiteral("%1 - %2").arg(orientationName(o), name));
        }
    }
}

void ViewGrid::renderNow() {
    for (auto& rowViews : m_views) {
        for (SliceView* v : rowViews) {
            if (v->isVisible()) {
                v->repaint();
            }
        }
    }
}

} // namespace voxdiff::ui
