// SPDX-License-Identifier: BSD-3-Clause
#include "model/LoadController.h"

#include <QCoreApplication>
#include <QThread>

#include "voxdiff/ImageLoader.h"

namespace voxdiff::ui {

LoadController::LoadController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<voxdiff::ui::ImageSlot>();
    qRegisterMetaType<std::shared_ptr<const voxdiff::core::Volume>>();
    qRegisterMetaType<std::shared_ptr<const voxdiff::core::DicomListing>>();
}

LoadController::~LoadController() {
    if (m_worker) {
        m_cancel = true;
        m_worker->wait();
    }
}

bool LoadController::start(ImageSlot slot, const std::filesystem::path& path,
                           std::function<void()> job) {
    if (m_worker) {
        return false;
    }
    m_cancel = false;
    m_worker = QThread::create(std::move(job));
    connect(m_worker, &QThread::finished, this, &LoadController::finish);
    emit started(slot, QString::fromStdString(path.string()));
    m_worker->start();
    return true;
}

void LoadController::finish() {
    if (m_worker) {
        m_worker->deleteLater();
        m_worker = nullptr;
    }
    emit idle();
}

bool LoadController::load(ImageSlot slot, const std::filesystem::path& path,
                          core::LoadOptions options) {
    options.cancel = &m_cancel;
    options.progress = [this](double fraction, const std::string& label) {
        emit progress(fraction, QString::fromStdString(label));
    };
    return start(slot, path, [this, slot, path, options]() {
        auto result = core::loadImage(path, options);
        // Delivered through the event loop so that receivers run on this object's thread.
        if (result.ok()) {
            auto volume = std::make_shared<const core::Volume>(std::move(result).value());
            QMetaObject::invokeMethod(
                this, [this, slot, volume]() { emit loaded(slot, volume); }, Qt::QueuedConnection);
        } else {
            deliverError(slot, result.error());
        }
    });
}

bool LoadController::scan(ImageSlot slot, const std::filesystem::path& path) {
    return start(slot, path, [this, slot, path]() {
        auto result = core::scanDicom(
            path,
            [this](double fraction, const std::string& label) {
                emit progress(fraction, QString::fromStdString(label));
            },
            &m_cancel);
        if (result.ok()) {
            auto listing = std::make_shared<const core::DicomListing>(std::move(result).value());
            QMetaObject::invokeMethod(
                this, [this, slot, listing]() { emit scanned(slot, listing); },
                Qt::QueuedConnection);
        } else {
            deliverError(slot, result.error());
        }
    });
}

void LoadController::deliverError(ImageSlot slot, const core::Error& error) {
    // Queued, like the results: receivers run on this object's thread.
    QMetaObject::invokeMethod(
        this,
        [this, slot, error]() {
            emit failed(slot, QString::fromStdString(error.describe()),
                        error.code == core::ErrorCode::Cancelled);
        },
        Qt::QueuedConnection);
}

void LoadController::cancel() {
    m_cancel = true;
}

void LoadController::waitForIdle() {
    while (m_worker) {
        m_worker->wait();
        // The result and the finished signal are queued events: deliver them here.
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
}

} // namespace voxdiff::ui
