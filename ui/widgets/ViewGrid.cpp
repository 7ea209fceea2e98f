#include "widgets/ViewGrid.h"

#include <QFileInfo>
#include <QGridLayout>

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
            if (kContents[c] == ViewContent::Fused) {
                view->setSliceInput(pipeline->fusedOutput());
            } else {
                view->setSliceInput(pipeline->colorOutput(static_cast<ImageSlot>(c)));
            }
        }
    }
    connect(state, &ViewerState::volumeChanged, this, &ViewGrid::onVolumeChanged);
    connect(state, &ViewerState::cursorChanged, this, &ViewGrid::onCursorChanged);
    connect(state, &ViewerState::cameraChanged, this, &ViewGrid::onCameraChanged);
    connect(state, &ViewerState::displayChanged, this, &ViewGrid::onDisplayChanged);
    connect(state, &ViewerState::layoutChanged, this, &ViewGrid::onLayoutChanged);
    onVolumeChanged();
    onLayoutChanged();
}

ViewGrid::~ViewGrid() = default;

SliceView* ViewGrid::view(SliceOrientation o, ViewContent c) const {
    return m_views[static_cast<std::size_t>(row(o))][static_cast<std::size_t>(c)];
}

void ViewGrid::onVolumeChanged() {
    for (auto& pipeline : m_pipelines) {
        pipeline->setCursor(m_state->cursorLps());
        pipeline->setVolumes(*m_state);
    }
    updateTitles();
    onCursorChanged();
}

void ViewGrid::onCursorChanged() {
    for (auto& pipeline : m_pipelines) {
        pipeline->setCursor(m_state->cursorLps());
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
    for (auto& pipeline : m_pipelines) {
        pipeline->setDisplay(*m_state);
    }
    for (auto& rowViews : m_views) {
        for (SliceView* v : rowViews) {
            v->update();
        }
    }
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
                name = QStringLiteral("Fused (blend)");
            } else {
                const auto& volume = m_state->volume(static_cast<ImageSlot>(c));
                name = QStringLiteral("%1: %2").arg(
                    viewContentName(kContents[c]),
                    volume ? QFileInfo(QString::fromStdString(volume->source().path.string()))
                                 .fileName()
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
