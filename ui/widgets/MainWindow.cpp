// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/MainWindow.h"

#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>

#include "model/WindowLevel.h"
#include "voxdiff/ImageFacts.h"
#include "widgets/AboutDialog.h"
#include "widgets/DicomWebDialog.h"
#include "widgets/DifferencePanel.h"
#include "widgets/ExportDicomDialog.h"
#include "widgets/FusionToolBar.h"
#include "widgets/GeometryPanel.h"
#include "widgets/ReadoutPanel.h"
#include "widgets/SeriesPickerDialog.h"
#include "widgets/SettingsPanel.h"
#include "widgets/ViewGrid.h"

namespace voxdiff::ui {

namespace {

constexpr int kMaxRecent = 8;
const char* kRecentKey = "recentFiles";

const char* slotName(ImageSlot slot) {
    return slot == ImageSlot::First ? "first" : "second";
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_state(new ViewerState(this)), m_loader(new LoadController(this)),
      m_grid(new ViewGrid(m_state, this)), m_readout(new ReadoutPanel(m_state, this)),
      m_geometry(new GeometryPanel(m_state, this)),
      m_comparer(new ComparisonController(m_state, this)),
      m_difference(new DifferencePanel(m_state, this)), m_exporter(new ReportExporter(this)),
      m_progress(new QProgressBar(this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_compareProgress(new QProgressBar(this)),
      m_compareCancel(new QPushButton(tr("Stop comparing"), this)), m_status(new QLabel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setCentralWidget(m_grid);
    setAcceptDrops(true);
    buildDocks();
    buildStatusBar();
    connectComparison();
    connectExporter();
    connectLoader();
    buildMenus();
    updateTitle();
    connect(m_state, &ViewerState::loadOptionsChanged, this, &MainWindow::reload);
    fitToScreen();
}

void MainWindow::buildDocks() {
    auto* readoutDock = new QDockWidget(tr("Cursor"), this);
    readoutDock->setObjectName(QStringLiteral("cursorDock"));
    readoutDock->setWidget(m_readout);
    addDockWidget(Qt::BottomDockWidgetArea, readoutDock);
    auto* geometryDock = new QDockWidget(tr("Geometry"), this);
    geometryDock->setObjectName(QStringLiteral("geometryDock"));
    geometryDock->setWidget(m_geometry);
    m_geometry->setMinimumWidth(360);
    addDockWidget(Qt::RightDockWidgetArea, geometryDock);
    auto* differenceDock = new QDockWidget(tr("Difference"), this);
    differenceDock->setObjectName(QStringLiteral("differenceDock"));
    differenceDock->setWidget(m_difference);
    addDockWidget(Qt::RightDockWidgetArea, differenceDock);
    tabifyDockWidget(geometryDock, differenceDock);
    auto* settingsDock = new QDockWidget(tr("Settings"), this);
    settingsDock->setObjectName(QStringLiteral("settingsDock"));
    settingsDock->setWidget(new SettingsPanel(m_state, this));
    addDockWidget(Qt::RightDockWidgetArea, settingsDock);
    tabifyDockWidget(differenceDock, settingsDock);
    differenceDock->raise();
    addToolBar(Qt::TopToolBarArea, new FusionToolBar(m_state, this));
}

void MainWindow::buildStatusBar() {
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(240);
    m_progress->hide();
    m_cancel->hide();
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, m_loader, &LoadController::cancel);
    m_compareProgress->setRange(0, 1000);
    m_compareProgress->setMaximumWidth(240);
    m_compareProgress->setObjectName(QStringLiteral("compareProgress"));
    m_compareProgress->hide();
    m_compareCancel->hide();
    statusBar()->addPermanentWidget(m_compareProgress);
    statusBar()->addPermanentWidget(m_compareCancel);
}

void MainWindow::connectExporter() {
    connect(m_exporter, &ReportExporter::finished, this,
            [this](const QString& path, const QString& error) {
                if (error.isEmpty()) {
                    m_status->setText(tr("Wrote the report %1.").arg(path));
                } else {
                    m_lastError = error;
                    m_status->setText(tr("Could not write the report."));
                    if (m_errorDialogs) {
                        QMessageBox::warning(this, tr("Export report"), error);
                    }
                }
                emit reportExported(path, error);
            });
}

void MainWindow::connectLoader() {
    connect(m_loader, &LoadController::started, this, [this](ImageSlot slot, const QString& path) {
        m_status->setText(tr("Loading %1 image: %2").arg(slotName(slot), path));
        m_progress->setValue(0);
        m_progress->show();
        m_cancel->show();
    });
    connect(m_loader, &LoadController::progress, this,
            [this](double fraction, const QString& label) {
                m_progress->setValue(static_cast<int>(fraction * 1000.0));
                if (!label.isEmpty()) {
                    m_progress->setFormat(label + QStringLiteral(" %p%"));
                }
            });
    connect(m_loader, &LoadController::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &LoadController::scanned, this, &MainWindow::onScanned);
    connect(m_loader, &LoadController::failed, this, &MainWindow::onFailed);
    connect(m_loader, &LoadController::idle, this, &MainWindow::onIdle);
    connect(m_state, &ViewerState::volumeChanged, this, &MainWindow::updateTitle);
}

void MainWindow::connectComparison() {
    connect(m_compareCancel, &QPushButton::clicked, m_comparer, [this] {
        m_comparer->cancel();
        m_compareProgress->hide();
        m_compareCancel->hide();
        m_difference->setBusyText(tr("Comparison stopped; change the tolerance to run it again."));
        m_status->setText(tr("Comparison stopped."));
    });
    connect(m_comparer, &ComparisonController::started, this, [this] {
        m_compareProgress->setValue(0);
        m_compareProgress->setFormat(tr("Comparing %p%"));
        m_compareProgress->show();
        m_compareCancel->show();
        m_difference->setBusyText(tr("Comparing..."));
    });
    connect(m_comparer, &ComparisonController::progress, this,
            [this](double fraction, const QString&) {
                m_compareProgress->setValue(static_cast<int>(fraction * 1000.0));
            });
    connect(m_comparer, &ComparisonController::finished, this, [this] {
        m_compareProgress->hide();
        m_compareCancel->hide();
        m_difference->setBusyText({});
        if (const auto& c = m_state->comparison()) {
            m_status->setText(tr("Compared: %1. %2")
                                  .arg(QString::fromLatin1(core::verdictName(c->verdict)),
                                       QString::fromStdString(c->verdictReason)));
        }
    });
    connect(m_comparer, &ComparisonController::failed, this,
            [this](const QString& message, bool cancelled) {
                m_compareProgress->hide();
                m_compareCancel->hide();
                m_difference->setBusyText(cancelled ? QString() : message);
                if (!cancelled) {
                    m_status->setText(tr("The comparison failed: %1").arg(message));
                }
            });
}

void MainWindow::showPanel(const QString& dockName) {
    if (auto* dock = findChild<QDockWidget*>(dockName)) {
        dock->show();
        dock->raise();
    }
}

QString MainWindow::statusText() const {
    return m_status->text();
}

MainWindow::~MainWindow() {
    m_queue.clear();
    m_loader->cancel();
    m_loader->waitForIdle();
    m_comparer->cancel();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &NIfTI as first..."), QKeySequence::Open,
                    [this] { chooseFile(ImageSlot::First); });
    file->addAction(tr("Open NIfTI as &second..."), [this] { chooseFile(ImageSlot::Second); });
    file->addAction(tr("Open &DICOM folder as first..."),
                    [this] { chooseFolder(ImageSlot::First); });
    file->addAction(tr("Open DICOM folder as second..."),
                    [this] { chooseFolder(ImageSlot::Second); });
    file->addAction(tr("Open from ser&ver (DICOMweb)..."), [this] { chooseFromServer(); })
        ->setObjectName(QStringLiteral("openFromServerAction"));
    m_recentFirst = file->addMenu(tr("Recent as first"));
    m_recentSecond = file->addMenu(tr("Recent as second"));
    rebuildRecentMenus();
    file->addSeparator();
    QAction* exportAction = file->addAction(
        tr("&Export report..."), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { exportReport(); });
    exportAction->setObjectName(QStringLiteral("exportReportAction"));
    QAction* exportDicom = file->addAction(tr("Export as D&ICOM..."), [this] {
        const auto volume = m_state->volume(ImageSlot::First);
        if (!volume) {
            QMessageBox::information(this, tr("Export as DICOM"), tr("Open a first image."));
            return;
        }
        auto* dialog = new ExportDicomDialog(volume, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    exportDicom->setObjectName(QStringLiteral("exportDicomAction"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto* layouts = new QActionGroup(this);
    auto addLayout = [&](const QString& text, ViewLayout layout, SliceOrientation o) {
        QAction* a = view->addAction(text, [this, layout, o] { m_state->setLayout(layout, o); });
        a->setCheckable(true);
        a->setChecked(layout == ViewLayout::Grid3x3);
        layouts->addAction(a);
    };
    addLayout(tr("3 x 3 grid"), ViewLayout::Grid3x3, SliceOrientation::Axial);
    addLayout(tr("Axial row"), ViewLayout::Row, SliceOrientation::Axial);
    addLayout(tr("Coronal row"), ViewLayout::Row, SliceOrientation::Coronal);
    addLayout(tr("Sagittal row"), ViewLayout::Row, SliceOrientation::Sagittal);
    view->addSeparator();
    view->addAction(tr("&Reset view"), QKeySequence(Qt::Key_Home),
                    [this] { m_state->resetView(); });
    QMenu* fusion = view->addMenu(tr("Fused view"));
    for (FusionMode mode :
         {FusionMode::Blend, FusionMode::Checkerboard, FusionMode::Difference, FusionMode::Swipe}) {
        fusion->addAction(tr(fusionModeName(mode)), [this, mode] { m_state->setFusionMode(mode); });
    }
    fusion->addSeparator();
    for (int percent : {0, 25, 50, 75, 100}) {
        fusion->addAction(tr("Blend %1 %").arg(percent),
                          [this, percent] { m_state->setFusionOpacity(percent / 100.0); });
    }

    buildImageMenu(menuBar()->addMenu(tr("&First image")), ImageSlot::First);
    buildImageMenu(menuBar()->addMenu(tr("&Second image")), ImageSlot::Second);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About VoxDiff"), [this] {
        auto* about = new AboutDialog(this);
        about->setAttribute(Qt::WA_DeleteOnClose);
        about->open();
    });
}

void MainWindow::buildImageMenu(QMenu* menu, ImageSlot slot) {
    menu->addAction(tr("Auto window (1st-99.5th percentile)"), [this, slot] {
        if (const auto& v = m_state->volume(slot)) {
            m_state->setWindowLevel(slot, autoWindowLevel(*v));
        }
    });
    for (const WindowPreset& preset : windowPresets()) {
        menu->addAction(QString::fromStdString(preset.name), [this, slot, preset] {
            m_state->setWindowLevel(slot, preset.windowLevel);
            m_state->setColorMap(slot, preset.colorMap);
        });
    }
    QAction* suv = menu->addAction(tr("Convert PET to SUVbw (g/ml)"));
    suv->setCheckable(true);
    suv->setChecked(this->suv(slot));
    suv->setToolTip(tr("PET DICOM only: values in SUVbw from the dose, weight and times; other "
                       "images keep their own values"));
    m_suvActions[static_cast<std::size_t>(slotIndex(slot))] = suv;
    connect(suv, &QAction::toggled, this, [this, slot](bool on) { setSuv(slot, on); });
    menu->addSeparator();
    for (ColorMap map : {ColorMap::Grey, ColorMap::Hot, ColorMap::Diverging}) {
        menu->addAction(tr("Colour map: %1").arg(colorMapName(map)),
                        [this, slot, map] { m_state->setColorMap(slot, map); });
    }
}

void MainWindow::setSuv(ImageSlot slot, bool on) {
    core::ComparisonSettings settings = m_state->settings();
    settings.suv[static_cast<std::size_t>(slotIndex(slot))] = on;
    m_state->setSettings(settings);
}

void MainWindow::reload(ImageSlot slot) {
    const auto n = static_cast<std::size_t>(slotIndex(slot));
    if (m_suvActions[n] && m_suvActions[n]->isChecked() != suv(slot)) {
        m_suvActions[n]->setChecked(suv(slot));
    }
    if (!m_loadedFrom[n]) {
        return;
    }
    PendingLoad again = *m_loadedFrom[n];
    const core::LoadOptions wanted =
        core::loadOptionsFor(m_state->settings(), static_cast<core::Side>(n));
    again.options.suv = wanted.suv;
    again.options.volumeIndex = wanted.volumeIndex;
    if (!wanted.seriesUid.empty()) {
        again.options.seriesUid = wanted.seriesUid;
        again.options.subVolume = -1;
    }
    m_queue.enqueue(again);
    startNext();
}

void MainWindow::fitToScreen() {
    // The preferred size, but never larger than the screen's available area (menus, panels and
    // the status bar stay on screen on a 1366 x 768 laptop).
    QSize size(1700, 950);
    if (const QScreen* screen = this->screen()) {
        const QRect available = screen->availableGeometry();
        size = size.boundedTo(available.size() - QSize(16, 40));
        resize(size);
        move(available.topLeft() +
             QPoint((available.width() - width()) / 2, (available.height() - height()) / 2));
        return;
    }
    resize(size);
}

void MainWindow::chooseFile(ImageSlot slot) {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open %1 image").arg(slotName(slot)), QString(),
        tr("NIfTI (*.nii *.nii.gz *.hdr *.img *.hdr.gz *.img.gz);;DICOM (*.dcm *);;All files (*)"));
    if (!path.isEmpty()) {
        openPath(slot, path);
    }
}

void MainWindow::chooseFolder(ImageSlot slot) {
    const QString path =
        QFileDialog::getExistingDirectory(this, tr("Open %1 DICOM folder").arg(slotName(slot)));
    if (!path.isEmpty()) {
        openPath(slot, path);
    }
}

void MainWindow::chooseFromServer() {
    DicomWebDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedUrl().isEmpty()) {
        openPath(dialog.selectedSlot(), dialog.selectedUrl());
    }
}

void MainWindow::openPath(ImageSlot slot, const QString& path) {
    // A folder may hold several series: list them first so that the user can pick one.
    const core::LoadOptions options =
        core::loadOptionsFor(m_state->settings(), static_cast<core::Side>(slotIndex(slot)));
    m_queue.enqueue({slot, path, options, QFileInfo(path).isDir()});
    startNext();
}

bool MainWindow::loading() const {
    return m_loader->busy() || !m_queue.isEmpty();
}

void MainWindow::startNext() {
    if (m_loader->busy() || m_queue.isEmpty()) {
        return;
    }
    const PendingLoad next = m_queue.dequeue();
    const std::filesystem::path path = next.path.toStdString();
    m_running = next;
    if (next.scanFirst) {
        m_loader->scan(next.slot, path);
    } else {
        m_loader->load(next.slot, path, next.options);
    }
}

void MainWindow::onLoaded(ImageSlot slot, std::shared_ptr<const core::Volume> volume) {
    addRecent(QString::fromStdString(volume->source().path.string()));
    m_loadedFrom[static_cast<std::size_t>(slotIndex(slot))] = m_running;
    m_state->setVolume(slot, std::move(volume));
    m_status->setText(tr("Loaded the %1 image.").arg(slotName(slot)));
}

void MainWindow::onScanned(ImageSlot slot, std::shared_ptr<const core::DicomListing> listing) {
    if (listing->volumes.empty()) {
        onFailed(slot,
                 tr("%1: no loadable image volume in this folder")
                     .arg(QString::fromStdString(listing->root.string())),
                 false);
        return;
    }
    std::size_t chosen = 0;
    if (listing->volumes.size() > 1) {
        SeriesPickerDialog picker(*listing, this);
        // exec() runs the event loop: the scan's worker reports idle meanwhile, and that must
        // not count as "all loads finished" nor start the next queued load before this one.
        m_choosingSeries = true;
        const bool accepted = picker.exec() == QDialog::Accepted && picker.selectedIndex() >= 0;
        m_choosingSeries = false;
        if (!accepted) {
            m_status->setText(tr("No series chosen."));
            onIdle();
            return;
        }
        chosen = static_cast<std::size_t>(picker.selectedIndex());
    }
    const core::DicomVolumeEntry& entry = listing->volumes[chosen];
    PendingLoad load{
        slot, QString::fromStdString(listing->root.string()),
        core::loadOptionsFor(m_state->settings(), static_cast<core::Side>(slotIndex(slot))), false};
    load.options.seriesUid = entry.seriesInstanceUid;
    load.options.subVolume = entry.subVolume;
    m_queue.prepend(load);
    // The scan's worker may already have gone idle while the picker was open.
    startNext();
}

void MainWindow::onFailed(ImageSlot slot, const QString& message, bool cancelled) {
    m_lastError = message;
    m_status->setText(cancelled ? tr("Loading the %1 image was cancelled.").arg(slotName(slot))
                                : tr("Could not load the %1 image.").arg(slotName(slot)));
    emit loadFailed(message);
    if (!cancelled && m_errorDialogs) {
        // Non-blocking, so that queued loads and the views keep going behind it.
        auto* box = new QMessageBox(QMessageBox::Warning,
                                    tr("Could not load the %1 image").arg(slotName(slot)), message,
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

void MainWindow::onIdle() {
    if (m_choosingSeries) {
        return;
    }
    m_progress->hide();
    m_cancel->hide();
    startNext();
    if (!loading()) {
        emit loadsFinished();
    }
}

void MainWindow::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) {
        recent.removeLast();
    }
    settings.setValue(kRecentKey, recent);
    rebuildRecentMenus();
}

void MainWindow::rebuildRecentMenus() {
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (auto [menu, slot] : {std::pair{m_recentFirst, ImageSlot::First},
                              std::pair{m_recentSecond, ImageSlot::Second}}) {
        menu->clear();
        for (const QString& path : recent) {
            menu->addAction(path, [this, slot = slot, path] { openPath(slot, path); });
        }
        menu->setEnabled(!recent.isEmpty());
    }
}

void MainWindow::updateTitle() {
    QStringList names;
    for (ImageSlot slot : {ImageSlot::First, ImageSlot::Second}) {
        const auto& v = m_state->volume(slot);
        names << (v ? QString::fromStdString(core::imageDisplayName(*v)) : QStringLiteral("-"));
    }
    setWindowTitle(tr("VoxDiff - %1 vs %2").arg(names[0], names[1]));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            paths << url.toLocalFile();
        }
    }
    if (paths.isEmpty()) {
        return;
    }
    if (paths.size() >= 2) {
        openPath(ImageSlot::First, paths[0]);
        openPath(ImageSlot::Second, paths[1]);
    } else {
        // The first image's column takes drops on the left third, the second's on the rest
        // (the fused column included, where a second image is what is missing).
        const QPoint inGrid = m_grid->mapFrom(this, event->position().toPoint());
        const bool left = inGrid.x() < m_grid->width() / 3;
        openPath(left ? ImageSlot::First : ImageSlot::Second, paths[0]);
    }
    event->acceptProposedAction();
}

} // namespace voxdiff::ui

namespace voxdiff::ui {

void MainWindow::exportReport() {
    if (!m_state->comparison()) {
        QMessageBox::information(this, tr("Export report"),
                                 tr("Load two images and wait for the comparison first."));
        return;
    }
    QString selectedFilter;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export report"), QStringLiteral("voxdiff-report.html"),
        tr("HTML report (*.html);;PDF report (*.pdf);;JSON report (*.json)"), &selectedFilter);
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += selectedFilter.contains(QStringLiteral("pdf"))    ? QStringLiteral(".pdf")
                : selectedFilter.contains(QStringLiteral("json")) ? QStringLiteral(".json")
                                                                  : QStringLiteral(".html");
    }
    exportReportTo(path);
}

bool MainWindow::exportReportTo(const QString& path) {
    core::ReportOptions reportOptions;
    // The report's "at the cursor" pictures cut where the user is looking.
    reportOptions.cursorLps = m_state->cursorLps();
    reportOptions.fusionOpacity = m_state->fusionOpacity();
    const bool started = m_exporter->start(
        path, m_state->volume(ImageSlot::First), m_state->volume(ImageSlot::Second),
        m_state->comparison(), m_state->settings(), reportOptions);
    if (started) {
        m_status->setText(tr("Writing the report %1...").arg(path));
    }
    return started;
}

} // namespace voxdiff::ui
