// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>

#include "model/ViewerState.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/LoadOptions.h"
#include "voxdiff/Volume.h"

class QThread;

namespace voxdiff::ui {

/// Runs the core's loaders off the UI thread, one job at a time. Progress reported by the core
/// from the worker thread arrives as queued signals; cancel() sets the core's atomic flag.
/// Results and errors are delivered on the thread that owns this object.
class LoadController : public QObject {
    Q_OBJECT

  public:
    explicit LoadController(QObject* parent = nullptr);
    ~LoadController() override;

    /// Starts loading `path` into `slot` with core::loadImage. Returns false (and does nothing)
    /// while another job runs.
    bool load(ImageSlot slot, const std::filesystem::path& path, core::LoadOptions options = {});
    /// Lists the DICOM volumes under `path` (headers only) for the series picker.
    bool scan(ImageSlot slot, const std::filesystem::path& path);
    bool busy() const { return m_worker != nullptr; }
    /// Blocks until the running job (if any) has delivered its result; for tests and shutdown.
    void waitForIdle();

  public slots:
    void cancel();

  signals:
    void started(voxdiff::ui::ImageSlot slot, const QString& path);
    void progress(double fraction, const QString& label);
    void loaded(voxdiff::ui::ImageSlot slot, std::shared_ptr<const voxdiff::core::Volume> volume);
    void scanned(voxdiff::ui::ImageSlot slot,
                 std::shared_ptr<const voxdiff::core::DicomListing> listing);
    /// `message` is core::Error::describe(): it names the file and the reason.
    void failed(voxdiff::ui::ImageSlot slot, const QString& message, bool cancelled);
    void idle();

  private:
    bool start(ImageSlot slot, const std::filesystem::path& path, std::function<void()> job);
    void finish();
    void deliverError(ImageSlot slot, const core::Error& error);

    QThread* m_worker = nullptr;
    std::atomic<bool> m_cancel{false};
};

} // namespace voxdiff::ui
