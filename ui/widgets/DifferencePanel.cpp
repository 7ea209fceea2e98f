// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/DifferencePanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

#include "voxdiff/DisplayConvention.h"
#include "voxdiff/ImageFacts.h"

#include "widgets/DiffHistogramChart.h"
#include "widgets/SliceDiffPlot.h"

namespace voxdiff::ui {

namespace {

QString verdictColor(core::Verdict v) {
    return QString::fromStdString(core::hexColour(core::verdictColours(v).ink));
}

// Numbers as the reports write them.
QString number(double v) {
    return QString::fromStdString(core::displayNumber(v));
}

QString point(const core::Vec3& p) {
    return QString::fromStdString(core::displayPoint(p));
}

} // namespace

DifferencePanel::DifferencePanel(ViewerState* state, QWidget* parent)
    : QWidget(parent), m_state(state), m_verdict(new QLabel(this)), m_reason(new QLabel(this)),
      m_stats(new QLabel(this)), m_busy(new QLabel(this)), m_tolerance(new QDoubleSpinBox(this)),
      m_interpolation(new QComboBox(this)), m_logScale(new QCheckBox(tr("Log counts"), this)),
      m_overToleranceOnly(new QCheckBox(tr("Show only voxels over the tolerance"), this)),
      m_jump(new QPushButton(tr("Jump to largest difference"), this)),
      m_histogram(new DiffHistogramChart(this)), m_slicePlot(new SliceDiffPlot(this)) {
    setupWidgets();
    buildLayout();
    connectSignals();
    refresh();
}

void DifferencePanel::setupWidgets() {
    setObjectName(QStringLiteral("differencePanel"));
    m_verdict->setObjectName(QStringLiteral("verdictLabel"));
    m_verdict->setTextFormat(Qt::RichText);
    m_reason->setWordWrap(true);
    m_stats->setTextFormat(Qt::RichText);
    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_busy->setStyleSheet(QStringLiteral("color: gray"));

    m_tolerance->setObjectName(QStringLiteral("toleranceSpin"));
    m_tolerance->setDecimals(6);
    m_tolerance->setRange(0.0, 1e9);
    m_tolerance->setSingleStep(0.001);
    m_tolerance->setValue(m_state->absTolerance());
    m_overToleranceOnly->setChecked(m_state->overToleranceOnly());
    m_tolerance->setToolTip(tr("Voxels with |second - first| above this count as different "
                               "(in the images' value units)."));
    m_interpolation->setObjectName(QStringLiteral("interpolationCombo"));
    m_interpolation->addItem(tr("Linear"), static_cast<int>(core::Interpolation::Linear));
    m_interpolation->addItem(tr("Nearest"), static_cast<int>(core::Interpolation::Nearest));
    m_interpolation->setToolTip(
        tr("How the second image is resampled onto the first image's grid when they differ."));
    m_logScale->setChecked(true);
    m_jump->setObjectName(QStringLiteral("jumpToMaxButton"));
    m_overToleranceOnly->setObjectName(QStringLiteral("overToleranceCheck"));
}

void DifferencePanel::buildLayout() {
    auto* settings = new QFormLayout;
    settings->addRow(tr("Tolerance (abs):"), m_tolerance);
    settings->addRow(tr("Interpolation:"), m_interpolation);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_jump);
    buttons->addWidget(m_logScale);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_verdict);
    layout->addWidget(m_reason);
    layout->addWidget(m_busy);
    layout->addLayout(settings);
    layout->addWidget(m_stats);
    layout->addLayout(buttons);
    layout->addWidget(m_overToleranceOnly);
    layout->addWidget(m_histogram, 1);
    layout->addWidget(m_slicePlot, 1);
}

void DifferencePanel::connectSignals() {
    connect(m_tolerance, &QDoubleSpinBox::valueChanged, m_state, &ViewerState::setAbsTolerance);
    connect(m_interpolation, &QComboBox::currentIndexChanged, this, [this] {
        m_state->setInterpolation(
            static_cast<core::Interpolation>(m_interpolation->currentData().toInt()));
    });
    connect(m_logScale, &QCheckBox::toggled, m_histogram, &DiffHistogramChart::setLogScale);
    connect(m_overToleranceOnly, &QCheckBox::toggled, this, [this](bool only) {
        m_state->setOverToleranceOnly(only);
        if (only) {
            m_state->setFusionMode(FusionMode::Difference);
        }
    });
    connect(m_jump, &QPushButton::clicked, this, &DifferencePanel::jumpToLargestDifference);
    connect(m_slicePlot, &SliceDiffPlot::sliceClicked, this, [this](std::int64_t k) {
        const core::Volume* first = m_state->volume(ImageSlot::First).get();
        if (!first) {
            return;
        }
        core::Vec3 ijk = first->continuousIndexOfLps(m_state->cursorLps());
        ijk[2] = static_cast<double>(k);
        m_state->setCursorLps(first->voxelCenterLps(ijk));
    });
    connect(m_state, &ViewerState::comparisonChanged, this, &DifferencePanel::refresh);
    connect(m_state, &ViewerState::volumeChanged, this, &DifferencePanel::refresh);
    connect(m_state, &ViewerState::cursorChanged, this, &DifferencePanel::onCursorChanged);
    connect(m_state, &ViewerState::compareOptionsChanged, this, [this] {
        const QSignalBlocker block(m_tolerance);
        m_tolerance->setValue(m_state->absTolerance());
    });
    connect(m_state, &ViewerState::fusionChanged, this, [this] {
        const QSignalBlocker block(m_overToleranceOnly);
        m_overToleranceOnly->setChecked(m_state->overToleranceOnly());
    });
}

QString DifferencePanel::verdictText() const {
    return m_verdict->text();
}

void DifferencePanel::setBusyText(const QString& text) {
    m_busy->setText(text);
    m_busy->setVisible(!text.isEmpty());
}

void DifferencePanel::jumpToLargestDifference() {
    const auto& comparison = m_state->comparison();
    if (!comparison) {
        return;
    }
    const core::Vec3 pointLps = comparison->values.maxAbsDiffLocation.pointLps;
    m_state->setCursorLps(pointLps);
    m_state->setViewCenterLps(pointLps);
    m_state->setFusionMode(FusionMode::Difference);
}

void DifferencePanel::onCursorChanged() {
    const core::Volume* first = m_state->volume(ImageSlot::First).get();
    if (!first) {
        m_slicePlot->setCurrentSlice(-1);
        return;
    }
    const double k = std::round(first->continuousIndexOfLps(m_state->cursorLps())[2]);
    m_slicePlot->setCurrentSlice(
        k >= 0 && k < static_cast<double>(first->dims()[2]) ? static_cast<std::int64_t>(k) : -1);
}

void DifferencePanel::refresh() {
    const auto& comparison = m_state->comparison();
    const bool pair = m_state->hasVolume(ImageSlot::First) && m_state->hasVolume(ImageSlot::Second);
    m_jump->setEnabled(comparison != nullptr);
    if (!comparison) {
        m_verdict->setText(pair ? tr("<h2>Comparing...</h2>") : tr("<h2>Load two images</h2>"));
        m_reason->setText(pair ? tr("The verdict appears when the comparison has run.")
                               : tr("Open a first and a second image (File menu, or drop files "
                                    "on the views)."));
        m_stats->clear();
        m_histogram->setData({}, 0.0, 0.0);
        m_slicePlot->setData({}, 0.0);
        return;
    }
    const core::ValueComparison& v = comparison->values;
    m_verdict->setText(QStringLiteral("<h2 style='color:%1'>%2</h2>")
                           .arg(verdictColor(comparison->verdict),
                                QString::fromLatin1(core::verdictName(comparison->verdict))));
    m_reason->setText(QString::fromStdString(comparison->verdictReason));
    const core::DiffLocation& at = v.maxAbsDiffLocation;
    QString rows;
    auto row = [&rows](const QString& label, const QString& value) {
        rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(label, value);
    };
    row(tr("Compared voxels"), QString::number(v.comparedVoxels));
    row(tr("Max |difference|"),
        tr("%1 at voxel %2, RAS %3 mm")
            .arg(number(v.maxAbsDiff), QString::fromStdString(core::displayIndex(at.indexFirst)),
                 point(at.pointRas)));
    row(tr("Values there"),
        tr("first %1, second %2").arg(number(at.valueFirst), number(at.valueSecond)));
    row(tr("Mean difference / RMSE"),
        QStringLiteral("%1 / %2").arg(number(v.meanDiff), number(v.rmse)));
    // "Over" means over both tolerances (a pair within either is within), so the count and the
    // share always agree; the per-tolerance counts follow.
    const auto outside = static_cast<qint64>(
        std::llround((1.0 - v.withinToleranceFraction) * static_cast<double>(v.comparedVoxels)));
    row(tr("Over the tolerance"),
        tr("%1 voxels (%2 % within); over absolute %3, over relative %4")
            .arg(outside)
            .arg(QString::fromStdString(core::formatShare(v.withinToleranceFraction)))
            .arg(v.overAbsTolerance)
            .arg(v.overRelTolerance));
    if (v.comparedVoxels > 0 &&
        static_cast<double>(v.zeroBoth) / static_cast<double>(v.comparedVoxels) >=
            core::kBackgroundDominantShare) {
        row(tr("Without background"), tr("%1 % within, not counting %2 pairs where both are 0")
                                          .arg(QString::fromStdString(core::formatShare(
                                              v.withinToleranceFractionNoBackground)))
                                          .arg(v.zeroBoth));
    }
    if (v.quantizationApplies) {
        row(tr("Quantization bound"),
            tr("%1 (%2 stored integers); %3 % of voxels within it")
                .arg(number(v.quantizationBoundMax), QString::fromStdString(v.quantizationSide))
                .arg(QString::fromStdString(core::formatShare(v.withinQuantizationFraction))));
    }
    if (v.nonFiniteMismatch > 0) {
        row(tr("NaN/Inf on one side only"), QString::number(v.nonFiniteMismatch));
    }
    m_stats->setText(QStringLiteral("<table cellspacing='2'>%1</table>").arg(rows));
    m_histogram->setData(v.histogram, m_state->absTolerance(),
                         v.quantizationApplies ? v.quantizationBoundMax : 0.0);
    m_slicePlot->setData(v.perSlice, m_state->absTolerance());
    onCursorChanged();
}

} // namespace voxdiff::ui
