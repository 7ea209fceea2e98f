// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QDialog>
#include <QString>

#include <atomic>
#include <vector>

#include "model/ViewerState.h"
#include "voxdiff/DicomWeb.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThread;

namespace voxdiff::ui {

/// File > Open from server...: searches a DICOMweb server (QIDO-RS, in a worker thread, with
/// cancel) and lets the user pick a series to open as the first or second image. The server
/// URL and user name are remembered (QSettings); the password is asked for, handed to the core
/// for this session only (core::setSessionCredentials) and never stored.
class DicomWebDialog : public QDialog {
    Q_OBJECT

  public:
    explicit DicomWebDialog(QWidget* parent = nullptr);
    ~DicomWebDialog() override;

    /// The chosen series URL (empty when none) and the slot to open it into.
    QString selectedUrl() const { return m_selectedUrl; }
    ImageSlot selectedSlot() const { return m_selectedSlot; }

  private:
    struct Row {
        core::DicomWebStudy study;
        core::DicomWebSeries series;
        QString url;
    };

    void search();
    void cancelSearch();
    void showResults(std::vector<Row> rows, const QString& error);
    void choose(ImageSlot slot);
    core::DicomWebCredentials credentials() const;
    void setBusy(bool busy);

    QLineEdit* m_server;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_patientId;
    QLineEdit* m_accession;
    QLineEdit* m_studyDate;
    QLineEdit* m_modality;
    QTableWidget* m_table;
    QProgressBar* m_busy;
    QLabel* m_status;
    QPushButton* m_searchButton;
    QPushButton* m_cancelButton;
    QPushButton* m_openFirst;
    QPushButton* m_openSecond;
    QThread* m_worker = nullptr;
    std::atomic<bool> m_cancel{false};
    std::vector<Row> m_rows;
    QString m_selectedUrl;
    ImageSlot m_selectedSlot = ImageSlot::First;
};

} // namespace voxdiff::ui
