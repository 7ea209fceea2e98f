// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QDialog>

#include "voxdiff/DicomSeries.h"

class QTableWidget;

namespace voxdiff::ui {

/// Lets the user choose one volume of a DICOM folder that holds several, from the same
/// listing as `voxdiff-cli series` (modality, description, dims, files, orientation).
class SeriesPickerDialog : public QDialog {
    Q_OBJECT

  public:
    SeriesPickerDialog(const core::DicomListing& listing, QWidget* parent = nullptr);
    /// Index into listing.volumes of the chosen row (-1 when none).
    int selectedIndex() const;

  private:
    QTableWidget* m_table;
};

} // namespace voxdiff::ui
