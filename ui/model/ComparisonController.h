// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <memory>

#include "model/ViewerState.h"
#include "voxdiff/Comparison.h"

class QThread;

namespace voxdiff::ui {

/// Compares the two loaded images off the UI thread with core::compareVolumes and hands the
/// result to the ViewerState. A new pair or new settings (tolerance, interpolation) cancel the
/// running comparison and start another; settings are debounced so that typing a tolerance
/// does not start one comparison per keystroke. Results of a superseded run are dropped.
class ComparisonController : public QObject {
    Q_OBJECT

  public:
    explicit ComparisonController(ViewerState* state, QObject* parent = nullptr);
    ~ComparisonController() override;

    bool busy() const { return m_worker != nullptr || m_restartTimer.isActive(); }
    /// Blocks until no comparison runs (a pending restart is started first); for tests.
    void waitForIdle();
    /// The options the next comparison uses (from the state's tolerance and interpolation).
    core::CompareOptions options() const;

  public slots:
    /// Cancels the running comparison (the state keeps no result).
    void cancel();
    /// Compares the current pair now (cancelling any running comparison).
    void restart();

  signals:
    void started();
    void progress(double fraction, const QString& label);
    void finished();
    void failed(const QString& message, bool cancelled);

  private:
    void start();
    void onWorkerFinished();

    ViewerState* m_state;
    QThread* m_worker = nullptr;
    std::atomic<bool> m_cancel{false};
    bool m_restartPending = false;
    /// Incremented for every run; a result carries its run's number.
    quint64 m_generation = 0;
    QTimer m_restartTimer;
};

} // namespace voxdiff::ui
