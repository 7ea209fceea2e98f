// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QDialog>

#include <atomic>
#include <memory>

#include "voxdiff/Volume.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QThread;

namespace voxdiff::ui {

/// File > Export as DICOM...: writes a loaded volume as a PET or Parametric Map series beside a
/// reference DICOM series with core::exportDicom on a worker thread (progress, cancel), and
/// shows the round-trip verdict. Owns nothing of the viewer's state: the volume is shared.
class ExportDicomDialog : public QDialog {
    Q_OBJECT
  public:
    ExportDicomDialog(std::shared_ptr<const core::Volume> input, QWidget* parent = nullptr);
    ~ExportDicomDialog() override;

  signals:
    /// Emitted on the GUI thread when an export ends: the summary, or the error.
    void exportFinished(bool verified, const QString& text);

  protected:
    void reject() override;

  private:
    void chooseFolder(QLineEdit* edit, const QString& title);
    void updateExportButton();
    void startExport();
    void showProgress(double fraction, const QString& label);
    void finish(bool ok, bool verified, const QString& text);

    std::shared_ptr<const core::Volume> m_input;
    QLineEdit* m_reference = nullptr;
    QLineEdit* m_output = nullptr;
    QComboBox* m_kind = nullptr;
    QLineEdit* m_units = nullptr;
    QProgressBar* m_progress = nullptr;
    QPlainTextEdit* m_status = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_cancel = nullptr;
    QThread* m_worker = nullptr;
    std::atomic<bool> m_cancelFlag{false};
};

} // namespace voxdiff::ui
