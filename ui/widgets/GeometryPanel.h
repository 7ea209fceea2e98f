// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QStringList>
#include <QTextBrowser>

#include "model/ViewerState.h"

namespace voxdiff::ui {

/// One row of the geometry table: a label and each image's text (empty when not loaded).
struct GeometryRow {
    QString label;
    QString first;
    QString second;
    bool differs() const { return !first.isEmpty() && !second.isEmpty() && first != second; }
};

/// The rows of the geometry panel for two volumes (either may be null): the core's image facts
/// (the same rows and numbers as every report), then both matrices and the diagnostics.
QList<GeometryRow> geometryRows(const core::Volume* first, const core::Volume* second);

/// Both images' geometry side by side, differing entries highlighted, with the comparison
/// engine's plain-words explanation of how the grids relate above the table.
class GeometryPanel : public QTextBrowser {
    Q_OBJECT

  public:
    explicit GeometryPanel(ViewerState* state, QWidget* parent = nullptr);
    void refresh();
    /// The explanation shown above the table (plain text).
    const QString& explanation() const { return m_explanation; }

  private:
    ViewerState* m_state;
    QString m_explanation;
};

} // namespace voxdiff::ui
