// SPDX-License-Identifier: BSD-3-Clause
#include "model/ReportExporter.h"

#include <QThread>

#include "voxdiff/ComparisonRun.h"

namespace voxdiff::ui {

ReportExporter::ReportExporter(QObject* parent) : QObject(parent) {}

ReportExporter::~ReportExporter() {
    if (m_worker) {
        m_worker->wait();
    }
}

bool ReportExporter::start(const QString& path, std::shared_ptr<const core::Volume> first,
                           std::shared_ptr<const core::Volume> second,
                           std::shared_ptr<const core::Comparison> comparison,
                           const core::ComparisonSettings& settings,
                           core::ReportOptions reportOptions, bool force) {
    if (m_worker || !first || !second || !comparison) {
        return false;
    }
    core::ComparisonRun run{settings, first, second, *comparison};
    core::ExportRequest request;
    request.report = reportOptions;
    request.force = force;
    request.inputs = {first->source().path, second->source().path};
    m_worker = QThread::create([this, path, run = std::move(run), request] {
        const core::Status status = core::exportReport(path.toStdString(), run, request);
        const QString error =
            status.ok() ? QString() : QString::fromStdString(status.error().describe());
        QMetaObject::invokeMethod(
            this,
            [this, path, error] {
                // Idle before anyone hears of it, so that a receiver may export again.
                m_worker->wait();
                m_worker->deleteLater();
                m_worker = nullptr;
                emit finished(path, error);
            },
            Qt::QueuedConnection);
    });
    m_worker->start();
    return true;
}

} // namespace voxdiff::ui
