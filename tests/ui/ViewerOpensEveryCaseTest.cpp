// SPDX-License-Identifier: BSD-3-Clause
// The viewer opens every DICOM case of ../shared/data that the CLI loads, with the viewer's
// default settings (needs an X server for the VTK views: run under Xvfb). PET-only settings
// such as SUVbw conversion must never stop a CT or MR series from opening.
#include <QApplication>
#include <QScreen>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include "TestData.h"
#include "model/ComparisonController.h"
#include "voxdiff/ImageLoader.h"
#include "widgets/MainWindow.h"
#include "widgets/SeriesPickerDialog.h"

using namespace voxdiff;
using namespace voxdiff::ui;

namespace {

constexpr int kLoadTimeoutMs = 120000;

/// The DICOM folders of the shared cases that the CLI loads with its defaults.
std::vector<std::filesystem::path> dicomCasesTheCliLoads() {
    std::vector<std::filesystem::path> cases;
    for (const auto& dir : test::sharedCases()) {
        const auto dicom = dir / "dicom";
        if (std::filesystem::is_directory(dicom) && core::loadImage(dicom, {}).ok()) {
            cases.push_back(dicom);
        }
    }
    return cases;
}

/// Accepts the series picker with its preselected row whenever one is open (the CLI loads the
/// first volume of a folder; the viewer asks).
void acceptPickers(QTimer& poll, QObject* context) {
    QObject::connect(&poll, &QTimer::timeout, context, [] {
        if (auto* picker = qobject_cast<SeriesPickerDialog*>(QApplication::activeModalWidget())) {
            picker->accept();
        }
    });
    poll.start(50);
}

} // namespace

class ViewerOpensEveryCaseTest : public QObject {
    Q_OBJECT

  private slots:
    void everyDicomCaseTheCliLoadsOpensWithDefaults() {
        const auto cases = dicomCasesTheCliLoads();
        if (cases.empty()) {
            const auto missing = test::missingSharedData("../shared/data");
            if (missing.fail) {
                QFAIL(missing.message.c_str());
            }
            QSKIP(missing.message.c_str());
        }
        MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTimer poll;
        acceptPickers(poll, &window);
        QStringList failures;
        connect(&window, &MainWindow::loadFailed, this,
                [&failures](const QString& m) { failures << m; });
        for (const auto& dicom : cases) {
            QSignalSpy finished(&window, &MainWindow::loadsFinished);
            window.openPath(ImageSlot::First, QString::fromStdString(dicom.string()));
            QVERIFY2(finished.wait(kLoadTimeoutMs), dicom.c_str());
            QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
            const auto& v = window.state()->volume(ImageSlot::First);
            QVERIFY2(v && v->source().path.string().find(dicom.parent_path().filename().string()) !=
                              std::string::npos,
                     dicom.c_str());
        }
    }

    void windowFitsTheScreen() {
        // Run under Xvfb at 1366 x 768 by ctest (ui.WindowFitsSmallScreen): menus, panels and
        // the status bar must all be on screen.
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect available = window.screen()->availableGeometry();
        QVERIFY2(available.contains(window.frameGeometry()),
                 qPrintable(QStringLiteral("window %1x%2 at %3,%4 on a %5x%6 screen")
                                .arg(window.frameGeometry().width())
                                .arg(window.frameGeometry().height())
                                .arg(window.frameGeometry().x())
                                .arg(window.frameGeometry().y())
                                .arg(available.width())
                                .arg(available.height())));
        for (const char* dock : {"differenceDock", "settingsDock", "cursorDock"}) {
            auto* w = window.findChild<QWidget*>(QLatin1String(dock));
            QVERIFY(w);
            window.showPanel(QLatin1String(dock));
            QApplication::processEvents();
            const QRect inWindow(w->mapTo(&window, QPoint(0, 0)), w->size());
            QVERIFY2(window.rect().contains(inWindow), dock);
        }
    }

    void ctAndMrOpenAsTheSecondImageBesideANifti() {
        const auto root = test::sharedDataDir();
        const auto mr = root / "mr_hitachi_oblique";
        if (!std::filesystem::exists(mr)) {
            const auto missing = test::missingSharedData("../shared/data");
            if (missing.fail) {
                QFAIL(missing.message.c_str());
            }
            QSKIP(missing.message.c_str());
        }
        std::filesystem::path nifti;
        for (const auto& e : std::filesystem::directory_iterator(mr / "nifti")) {
            if (e.path().string().find(".nii") != std::string::npos) {
                nifti = e.path();
            }
        }
        QVERIFY(!nifti.empty());
        MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy failed(&window, &MainWindow::loadFailed);
        QSignalSpy finished(&window, &MainWindow::loadsFinished);
        window.openPath(ImageSlot::First, QString::fromStdString(nifti.string()));
        window.openPath(ImageSlot::Second, QString::fromStdString((mr / "dicom").string()));
        QVERIFY(finished.wait(kLoadTimeoutMs));
        QCOMPARE(failed.count(), 0);
        QVERIFY(window.state()->hasVolume(ImageSlot::Second));
        QCOMPARE(window.state()->volume(ImageSlot::Second)->modality(), std::string("MR"));
        window.comparer()->waitForIdle();
        QVERIFY(window.state()->comparison() != nullptr);
    }
};

QTEST_MAIN(ViewerOpensEveryCaseTest)
#include "ViewerOpensEveryCaseTest.moc"
