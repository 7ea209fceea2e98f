// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/ExportDicomDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMetaObject>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

#include "voxdiff/DicomExport.h"
#include "voxdiff/ImageFacts.h"

namespace voxdiff::ui {

ExportDicomDialog::ExportDicomDialog(std::shared_ptr<const core::Volume> input, QWidget* parent)
    : QDialog(parent), m_input(std::move(input)) {
    setWindowTitle(tr("Export as DICOM"));
    setObjectName(QStringLiteral("exportDicomDialog"));
    auto* form = new QFormLayout;
    auto* image = new QLabel(this);
    image->setObjectName(QStringLiteral("imageLabel"));
    image->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (m_input) {
        image->setText(tr("%1 (first image, %2, %3)")
                           .arg(QString::fromStdString(core::imageDisplayName(*m_input)),
                                QString::fromStdString(core::displayDims(m_input->dims())),
                                m_input->valueUnits().empty()
                                    ? tr("no units named")
                                    : QString::fromStdString(m_input->valueUnits())));
    }
    form->addRow(tr("Image to export:"), image);
    auto folderRow = [this, form](QLineEdit*& edit, const QString& label, const QString& title) {
        edit = new QLineEdit(this);
        auto* browse = new QPushButton(tr("Browse..."), this);
        connect(browse, &QPushButton::clicked, this,
                [this, line = edit, title] { chooseFolder(line, title); });
        auto* row = new QHBoxLayout;
        row->addWidget(edit);
        row->addWidget(browse);
        form->addRow(label, row);
    };
    folderRow(m_reference, tr("Reference DICOM series:"), tr("Reference DICOM folder"));
    folderRow(m_output, tr("Output folder (new or empty):"), tr("Output folder"));
    m_reference->setObjectName(QStringLiteral("referenceEdit"));
    m_output->setObjectName(QStringLiteral("outputEdit"));
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("PET (int16, a slope per slice)"));
    m_kind->addItem(tr("Parametric Map (float32, lossless)"));
    form->addRow(tr("Write as:"), m_kind);
    m_units = new QLineEdit(this);
    m_units->setPlaceholderText(tr("inferred from the reference (BQML, GML, ...)"));
    form->addRow(tr("Units:"), m_units);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    // The round-trip summary runs to several lines: a read-only text box that scrolls, never a
    // label cut off at the dialog's edge.
    m_status = new QPlainTextEdit(this);
    m_status->setReadOnly(true);
    m_status->setMinimumHeight(7 * fontMetrics().lineSpacing());
    m_status->setPlaceholderText(
        tr("The export is read back and compared with the image: the verdict appears here."));
    m_export = new QPushButton(tr("Export"), this);
    m_cancel = new QPushButton(tr("Close"), this);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_units->setObjectName(QStringLiteral("unitsEdit"));
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_cancel->setObjectName(QStringLiteral("closeButton"));
    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_export, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    connect(m_export, &QPushButton::clicked, this, &ExportDicomDialog::startExport);
    for (QLineEdit* edit : {m_reference, m_output}) {
        connect(edit, &QLineEdit::textChanged, this, &ExportDicomDialog::updateExportButton);
    }
    updateExportButton();
    connect(m_cancel, &QPushButton::clicked, this, &ExportDicomDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status, 1);
    layout->addWidget(buttons);
    resize(720, sizeHint().height());
}

ExportDicomDialog::~ExportDicomDialog() {
    m_cancelFlag = true;
    if (m_worker != nullptr) {
        m_worker->wait();
        delete m_worker;
    }
}

void ExportDicomDialog::chooseFolder(QLineEdit* edit, const QString& title) {
    const QString folder = QFileDialog::getExistingDirectory(this, title, edit->text());
    if (!folder.isEmpty()) {
        edit->setText(folder);
    }
}

void ExportDicomDialog::reject() {
    if (m_worker != nullptr) {
        // First press cancels the running export; the dialog closes when it has stopped.
        m_cancelFlag = true;
        m_status->setPlainText(tr("Cancelling..."));
        return;
    }
    QDialog::reject();
}

void ExportDicomDialog::updateExportButton() {
    m_export->setEnabled(m_worker == nullptr && m_input &&
                         !m_reference->text().trimmed().isEmpty() &&
                         !m_output->text().trimmed().isEmpty());
}

void ExportDicomDialog::startExport() {
    if (m_worker != nullptr || !m_input) {
        return;
    }
    core::DicomExportOptions options;
    options.kind = m_kind->currentIndex() == 1 ? core::DicomExportKind::ParametricMap
                                               : core::DicomExportKind::Pet;
    options.units = m_units->text().trimmed().toStdString();
    options.cancel = &m_cancelFlag;
    options.progress = [this](double fraction, const std::string& label) {
        QMetaObject::invokeMethod(
            this,
            [this, fraction, text = QString::fromStdString(label)] {
                showProgress(fraction, text);
            },
            Qt::QueuedConnection);
    };
    const std::filesystem::path reference = m_reference->text().toStdString();
    const std::filesystem::path output = m_output->text().toStdString();
    m_cancelFlag = false;
    m_export->setEnabled(false);
    m_cancel->setText(tr("Cancel"));
    m_status->setPlainText(tr("Exporting..."));
    m_worker = QThread::create([this, input = m_input, reference, output, options] {
        auto result = core::exportDicom(*input, reference, output, options);
        const bool ok = result.ok();
        const bool verified = ok && result->verified;
        const QString text = QString::fromStdString(
            ok ? core::exportSummaryText(result.value(), *input) : result.error().describe());
        QMetaObject::invokeMethod(
            this, [this, ok, verified, text] { finish(ok, verified, text); }, Qt::QueuedConnection);
    });
    m_worker->start();
}

void ExportDicomDialog::showProgress(double fraction, const QString& label) {
    m_progress->setValue(static_cast<int>(fraction * 1000.0));
    if (m_worker != nullptr && !m_cancelFlag) {
        m_status->setPlainText(label);
    }
}

void ExportDicomDialog::finish(bool ok, bool verified, const QString& text) {
    if (m_worker != nullptr) {
        m_worker->wait();
        m_worker->deleteLater();
        m_worker = nullptr;
    }
    const bool wasCancelled = m_cancelFlag.exchange(false);
    updateExportButton();
    m_cancel->setText(tr("Close"));
    m_progress->setValue(ok ? 1000 : 0);
    m_status->setPlainText(ok ? text : tr("Export failed: %1").arg(text));
    emit exportFinished(ok && verified, text);
    if (wasCancelled && !ok) {
        QDialog::reject();
    }
}

} // namespace voxdiff::ui
