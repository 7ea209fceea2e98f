// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/SeriesPickerDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace voxdiff::ui {

SeriesPickerDialog::SeriesPickerDialog(const core::DicomListing& listing, QWidget* parent)
    : QDialog(parent), m_table(new QTableWidget(this)) {
    setWindowTitle(tr("Choose a DICOM series"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("%1 holds %2 loadable volumes:")
                                     .arg(QString::fromStdString(listing.root.string()))
                                     .arg(listing.volumes.size()),
                                 this));
    const QStringList headers{tr("#"),    tr("Modality"), tr("Description"), tr("Part"),
                              tr("Dims"), tr("Files"),    tr("Orientation")};
    m_table->setColumnCount(static_cast<int>(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(static_cast<int>(listing.volumes.size()));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (std::size_t n = 0; n < listing.volumes.size(); ++n) {
        const auto& v = listing.volumes[n];
        const QStringList cells{
            QString::number(v.seriesNumber),
            QString::fromStdString(v.modality),
            QString::fromStdString(v.seriesDescription),
            QString::fromStdString(v.label),
            QStringLiteral("%1 x %2 x %3").arg(v.dims[0]).arg(v.dims[1]).arg(v.dims[2]),
            QString::number(v.fileCount),
            QString::fromStdString(v.orientation)};
        for (int c = 0; c < cells.size(); ++c) {
            m_table->setItem(static_cast<int>(n), c, new QTableWidgetItem(cells[c]));
        }
    }
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeColumnsToContents();
    if (!listing.volumes.empty()) {
        m_table->selectRow(0);
    }
    layout->addWidget(m_table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &QDialog::accept);
    layout->addWidget(buttons);
    resize(760, 320);
}

int SeriesPickerDialog::selectedIndex() const {
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

} // namespace voxdiff::ui
