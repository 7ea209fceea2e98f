// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QMainWindow>
#include <QQueue>
#include <QString>

#include <array>
#include <memory>
#include <optional>

#include "model/ComparisonController.h"
#include "model/LoadController.h"
#include "model/ReportExporter.h"
#include "model/ViewerState.h"

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;

namespace voxdiff::ui {

class DifferencePanel;
class GeometryPanel;
class ReadoutPanel;
class ViewGrid;

/// The viewer window: the view grid, the cursor readout, the geometry panel, the File menu,
/// drag and drop, background loading with a progress bar and Cancel, and the comparison of
/// the pair (run in the background whenever both images are loaded) with its difference panel.
class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Queues a load of a NIfTI file, DICOM file or DICOM folder into a slot. Loads run one
    /// after another off the UI thread; a failure keeps what the slot held before.
    void openPath(ImageSlot slot, const QString& path);
    /// True while a load is running or queued.
    bool loading() const;

    ViewerState* state() const { return m_state; }
    LoadController* loader() const { return m_loader; }
    ViewGrid* viewGrid() const { return m_grid; }
    GeometryPanel* geometryPanel() const { return m_geometry; }
    DifferencePanel* differencePanel() const { return m_difference; }
    ComparisonController* comparer() const { return m_comparer; }
    /// Writes the HTML (or, for a .pdf name, PDF) report of the current comparison in the
    /// background; false when there is no comparison or an export runs. Ends in reportExported.
    bool exportReportTo(const QString& path);
    /// Raises a dock by object name ("differenceDock", "geometryDock", "cursorDock").
    void showPanel(const QString& dockName);
    /// The status bar's message (for tests).
    QString statusText() const;
    ReadoutPanel* readoutPanel() const { return m_readout; }
    /// Whether PET DICOM loaded into `slot` is converted to SUVbw (g/ml).
    bool suv(ImageSlot slot) const {
        return m_state->settings().suvFor(static_cast<core::Side>(slotIndex(slot)));
    }
    /// The last error shown to the user (core::Error::describe()), empty if none.
    const QString& lastError() const { return m_lastError; }
    /// When false, errors are only recorded and reported by signal, not shown in a dialog.
    void setErrorDialogsEnabled(bool enabled) { m_errorDialogs = enabled; }

  signals:
    /// Every queued load has finished (successfully or not).
    void loadsFinished();
    void loadFailed(const QString& message);
    /// A report export ended; `error` is empty on success.
    void reportExported(const QString& path, const QString& error);

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildDocks();
    void buildStatusBar();
    void connectExporter();
    void connectLoader();
    void buildMenus();
    void buildImageMenu(QMenu* menu, ImageSlot slot);
    void chooseFile(ImageSlot slot);
    void chooseFolder(ImageSlot slot);
    void chooseFromServer();
    void startNext();
    void onLoaded(ImageSlot slot, std::shared_ptr<const core::Volume> volume);
    void onScanned(ImageSlot slot, std::shared_ptr<const core::DicomListing> listing);
    void onFailed(ImageSlot slot, const QString& message, bool cancelled);
    void onIdle();
    void addRecent(const QString& path);
    void rebuildRecentMenus();
    void updateTitle();
    void connectComparison();
    void exportReport();
    /// Turns SUVbw conversion of one image on or off (a comparison setting).
    void setSuv(ImageSlot slot, bool on);
    /// Loads an image again after its load options (SUV, volume, series) changed.
    void reload(ImageSlot slot);
    /// Fits the window into the screen it opens on (1366 x 768 laptops to 4K).
    void fitToScreen();

    struct PendingLoad {
        ImageSlot slot;
        QString path;
        core::LoadOptions options;
        bool scanFirst = false;
    };

    ViewerState* m_state;
    LoadController* m_loader;
    ViewGrid* m_grid;
    ReadoutPanel* m_readout;
    GeometryPanel* m_geometry;
    ComparisonController* m_comparer;
    DifferencePanel* m_difference;
    ReportExporter* m_exporter;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QProgressBar* m_compareProgress;
    QPushButton* m_compareCancel;
    QLabel* m_status;
    QMenu* m_recentFirst = nullptr;
    QMenu* m_recentSecond = nullptr;
    QQueue<PendingLoad> m_queue;
    QString m_lastError;
    bool m_errorDialogs = true;
    bool m_choosingSeries = false;
    std::array<QAction*, kSlotCount> m_suvActions{};
    /// What each slot was last loaded from, to load it again when its settings change.
    std::array<std::optional<PendingLoad>, kSlotCount> m_loadedFrom;
    std::optional<PendingLoad> m_running;
};

} // namespace voxdiff::ui
