// SPDX-License-Identifier: BSD-3-Clause
// Main-window tests (Qt Test, need an X server for the VTK views: run under Xvfb): drag and
// drop, the loading progress and Cancel, the error dialog that keeps the previous image, the
// background comparison and its panel, the About dialog's versions.
#include <QDropEvent>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <fstream>

#include "TestData.h"
#include "model/ComparisonController.h"
#include "voxdiff/DemoData.h"
#include "widgets/AboutDialog.h"
#include "widgets/DifferencePanel.h"
#include "widgets/MainWindow.h"
#include "widgets/SeriesPickerDialog.h"
#include "widgets/ViewGrid.h"

using namespace voxdiff;
using namespace voxdiff::ui;

namespace {

constexpr int kLoadTimeoutMs = 60000;

/// Drags `urls` onto `window` at `where` (window coordinates) and drops them, as a file manager
/// would; returns whether the window accepted the drag.
bool dragAndDrop(QWidget& window, const QList<QUrl>& urls, const QPoint& where) {
    QMimeData mime;
    mime.setUrls(urls);
    QDragEnterEvent enter(where, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QDropEvent drop(QPointF(where), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    return enter.isAccepted();
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto pair =
            core::writeDemoPair(std::filesystem::path(m_dir.path().toStdString()) / "demo", false);
        QVERIFY(pair.ok());
        m_nifti = QString::fromStdString(pair.value().niftiPath.string());
        m_dicom = QString::fromStdString(pair.value().dicomFolder.string());
        m_bad = m_dir.filePath(QStringLiteral("broken.nii"));
        std::ofstream(m_bad.toStdString()) << "not a NIfTI header";
    }

    void droppingTwoFilesOnTheGridLoadsBothAndComparesThem() {
        MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The DICOM side in SUVbw, like the NIfTI (the setting is off by default, as in the CLI).
        core::ComparisonSettings settings;
        settings.suv[1] = true;
        window.state()->setSettings(settings);
        QSignalSpy finished(&window, &MainWindow::loadsFinished);
        const QPoint onGrid = window.viewGrid()->mapTo(&window, window.viewGrid()->rect().center());
        QVERIFY(dragAndDrop(window, {QUrl::fromLocalFile(m_nifti), QUrl::fromLocalFile(m_dicom)},
                            onGrid));
        QVERIFY(finished.wait(kLoadTimeoutMs));
        QVERIFY(window.state()->hasVolume(ImageSlot::First));
        QVERIFY(window.state()->hasVolume(ImageSlot::Second));
        QCOMPARE(window.state()->volume(ImageSlot::Second)->modality(), std::string("PT"));
        window.comparer()->waitForIdle();
        QVERIFY(window.state()->comparison() != nullptr);
        // Loaded as SUV, the pair is equal within the int16 quantization of each slice.
        QCOMPARE(window.state()->comparison()->verdict, core::Verdict::Equivalent);
        QVERIFY(window.differencePanel()->verdictText().contains(QStringLiteral("equivalent")));
    }

    void droppingOneFileOnTheLeftColumnLoadsTheFirstImage() {
        MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::loadsFinished);
        const QPoint left = window.viewGrid()->mapTo(&window, QPoint(20, 100));
        dragAndDrop(window, {QUrl::fromLocalFile(m_nifti)}, left);
        QVERIFY2(window.loading(), qPrintable(window.statusText()));
        QVERIFY(finished.wait(kLoadTimeoutMs));
        QVERIFY(window.state()->hasVolume(ImageSlot::First));
        QVERIFY(!window.state()->hasVolume(ImageSlot::Second));
    }

    void badFileShowsAnErrorDialogAndKeepsThePreviousImage() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::loadsFinished);
        window.openPath(ImageSlot::First, m_nifti);
        QVERIFY(finished.wait(kLoadTimeoutMs));
        const auto before = window.state()->volume(ImageSlot::First);
        QVERIFY(before);
        window.openPath(ImageSlot::First, m_bad);
        QVERIFY(finished.wait(kLoadTimeoutMs));
        QCOMPARE(window.state()->volume(ImageSlot::First), before);
        QVERIFY(window.lastError().contains(QStringLiteral("broken.nii")));
        auto* box = window.findChild<QMessageBox*>();
        QVERIFY(box != nullptr);
        QVERIFY(box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("broken.nii")));
        box->accept();
    }

    void cancellingALoadKeepsThePreviousImageAndHidesTheProgress() {
        MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::loadsFinished);
        window.openPath(ImageSlot::Second, m_nifti);
        QVERIFY(finished.wait(kLoadTimeoutMs));
        const auto before = window.state()->volume(ImageSlot::Second);
        auto* progress = window.findChildren<QProgressBar*>().first();
        bool progressShown = false;
        // Direct: the flag is set on the worker thread at the first progress report, so the
        // load is cancelled however fast the machine is.
        connect(
            window.loader(), &LoadController::progress, window.loader(),
            [&window, &progressShown, progress](double, const QString&) {
                progressShown |= progress->isVisibleTo(&window);
                window.loader()->cancel();
            },
            Qt::DirectConnection);
        window.openPath(ImageSlot::Second, m_dicom);
        QVERIFY(window.loading());
        QVERIFY(finished.wait(kLoadTimeoutMs));
        QCOMPARE(window.state()->volume(ImageSlot::Second), before);
        QVERIFY2(window.statusText().contains(QStringLiteral("cancelled")),
                 qPrintable(window.statusText()));
        QVERIFY(progressShown);
        QVERIFY(!progress->isVisible());
    }

    void changingTheToleranceRecomputesInTheBackground() {
        MainWindow window;
        QVERIFY(openDemoPairAndCompare(window));
        const auto strict = window.state()->comparison();
        QVERIFY(strict && strict->values.overAbsTolerance > 0);
        QSignalSpy compared(window.comparer(), &ComparisonController::finished);
        window.state()->setAbsTolerance(1.0);
        // Debounced and run on a worker: the UI thread returns at once.
        QVERIFY(window.comparer()->busy());
        QVERIFY(compared.wait(kLoadTimeoutMs));
        QCOMPARE(window.state()->comparison()->values.overAbsTolerance, std::int64_t{0});
    }

    void jumpMovesTheCursorToTheLargestDifference() {
        MainWindow window;
        QVERIFY(openDemoPairAndCompare(window));
        window.differencePanel()->jumpToLargestDifference();
        const auto& at = window.state()->comparison()->values.maxAbsDiffLocation;
        QCOMPARE(window.state()->cursorLps(), at.pointLps);
        QCOMPARE(window.state()->fusionMode(), FusionMode::Difference);
    }

    void exportWritesHtmlAndPdfReportsInTheBackground() {
        MainWindow window;
        QVERIFY(openDemoPairAndCompare(window));
        for (const QString& name : {QStringLiteral("report.html"), QStringLiteral("report.pdf")}) {
            const QString path = m_dir.filePath(name);
            QSignalSpy exported(&window, &MainWindow::reportExported);
            QVERIFY(window.exportReportTo(path));
            QVERIFY(exported.wait(kLoadTimeoutMs));
            QCOMPARE(exported.first().at(1).toString(), QString());
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray head = file.read(5);
            QVERIFY2(name.endsWith(QStringLiteral(".pdf")) ? head == "%PDF-"
                                                           : head.startsWith("<!"),
                     head.constData());
        }
    }

    void folderWithTwoSeriesAsksWhichToLoad() {
        // The demo PET series and a real CT series from the shared data in one folder.
        const auto ct = test::sharedDataDir() / "ct_tiny_classic_3slice" / "dicom";
        if (!std::filesystem::exists(ct)) {
            const auto missing = test::missingSharedData("../shared/data/ct_tiny_classic_3slice");
            if (missing.fail) {
                QFAIL(missing.message.c_str());
            }
            QSKIP(missing.message.c_str());
        }
        const std::filesystem::path mixed = m_dir.filePath(QStringLiteral("mixed")).toStdString();
        std::filesystem::create_directories(mixed);
        for (const auto& dir : {std::filesystem::path(m_dicom.toStdString()), ct}) {
            for (const auto& entry : std::filesystem::directory_iterator(dir)) {
                std::filesystem::copy_file(entry.path(), mixed / entry.path().filename());
            }
        }
        MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        int rows = 0;
        QString chosenModality;
        // The picker is modal: answer it from the event loop it runs.
        auto answer = [&] {
            auto* picker = qobject_cast<SeriesPickerDialog*>(QApplication::activeModalWidget());
            if (!picker) {
                return false;
            }
            auto* table = picker->findChild<QTableWidget*>();
            rows = table->rowCount();
            for (int r = 0; r < rows; ++r) {
                for (int c = 0; c < table->columnCount(); ++c) {
                    if (table->item(r, c) && table->item(r, c)->text() == QStringLiteral("PT")) {
                        table->selectRow(r);
                        chosenModality = QStringLiteral("PT");
                    }
                }
            }
            picker->accept();
            return true;
        };
        QTimer poll;
        connect(&poll, &QTimer::timeout, &window, [&] {
            if (answer()) {
                poll.stop();
            }
        });
        poll.start(50);
        QSignalSpy finished(&window, &MainWindow::loadsFinished);
        window.openPath(ImageSlot::First, QString::fromStdString(mixed.string()));
        QVERIFY(finished.wait(kLoadTimeoutMs));
        QCOMPARE(rows, 2);
        QCOMPARE(chosenModality, QStringLiteral("PT"));
        QVERIFY(window.state()->hasVolume(ImageSlot::First));
        QCOMPARE(window.state()->volume(ImageSlot::First)->modality(), std::string("PT"));
    }

    void aboutListsTheLibraryVersions() {
        const QString all = libraryVersions().join(QLatin1Char('\n'));
        for (const char* name : {"Qt 6", "VTK 9", "GDCM 3", "nifti_clib "}) {
            QVERIFY2(all.contains(QLatin1String(name)), qPrintable(all));
        }
        QVERIFY(!all.contains(QStringLiteral("unknown")));
        QVERIFY(versionLine().startsWith(QStringLiteral("voxdiff ")));
    }

  private:
    /// Shows the window, loads the demo pair (NIfTI first) and waits for the comparison.
    bool openDemoPairAndCompare(MainWindow& window) {
        window.setErrorDialogsEnabled(false);
        window.show();
        if (!QTest::qWaitForWindowExposed(&window)) {
            return false;
        }
        core::ComparisonSettings settings;
        settings.suv[1] = true;
        window.state()->setSettings(settings);
        QSignalSpy finished(&window, &MainWindow::loadsFinished);
        window.openPath(ImageSlot::First, m_nifti);
        window.openPath(ImageSlot::Second, m_dicom);
        if (!finished.wait(kLoadTimeoutMs)) {
            return false;
        }
        window.comparer()->waitForIdle();
        return window.state()->comparison() != nullptr;
    }

    QTemporaryDir m_dir;
    QString m_nifti;
    QString m_dicom;
    QString m_bad;
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
