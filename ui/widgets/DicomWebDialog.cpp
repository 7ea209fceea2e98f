// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/DicomWebDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

namespace voxdiff::ui {

namespace {

constexpr const char* kServerKey = "dicomweb/server";
constexpr const char* kUserKey = "dicomweb/user";

QTableWidgetItem* cell(const std::string& text) {
    auto* item = new QTableWidgetItem(QString::fromStdString(text));
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

} // namespace

DicomWebDialog::DicomWebDialog(QWidget* parent)
    : QDialog(parent), m_server(new QLineEdit(this)), m_user(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_patientId(new QLineEdit(this)),
      m_accession(new QLineEdit(this)), m_studyDate(new QLineEdit(this)),
      m_modality(new QLineEdit(this)), m_table(new QTableWidget(0, 7, this)),
      m_busy(new QProgressBar(this)), m_status(new QLabel(this)),
      m_searchButton(new QPushButton(tr("&Search"), this)),
      m_cancelButton(new QPushButton(tr("Cancel search"), this)),
      m_openFirst(new QPushButton(tr("Open as &first"), this)),
      m_openSecond(new QPushButton(tr("Open as s&econd"), this)) {
    setWindowTitle(tr("Open from server (DICOMweb)"));
    setObjectName(QStringLiteral("dicomWebDialog"));
    const std::pair<QObject*, const char*> names[] = {
        {m_server, "serverEdit"},         {m_user, "userEdit"},
        {m_password, "passwordEdit"},     {m_patientId, "patientIdEdit"},
        {m_accession, "accessionEdit"},   {m_studyDate, "studyDateEdit"},
        {m_modality, "modalityEdit"},     {m_table, "seriesTable"},
        {m_busy, "searchBusy"},           {m_status, "searchStatus"},
        {m_searchButton, "searchButton"}, {m_cancelButton, "cancelSearchButton"},
        {m_openFirst, "openFirstButton"}, {m_openSecond, "openSecondButton"},
    };
    for (const auto& [widget, name] : names) {
        widget->setObjectName(QLatin1String(name));
    }
    QSettings settings;
    m_server->setText(settings.value(kServerKey).toString());
    m_server->setPlaceholderText(QStringLiteral("https://pacs.example/dicom-web"));
    m_user->setText(settings.value(kUserKey).toString());
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("asked each session, never stored"));
    m_studyDate->setPlaceholderText(QStringLiteral("YYYYMMDD-YYYYMMDD"));
    m_modality->setPlaceholderText(QStringLiteral("PT, CT, MR..."));

    auto* form = new QFormLayout;
    form->addRow(tr("Server URL"), m_server);
    form->addRow(tr("User"), m_user);
    form->addRow(tr("Password"), m_password);
    form->addRow(tr("Patient ID"), m_patientId);
    form->addRow(tr("Accession number"), m_accession);
    form->addRow(tr("Study date"), m_studyDate);
    form->addRow(tr("Modality"), m_modality);

    m_table->setHorizontalHeaderLabels({tr("Patient ID"), tr("Patient"), tr("Study date"),
                                        tr("Study"), tr("Modality"), tr("Series"),
                                        tr("Instances")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Every column as wide as its text; the series description takes the rest.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(5, QHeaderView::Stretch);
    m_busy->setTextVisible(false);

    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_searchButton);
    searchRow->addWidget(m_cancelButton);
    searchRow->addWidget(m_busy, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_openFirst, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_openSecond, QDialogButtonBox::AcceptRole);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(searchRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_searchButton, &QPushButton::clicked, this, &DicomWebDialog::search);
    connect(m_cancelButton, &QPushButton::clicked, this, &DicomWebDialog::cancelSearch);
    connect(m_openFirst, &QPushButton::clicked, this, [this] { choose(ImageSlot::First); });
    connect(m_openSecond, &QPushButton::clicked, this, [this] { choose(ImageSlot::Second); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTableWidget::cellDoubleClicked, this,
            [this](int, int) { choose(ImageSlot::First); });
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { setBusy(m_worker != nullptr); });
    setBusy(false);
    resize(900, 600);
}

DicomWebDialog::~DicomWebDialog() {
    m_cancel = true;
    if (m_worker != nullptr) {
        m_worker->wait();
        delete m_worker;
    }
}

core::DicomWebCredentials DicomWebDialog::credentials() const {
    core::DicomWebCredentials c;
    c.user = m_user->text().toStdString();
    c.password = m_password->text().toStdString();
    return c;
}

void DicomWebDialog::setBusy(bool busy) {
    // The bar keeps its place (the buttons do not jump); it moves only while searching.
    m_busy->setRange(0, busy ? 0 : 1);
    m_busy->setValue(0);
    m_busy->setEnabled(busy);
    m_searchButton->setEnabled(!busy);
    m_cancelButton->setEnabled(busy);
    const bool chosen = !busy && m_table->currentRow() >= 0 && !m_table->selectedItems().isEmpty();
    m_openFirst->setEnabled(chosen);
    m_openSecond->setEnabled(chosen);
}

void DicomWebDialog::search() {
    auto server = core::parseDicomWebUrl(m_server->text().trimmed().toStdString());
    if (!server) {
        m_status->setText(QString::fromStdString(server.error().describe()));
        return;
    }
    QSettings settings;
    settings.setValue(kServerKey, QString::fromStdString(server->text()));
    settings.setValue(kUserKey, m_user->text());
    core::DicomWebOptions options = core::dicomWebOptionsFromEnvironment();
    if (!m_user->text().isEmpty()) {
        options.credentials = credentials();
    }
    options.cancel = &m_cancel;
    core::DicomWebQuery query;
    query.patientId = m_patientId->text().trimmed().toStdString();
    query.accessionNumber = m_accession->text().trimmed().toStdString();
    query.studyDateRange = m_studyDate->text().trimmed().toStdString();
    query.modality = m_modality->text().trimmed().toStdString();
    query.maxResults = 500;
    m_cancel = false;
    setBusy(true);
    m_status->setText(tr("Searching %1...").arg(QString::fromStdString(server->authority)));
    m_worker = QThread::create([this, root = server.value(), options, query] {
        std::vector<Row> rows;
        QString error;
        auto studies = core::searchStudies(root, query, options);
        if (!studies) {
            error = QString::fromStdString(studies.error().describe());
        }
        for (const auto& study : studies ? studies.value() : std::vector<core::DicomWebStudy>{}) {
            core::DicomWebUrl studyUrl = root;
            studyUrl.kind = core::DicomWebUrlKind::Study;
            studyUrl.studyUid = study.studyUid;
            auto series = core::searchSeries(studyUrl, query.modality, options);
            if (!series) {
                error = QString::fromStdString(series.error().describe());
                break;
            }
            for (const auto& s : series.value()) {
                rows.push_back(
                    {study, s,
                     QString::fromStdString(root.seriesUrl(study.studyUid, s.seriesUid))});
            }
        }
        QMetaObject::invokeMethod(
            this, [this, rows = std::move(rows), error] { showResults(rows, error); },
            Qt::QueuedConnection);
    });
    m_worker->start();
}

void DicomWebDialog::cancelSearch() {
    m_cancel = true;
}

void DicomWebDialog::showResults(std::vector<Row> rows, const QString& error) {
    if (m_worker != nullptr) {
        m_worker->wait();
        delete m_worker;
        m_worker = nullptr;
    }
    setBusy(false);
    m_rows = std::move(rows);
    m_table->setRowCount(static_cast<int>(m_rows.size()));
    for (int r = 0; r < static_cast<int>(m_rows.size()); ++r) {
        const Row& row = m_rows[static_cast<std::size_t>(r)];
        m_table->setItem(r, 0, cell(row.study.patientId));
        m_table->setItem(r, 1, cell(row.study.patientName));
        m_table->setItem(r, 2, cell(row.study.studyDate));
        m_table->setItem(r, 3, cell(row.study.description));
        m_table->setItem(r, 4, cell(row.series.modality));
        m_table->setItem(
            r, 5,
            cell("#" + std::to_string(row.series.seriesNumber) + " " + row.series.description));
        m_table->setItem(r, 6,
                         cell(row.series.instanceCount < 0
                                  ? std::string("?")
                                  : std::to_string(row.series.instanceCount)));
    }
    m_status->setText(
        error.isEmpty() ? tr("%n series found.", nullptr, static_cast<int>(m_rows.size())) : error);
}

void DicomWebDialog::choose(ImageSlot slot) {
    const int row = m_table->currentRow();
    if (row < 0 || row >= static_cast<int>(m_rows.size())) {
        m_status->setText(tr("Choose a series first."));
        return;
    }
    if (!m_user->text().isEmpty()) {
        core::setSessionCredentials(credentials());
    }
    m_selectedUrl = m_rows[static_cast<std::size_t>(row)].url;
    m_selectedSlot = slot;
    accept();
}

} // namespace voxdiff::ui
