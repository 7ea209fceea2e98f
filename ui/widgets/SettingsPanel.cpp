// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/SettingsPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace voxdiff::ui {

namespace {

bool isPetDicom(const std::shared_ptr<const core::Volume>& v) {
    return v && v->modality() == "PT" && v->source().format == core::ImageFormat::Dicom;
}

} // namespace

SettingsPanel::SettingsPanel(ViewerState* state, QWidget* parent)
    : QWidget(parent), m_state(state), m_absTolerance(new QDoubleSpinBox(this)),
      m_relTolerance(new QDoubleSpinBox(this)), m_suvFirst(new QCheckBox(tr("first"), this)),
      m_suvSecond(new QCheckBox(tr("second"), this)), m_interpolation(new QComboBox(this)),
      m_volume(new QSpinBox(this)), m_series(new QLineEdit(this)),
      m_gridTolerance(new QDoubleSpinBox(this)), m_bins(new QSpinBox(this)),
      m_automaticRange(new QCheckBox(tr("automatic (largest |difference|)"), this)),
      m_suvNote(new QLabel(this)) {
    setObjectName(QStringLiteral("settingsPanel"));
    m_absTolerance->setObjectName(QStringLiteral("absTolerance"));
    m_absTolerance->setRange(0.0, 1e12);
    m_absTolerance->setDecimals(6);
    m_relTolerance->setObjectName(QStringLiteral("relTolerance"));
    m_relTolerance->setRange(0.0, 1.0);
    m_relTolerance->setDecimals(9);
    m_relTolerance->setSingleStep(1e-6);
    m_suvFirst->setObjectName(QStringLiteral("suvFirst"));
    m_suvSecond->setObjectName(QStringLiteral("suvSecond"));
    m_interpolation->addItem(QStringLiteral("linear"));
    m_interpolation->addItem(QStringLiteral("nearest"));
    m_volume->setRange(0, 100000);
    m_series->setPlaceholderText(tr("first image series"));
    m_gridTolerance->setObjectName(QStringLiteral("gridTolerance"));
    m_gridTolerance->setRange(0.0, 0.49);
    m_gridTolerance->setDecimals(3);
    m_gridTolerance->setSingleStep(0.05);
    m_gridTolerance->setSuffix(tr(" voxel"));
    m_bins->setRange(1, 100000);
    m_automaticRange->setObjectName(QStringLiteral("automaticRange"));
    m_suvNote->setWordWrap(true);

    auto* suvRow = new QHBoxLayout;
    suvRow->addWidget(m_suvFirst);
    suvRow->addWidget(m_suvSecond);
    suvRow->addStretch();
    auto* form = new QFormLayout(this);
    form->addRow(tr("Absolute tolerance"), m_absTolerance);
    form->addRow(tr("Relative tolerance"), m_relTolerance);
    form->addRow(tr("PET as SUVbw"), suvRow);
    form->addRow(QString(), m_suvNote);
    form->addRow(tr("Interpolation"), m_interpolation);
    form->addRow(tr("Volume (4D)"), m_volume);
    form->addRow(tr("Series UID"), m_series);
    form->addRow(tr("Grid tolerance"), m_gridTolerance);
    form->addRow(tr("Histogram bins"), m_bins);
    form->addRow(tr("Difference colours"), m_automaticRange);

    for (auto* box : {m_absTolerance, m_relTolerance, m_gridTolerance}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, &SettingsPanel::apply);
    }
    for (auto* box : {m_volume, m_bins}) {
        connect(box, &QSpinBox::valueChanged, this, &SettingsPanel::apply);
    }
    for (auto* box : {m_suvFirst, m_suvSecond}) {
        connect(box, &QCheckBox::toggled, this, &SettingsPanel::apply);
    }
    connect(m_interpolation, &QComboBox::currentIndexChanged, this, &SettingsPanel::apply);
    connect(m_series, &QLineEdit::editingFinished, this, &SettingsPanel::apply);
    connect(m_automaticRange, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_refreshing) {
            m_state->setDifferenceRangeAutomatic(on);
        }
    });
    connect(state, &ViewerState::compareOptionsChanged, this, &SettingsPanel::refresh);
    connect(state, &ViewerState::loadOptionsChanged, this, &SettingsPanel::refresh);
    connect(state, &ViewerState::volumeChanged, this, &SettingsPanel::refresh);
    connect(state, &ViewerState::fusionChanged, this, &SettingsPanel::refresh);
    refresh();
}

void SettingsPanel::refresh() {
    m_refreshing = true;
    const core::ComparisonSettings& s = m_state->settings();
    m_absTolerance->setValue(s.absTolerance);
    m_relTolerance->setValue(s.relTolerance);
    m_suvFirst->setChecked(s.suv[0]);
    m_suvSecond->setChecked(s.suv[1]);
    m_interpolation->setCurrentIndex(s.interpolation == core::Interpolation::Nearest ? 1 : 0);
    m_volume->setValue(static_cast<int>(s.volumeIndex));
    m_series->setText(QString::fromStdString(s.seriesUid));
    m_gridTolerance->setValue(s.gridToleranceVoxels);
    m_bins->setValue(s.histogramBins);
    m_automaticRange->setChecked(m_state->differenceRangeAutomatic());
    // SUVbw applies to PET DICOM only: the toggle is live for such an image, and says so.
    const bool petFirst = isPetDicom(m_state->volume(ImageSlot::First));
    const bool petSecond = isPetDicom(m_state->volume(ImageSlot::Second));
    m_suvFirst->setEnabled(petFirst || !m_state->hasVolume(ImageSlot::First));
    m_suvSecond->setEnabled(petSecond || !m_state->hasVolume(ImageSlot::Second));
    m_suvNote->setText(petFirst || petSecond
                           ? tr("PET DICOM: values in Bq/ml unless converted to SUVbw.")
                           : tr("Applies to PET DICOM only; other images keep their values."));
    m_refreshing = false;
}

void SettingsPanel::apply() {
    if (m_refreshing) {
        return;
    }
    core::ComparisonSettings s = m_state->settings();
    s.absTolerance = m_absTolerance->value();
    s.relTolerance = m_relTolerance->value();
    s.suv = {m_suvFirst->isChecked(), m_suvSecond->isChecked()};
    s.interpolation = m_interpolation->currentIndex() == 1 ? core::Interpolation::Nearest
                                                           : core::Interpolation::Linear;
    s.volumeIndex = m_volume->value();
    s.seriesUid = m_series->text().trimmed().toStdString();
    s.gridToleranceVoxels = m_gridTolerance->value();
    s.histogramBins = m_bins->value();
    m_state->setSettings(s);
}

} // namespace voxdiff::ui
