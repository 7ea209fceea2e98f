// SPDX-License-Identifier: BSD-3-Clause
// The viewer's two long-running dialogs driven as a user would, on real data: File > Export as
// DICOM writes the built-in demo volume as a PET and as a Parametric Map series that read back
// equal to it, and cancels; File > Open from server finds the demo series on a private Orthanc
// (tests/support/OrthancServer), the main window loads it, and a server that never answers is
// cancelled. Throughout, a timer on the GUI thread must keep ticking: the work runs on workers.
// GoogleTest with a QApplication (the Orthanc fixture is GoogleTest's); needs an X server.
#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <unistd.h>

#include <cstring>
#include <functional>

#include "OrthancServer.h"
#include "TestData.h"
#include "model/LoadController.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/ComparisonRun.h"
#include "voxdiff/DemoData.h"
#include "voxdiff/ImageLoader.h"
#include "widgets/DicomWebDialog.h"
#include "widgets/ExportDicomDialog.h"
#include "widgets/MainWindow.h"

namespace {

using namespace voxdiff;
using namespace voxdiff::ui;
using voxdiff::test::SilentServer;
namespace fs = std::filesystem;

constexpr int kWorkTimeoutMs = 120000;
/// The longest the GUI thread may go without running its event loop while work runs.
constexpr qint64 kMaxEventLoopGapMs = 1000;

/// Counts the GUI thread's timer ticks and, while background work runs (watch() says so at two
/// ticks in a row), the longest gap between two: the UI must keep running its event loop then.
/// Building windows and painting results are the GUI thread's own work and are not counted.
class EventLoopWatch {
  public:
    EventLoopWatch() {
        m_clock.start();
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.elapsed();
            const bool busy = m_busy && m_busy();
            if (busy && m_wasBusy) {
                m_longestGapMs = std::max(m_longestGapMs, now - m_last);
            }
            m_wasBusy = busy;
            m_last = now;
            ++m_ticks;
        });
        m_timer.start(10);
    }
    /// What says that background work runs.
    void watch(std::function<bool()> busy) {
        m_busy = std::move(busy);
        m_wasBusy = false;
    }
    int ticks() const { return m_ticks; }
    qint64 longestGapMs() const { return m_longestGapMs; }

  private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::function<bool()> m_busy;
    bool m_wasBusy = false;
    qint64 m_last = 0;
    qint64 m_longestGapMs = 0;
    int m_ticks = 0;
};

template <typename T> T* child(QObject& parent, const char* name) {
    T* w = parent.findChild<T*>(QLatin1String(name));
    EXPECT_NE(w, nullptr) << "no child named " << name;
    return w;
}

/// Saves the whole X screen (every window, as a user sees it) as NAME.png into
/// $VOXDIFF_SCREENSHOT_DIR when that is set: the pictures a person looks at to judge the layout.
void screenshot(const char* name) {
    const QByteArray dir = qgetenv("VOXDIFF_SCREENSHOT_DIR");
    if (dir.isEmpty()) {
        return;
    }
    QApplication::processEvents();
    QScreen* screen = QGuiApplication::primaryScreen();
    ASSERT_NE(screen, nullptr);
    const QString path = QString::fromLocal8Bit(dir) + QLatin1Char('/') + QLatin1String(name) +
                         QStringLiteral(".png");
    EXPECT_TRUE(screen->grabWindow(0).save(path)) << path.toStdString();
}

class DemoData : public ::testing::Test {
  protected:
    void SetUp() override {
        auto pair = core::writeDemoPair(m_dir / "demo", false);
        ASSERT_TRUE(pair.ok()) << pair.error().describe();
        m_pair = pair.value();
        auto nifti = core::loadImage(m_pair.niftiPath, {});
        ASSERT_TRUE(nifti.ok()) << nifti.error().describe();
        m_suv = std::make_shared<const core::Volume>(std::move(nifti).value());
    }
    test::TempDir m_dir;
    core::DemoPair m_pair;
    std::shared_ptr<const core::Volume> m_suv;
};

using ExportDicomDialogTest = DemoData;

/// Fills the dialog, presses Export and waits for its end; returns (verified, text).
std::pair<bool, QString> runExport(ExportDicomDialog& dialog, const fs::path& reference,
                                   const fs::path& out, int kind, EventLoopWatch& watch) {
    child<QLineEdit>(dialog, "referenceEdit")->setText(QString::fromStdString(reference.string()));
    child<QLineEdit>(dialog, "outputEdit")->setText(QString::fromStdString(out.string()));
    child<QComboBox>(dialog, "kindCombo")->setCurrentIndex(kind);
    QSignalSpy finished(&dialog, &ExportDicomDialog::exportFinished);
    auto* exportButton = child<QPushButton>(dialog, "exportButton");
    watch.watch([exportButton] { return !exportButton->isEnabled(); });
    QTest::mouseClick(exportButton, Qt::LeftButton);
    EXPECT_FALSE(exportButton->isEnabled()) << "Export stays disabled while it runs";
    const int ticksBefore = watch.ticks();
    EXPECT_TRUE(finished.wait(kWorkTimeoutMs));
    EXPECT_GT(watch.ticks(), ticksBefore) << "the GUI thread ran while the export worked";
    if (finished.isEmpty()) {
        return {false, QString()};
    }
    return {finished.first().at(0).toBool(), finished.first().at(1).toString()};
}

TEST_F(ExportDicomDialogTest, WritesAPetSeriesThatReadsBackEqualWithinQuantization) {
    EventLoopWatch watch;
    ExportDicomDialog dialog(m_suv);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    const fs::path out = m_dir / "export_pet";
    const auto [verified, text] = runExport(dialog, m_pair.dicomFolder, out, 0, watch);
    EXPECT_TRUE(verified) << text.toStdString();
    EXPECT_EQ(child<QProgressBar>(dialog, "exportProgress")->value(), 1000);
    screenshot("export_dicom_pet_done");
    EXPECT_LE(watch.longestGapMs(), kMaxEventLoopGapMs);
    // Read back independently of the dialog: the export in SUV (units inferred GML) equals the
    // input within the int16 quantization of each slice.
    core::ComparisonSettings settings;
    auto run = core::runComparison(m_pair.niftiPath, out, settings);
    ASSERT_TRUE(run.ok()) << run.error().describe();
    const core::Comparison& c = run.value().comparison;
    EXPECT_EQ(c.verdict, core::Verdict::Equivalent) << c.verdictReason;
    EXPECT_TRUE(c.geometry.sameGrid);
    EXPECT_DOUBLE_EQ(c.values.withinQuantizationFraction, 1.0);
}

TEST_F(ExportDicomDialogTest, WritesAParametricMapThatReadsBackIdentical) {
    EventLoopWatch watch;
    ExportDicomDialog dialog(m_suv);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    const fs::path out = m_dir / "export_pm";
    const auto [verified, text] = runExport(dialog, m_pair.dicomFolder, out, 1, watch);
    EXPECT_TRUE(verified) << text.toStdString();
    auto run = core::runComparison(m_pair.niftiPath, out, core::ComparisonSettings{});
    ASSERT_TRUE(run.ok()) << run.error().describe();
    EXPECT_EQ(run.value().comparison.verdict, core::Verdict::Identical)
        << run.value().comparison.verdictReason;
}

TEST_F(ExportDicomDialogTest, CancelStopsTheExportLeavesNothingAndClosesTheDialog) {
    EventLoopWatch watch;
    ExportDicomDialog dialog(m_suv);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    const fs::path out = m_dir / "export_cancelled";
    child<QLineEdit>(dialog, "referenceEdit")
        ->setText(QString::fromStdString(m_pair.dicomFolder.string()));
    child<QLineEdit>(dialog, "outputEdit")->setText(QString::fromStdString(out.string()));
    QSignalSpy finished(&dialog, &ExportDicomDialog::exportFinished);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    auto* progress = child<QProgressBar>(dialog, "exportProgress");
    auto* close = child<QPushButton>(dialog, "closeButton");
    // Cancel at the first progress report: the export has started and is far from done.
    QMetaObject::Connection once;
    once = QObject::connect(progress, &QProgressBar::valueChanged, [&](int) {
        QObject::disconnect(once);
        QTest::mouseClick(close, Qt::LeftButton);
    });
    watch.watch([close] { return close->text() == QStringLiteral("Cancel"); });
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    EXPECT_EQ(close->text(), QStringLiteral("Cancel"));
    ASSERT_TRUE(finished.wait(kWorkTimeoutMs));
    EXPECT_FALSE(finished.first().at(0).toBool());
    EXPECT_TRUE(QTest::qWaitFor([&] { return !rejected.isEmpty(); }, 5000))
        << "the dialog closes once the export has stopped";
    EXPECT_FALSE(fs::exists(out)) << "a cancelled export leaves no folder";
    EXPECT_LE(watch.longestGapMs(), kMaxEventLoopGapMs);
    // Nothing else was left beside it (the staging folder is removed too).
    for (const auto& e : fs::directory_iterator(m_dir.path())) {
        EXPECT_EQ(e.path().filename().string().find("export_cancelled"), std::string::npos)
            << e.path();
    }
}

using DicomWebDialogTest = DemoData;

TEST_F(DicomWebDialogTest, FindsTheStudyOnTheServerAndTheWindowLoadsTheSeries) {
    VOXDIFF_REQUIRE_ORTHANC(server);
    ASSERT_TRUE(server->uploadFolder(m_pair.dicomFolder).empty()) << server->log();
    EventLoopWatch watch;
    DicomWebDialog dialog;
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    child<QLineEdit>(dialog, "serverEdit")->setText(QString::fromStdString(server->dicomWebRoot()));
    child<QLineEdit>(dialog, "userEdit")->setText(QLatin1String(test::OrthancServer::kUser));
    child<QLineEdit>(dialog, "passwordEdit")
        ->setText(QLatin1String(test::OrthancServer::kPassword));
    child<QLineEdit>(dialog, "modalityEdit")->setText(QStringLiteral("PT"));
    auto* table = child<QTableWidget>(dialog, "seriesTable");
    auto* search = child<QPushButton>(dialog, "searchButton");
    watch.watch([search] { return !search->isEnabled(); });
    QTest::mouseClick(search, Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return search->isEnabled(); }, kWorkTimeoutMs));
    const QString status = child<QLabel>(dialog, "searchStatus")->text();
    screenshot("dicomweb_found");
    ASSERT_EQ(table->rowCount(), 1) << status.toStdString();
    EXPECT_EQ(table->item(0, 4)->text(), QStringLiteral("PT"));
    EXPECT_EQ(table->item(0, 6)->text().toLongLong(), m_pair.dicomFileCount);
    EXPECT_FALSE(status.contains(QLatin1String(test::OrthancServer::kPassword)));

    auto* openSecond = child<QPushButton>(dialog, "openSecondButton");
    EXPECT_FALSE(openSecond->isEnabled()) << "nothing chosen yet";
    table->selectRow(0);
    EXPECT_TRUE(openSecond->isEnabled());
    QTest::mouseClick(openSecond, Qt::LeftButton);
    EXPECT_EQ(dialog.result(), QDialog::Accepted);
    EXPECT_EQ(dialog.selectedSlot(), ImageSlot::Second);
    const QString url = dialog.selectedUrl();
    EXPECT_TRUE(url.contains(QString::fromStdString(m_pair.seriesInstanceUid)))
        << url.toStdString();
    EXPECT_FALSE(url.contains(QLatin1String(test::OrthancServer::kPassword)));

    // The main window loads the chosen series like a local folder (session credentials).
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QSignalSpy finished(&window, &MainWindow::loadsFinished);
    // Until the result arrives: painting it is the GUI thread's own work.
    watch.watch([&finished] { return finished.isEmpty(); });
    window.openPath(ImageSlot::Second, url);
    ASSERT_TRUE(finished.wait(kWorkTimeoutMs));
    screenshot("dicomweb_loaded_in_viewer");
    ASSERT_TRUE(window.state()->hasVolume(ImageSlot::Second)) << window.lastError().toStdString();
    auto local = core::loadImage(m_pair.dicomFolder, {});
    ASSERT_TRUE(local.ok());
    const core::Volume& remote = *window.state()->volume(ImageSlot::Second);
    EXPECT_EQ(remote.dims(), local.value().dims());
    EXPECT_EQ(remote.voxels(), local.value().voxels());
    EXPECT_EQ(remote.modality(), "PT");
    EXPECT_LE(watch.longestGapMs(), kMaxEventLoopGapMs);
}

TEST_F(DicomWebDialogTest, ASearchOfAServerThatNeverAnswersIsCancelled) {
    SilentServer silent;
    ASSERT_GT(silent.port(), 0);
    EventLoopWatch watch;
    DicomWebDialog dialog;
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    child<QLineEdit>(dialog, "serverEdit")
        ->setText(QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(silent.port()));
    auto* search = child<QPushButton>(dialog, "searchButton");
    auto* cancel = child<QPushButton>(dialog, "cancelSearchButton");
    auto* busy = child<QProgressBar>(dialog, "searchBusy");
    watch.watch([search] { return !search->isEnabled(); });
    QTest::mouseClick(search, Qt::LeftButton);
    EXPECT_EQ(busy->maximum(), 0) << "the bar moves while searching";
    EXPECT_FALSE(search->isEnabled());
    ASSERT_TRUE(cancel->isEnabled());
    QTest::qWait(300); // the request is out and waiting
    screenshot("dicomweb_searching");
    EXPECT_FALSE(search->isEnabled()) << "a server that never answers keeps the search running";
    QTest::mouseClick(cancel, Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return search->isEnabled(); }, 10000))
        << "Cancel ends the search";
    EXPECT_NE(busy->maximum(), 0) << "and stops after the cancel";
    EXPECT_TRUE(child<QLabel>(dialog, "searchStatus")
                    ->text()
                    .contains(QStringLiteral("cancel"), Qt::CaseInsensitive))
        << child<QLabel>(dialog, "searchStatus")->text().toStdString();
    EXPECT_LE(watch.longestGapMs(), kMaxEventLoopGapMs);
}

TEST_F(DicomWebDialogTest, ALoadFromAServerThatNeverAnswersIsCancelledFromTheWindow) {
    SilentServer silent;
    ASSERT_GT(silent.port(), 0);
    EventLoopWatch watch;
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    QSignalSpy failed(window.loader(), &LoadController::failed);
    watch.watch([&failed] { return failed.isEmpty(); });
    window.openPath(ImageSlot::First,
                    QStringLiteral("http://127.0.0.1:%1/dicom-web/studies/1.2.3/series/1.2.3.4")
                        .arg(silent.port()));
    QTest::qWait(300);
    screenshot("dicomweb_loading_in_viewer");
    EXPECT_TRUE(window.loading());
    window.loader()->cancel();
    ASSERT_TRUE(failed.wait(10000)) << "Cancel ends the load";
    EXPECT_TRUE(failed.first().at(2).toBool()) << "reported as cancelled";
    EXPECT_FALSE(window.state()->hasVolume(ImageSlot::First));
    EXPECT_LE(watch.longestGapMs(), kMaxEventLoopGapMs);
}

using ViewerDialogs = DemoData;

TEST_F(ViewerDialogs, TheFileMenuOpensBothDialogsOverTheViewer) {
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(&window, &MainWindow::loadsFinished);
    window.openPath(ImageSlot::First, QString::fromStdString(m_pair.niftiPath.string()));
    ASSERT_TRUE(finished.wait(kWorkTimeoutMs));

    auto* exportAction = window.findChild<QAction*>(QStringLiteral("exportDicomAction"));
    ASSERT_NE(exportAction, nullptr);
    exportAction->trigger();
    auto* exportDialog = window.findChild<ExportDicomDialog*>();
    ASSERT_NE(exportDialog, nullptr);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(exportDialog));
    const QRect screen = window.screen()->availableGeometry();
    EXPECT_TRUE(screen.contains(exportDialog->frameGeometry())) << "the dialog fits the screen";
    screenshot("viewer_export_dicom_dialog");
    exportDialog->close();

    // Open from server runs modally: look at it and close it from a timer.
    bool seen = false;
    QTimer::singleShot(500, [&] {
        auto* dialog = qobject_cast<DicomWebDialog*>(QApplication::activeModalWidget());
        seen = dialog != nullptr;
        if (dialog) {
            EXPECT_TRUE(screen.contains(dialog->frameGeometry())) << "the dialog fits the screen";
            screenshot("viewer_open_from_server_dialog");
            dialog->reject();
        }
    });
    auto* serverAction = window.findChild<QAction*>(QStringLiteral("openFromServerAction"));
    ASSERT_NE(serverAction, nullptr);
    serverAction->trigger();
    EXPECT_TRUE(seen);
}

} // namespace

int main(int argc, char** argv) {
    // Remembered server URLs go to Qt's test locations, not the user's settings.
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("voxdiff-tests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
