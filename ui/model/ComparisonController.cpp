// SPDX-License-Identifier: BSD-3-Clause
#include "model/ComparisonController.h"

#include <QCoreApplication>
#include <QThread>

namespace voxdiff::ui {

namespace {

// Long enough to swallow a burst of spin-box steps, short enough to feel immediate.
constexpr int kSettingsDebounceMs = 250;

} // namespace

ComparisonController::ComparisonController(ViewerState* state, QObject* parent)
    : QObject(parent), m_state(state) {
    qRegisterMetaType<std::shared_ptr<const voxdiff::core::Comparison>>();
    m_restartTimer.setSingleShot(true);
    m_restartTimer.setInterval(kSettingsDebounceMs);
    connect(&m_restartTimer, &QTimer::timeout, this, &ComparisonController::restart);
    connect(state, &ViewerState::volumeChanged, this, &ComparisonController::restart);
    connect(state, &ViewerState::compareOptionsChanged, this, [this] { m_restartTimer.start(); });
}

ComparisonController::~ComparisonController() {
    m_restartTimer.stop();
    m_restartPending = false;
    if (m_worker) {
        m_cancel = true;
        m_worker->wait();
    }
}

core::CompareOptions ComparisonController::options() const {
    return core::compareOptionsFor(m_state->settings());
}

void ComparisonController::restart() {
    m_restartTimer.stop();
    ++m_generation;
    if (m_worker) {
        // The worker sees the flag at its next progress check; start() runs when it has gone.
        m_cancel = true;
        m_restartPending = true;
        return;
    }
    start();
}

void ComparisonController::cancel() {
    m_restartTimer.stop();
    m_restartPending = false;
    ++m_generation;
    if (m_worker) {
        m_cancel = true;
    }
}

void ComparisonController::start() {
    auto first = m_state->volume(ImageSlot::First);
    auto second = m_state->volume(ImageSlot::Second);
    if (!first || !second) {
        return;
    }
    m_cancel = false;
    core::CompareOptions options = this->options();
    options.cancel = &m_cancel;
    options.progress = [this](double fraction, const std::string& label) {
        emit progress(fraction, QString::fromStdString(label));
    };
    const quint64 generation = m_generation;
    m_worker = QThread::create([this, first, second, options, generation]() {
        auto result = core::compareVolumes(*first, *second, options);
        if (result.ok()) {
            auto comparison = std::make_shared<const core::Comparison>(std::move(result).value());
            QMetaObject::invokeMethod(
                this,
                [this, comparison, generation]() {
                    if (generation == m_generation) {
                        m_state->setComparison(comparison);
                        emit finished();
                    }
                },
                Qt::QueuedConnection);
        } else {
            const QString message = QString::fromStdString(result.error().describe());
            const bool cancelled = result.error().code == core::ErrorCode::Cancelled;
            QMetaObject::invokeMethod(
                this,
                [this, message, cancelled, generation]() {
                    if (generation == m_generation) {
                        emit failed(message, cancelled);
                    }
                },
                Qt::QueuedConnection);
        }
    });
    connect(m_worker, &QThread::finished, this, &ComparisonController::onWorkerFinished);
    emit started();
    m_worker->start();
}

void ComparisonController::onWorkerFinished() {
    m_worker->deleteLater();
    m_worker = nullptr;
    if (m_restartPending) {
        m_restartPending = false;
        start();
    }
}

void ComparisonController::waitForIdle() {
    while (busy()) {
        if (m_restartTimer.isActive()) {
            restart();
        }
        if (m_worker) {
            m_worker->wait();
        }
        QCoreApplication::processEvents();
    }
    // Deliver the queued result.
    QCoreApplication::processEvents();
}

} // namespace voxdiff::ui
