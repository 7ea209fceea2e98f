// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "voxdiff/Comparison.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/Report.h"
#include "voxdiff/Volume.h"

class QThread;

namespace voxdiff::ui {

/// Writes the core's JSON, HTML or PDF report of a comparison off the UI thread (building the
/// report renders slices and, for PDF, compresses images), by the file's suffix, under the
/// core's output rules (never into an input folder).
class ReportExporter : public QObject {
    Q_OBJECT

  public:
    explicit ReportExporter(QObject* parent = nullptr);
    ~ReportExporter() override;

    /// Starts writing; returns false while another export runs. `force`: the user agreed to
    /// replace an existing file (the save dialog asks).
    bool start(const QString& path, std::shared_ptr<const core::Volume> first,
               std::shared_ptr<const core::Volume> second,
               std::shared_ptr<const core::Comparison> comparison,
               const core::ComparisonSettings& settings, core::ReportOptions reportOptions,
               bool force = true);
    bool busy() const { return m_worker != nullptr; }

  signals:
    /// `error` is empty on success, core::Error::describe() otherwise.
    void finished(const QString& path, const QString& error);

  private:
    QThread* m_worker = nullptr;
};

} // namespace voxdiff::ui
