#include "model/ReportExporter.h"

#include <QThread>

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
                           core::CompareOptions options, core::ReportOptions reportOptions) {
    if (m_worker || !first || !second || !comparison) {
        return false;
    }
    // The progress and cancel hooks point at the comparison's controller: not needed here.
    options.progress = nullptr;
    options.cancel = nullptr;
    m_worker = QThread::create([this, path, first, second, comparison, options, reportOptions] {
        const core::ReportModel report =
            core::buildReport(*first, *second, *comparison, options, reportOptions);
        const std::filesystem::path file = path.toStdString();
        const bool pdf = path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive);
        const core::Status status = pdf ? core::writePdfReport(report, file, true)
                                        : core::writeHtmlReport(report, file, true);
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
