// SPDX-License-Identifier: BSD-3-Clause
// voxdiff: the viewer. `voxdiff [FIRST [SECOND]] [--screenshot FILE] [--size WxH]
// [--fusion blend|checkerboard|difference|swipe] [--jump-to-max] [--over-tolerance T]`;
// `voxdiff FIRST SECOND --export-report FILE [SETTINGS]` writes the report without a display.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <exception>
#include <new>

#include "HeadlessExport.h"
#include "model/ComparisonController.h"
#include "widgets/AboutDialog.h"
#include "widgets/DifferencePanel.h"
#include "widgets/MainWindow.h"

namespace {

/// Exit status for an internal error, as voxdiff-cli documents it (docs/exit-codes.md).
constexpr int kExitInternal = 9;

int runViewer(int argc, char** argv);

} // namespace

int main(int argc, char** argv) {
    // Whatever escapes the event loop or the setup (memory exhausted, a bug) ends with the
    // documented internal-error status instead of std::terminate.
    try {
        return runViewer(argc, argv);
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "voxdiff: error: out of memory\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "voxdiff: error: internal error: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "voxdiff: error: internal error (unknown exception)\n");
    }
    return kExitInternal;
}

namespace {

/// The viewer's own command-line options (the export's are voxdiff-cli compare's).
struct ViewerOptions {
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QStringLiteral("Load, save a PNG of the window, and quit."),
                                  QStringLiteral("file")};
    QCommandLineOption size{QStringLiteral("size"), QStringLiteral("Window size, e.g. 1500x950."),
                            QStringLiteral("WxH")};
    QCommandLineOption fusion{QStringLiteral("fusion"),
                              QStringLiteral("Fused view: blend, checkerboard, difference, swipe."),
                              QStringLiteral("mode")};
    QCommandLineOption jump{QStringLiteral("jump-to-max"),
                            QStringLiteral("Move the cursor to the largest difference.")};
    QCommandLineOption overTolerance{QStringLiteral("over-tolerance"),
                                     QStringLiteral("Tolerance; show only voxels over it."),
                                     QStringLiteral("value")};
    QCommandLineOption panel{QStringLiteral("panel"),
                             QStringLiteral("Right-hand panel to show: difference, geometry."),
                             QStringLiteral("name")};
};

void addOptions(QCommandLineParser& parser, const ViewerOptions& options) {
    parser.setApplicationDescription(QStringLiteral("Are these two images the same image?"));
    parser.addHelpOption();
    // Listed for --help; handled before QApplication above.
    parser.addOption(
        QCommandLineOption(QStringLiteral("version"),
                           QStringLiteral("Print the version (as voxdiff-cli does) and quit.")));
    parser.addPositionalArgument(QStringLiteral("first"), QStringLiteral("first image"));
    parser.addPositionalArgument(QStringLiteral("second"), QStringLiteral("second image"));
    parser.addOption(options.screenshot);
    parser.addOption(options.size);
    parser.addOption(options.fusion);
    parser.addOption(options.jump);
    parser.addOption(options.overTolerance);
    parser.addOption(options.panel);
    // Listed for --help; handled before QApplication above.
    parser.addOption(QCommandLineOption(
        QStringLiteral("export-report"),
        QStringLiteral("Compare FIRST and SECOND without a window, write the report (.json, .html "
                       "or .pdf) and exit with voxdiff-cli's status; takes voxdiff-cli compare's "
                       "settings (--tolerance, --rel-tolerance, --suv, --suv-first, --suv-second, "
                       "--interpolation, --volume, --series, --grid-tolerance, --bins) and "
                       "--force, --anonymize."),
        QStringLiteral("file")));
}

/// Window size, fused view, tolerance and panel as the command line asks.
void applyOptions(const QCommandLineParser& parser, const ViewerOptions& options,
                  voxdiff::ui::MainWindow& window) {
    if (parser.isSet(options.size)) {
        const QStringList wh = parser.value(options.size).split(QLatin1Char('x'));
        if (wh.size() == 2) {
            window.resize(wh[0].toInt(), wh[1].toInt());
        }
    }
    if (parser.isSet(options.screenshot)) {
        window.setErrorDialogsEnabled(false);
        QObject::connect(&window, &voxdiff::ui::MainWindow::loadFailed, [](const QString& m) {
            std::fprintf(stderr, "voxdiff: %s\n", qPrintable(m));
        });
    }
    using voxdiff::ui::FusionMode;
    if (parser.isSet(options.fusion)) {
        for (FusionMode m : {FusionMode::Blend, FusionMode::Checkerboard, FusionMode::Difference,
                             FusionMode::Swipe}) {
            if (parser.value(options.fusion)
                    .compare(QLatin1String(voxdiff::ui::fusionModeName(m)), Qt::CaseInsensitive) ==
                0) {
                window.state()->setFusionMode(m);
            }
        }
    }
    if (parser.isSet(options.overTolerance)) {
        window.state()->setAbsTolerance(parser.value(options.overTolerance).toDouble());
        window.state()->setOverToleranceOnly(true);
        window.state()->setFusionMode(FusionMode::Difference);
    }
    if (parser.value(options.panel) == QLatin1String("geometry")) {
        window.showPanel(QStringLiteral("geometryDock"));
    }
}

/// --screenshot: once loading and the comparison are done, save the window as a PNG and quit.
void scheduleScreenshot(const QString& file, bool jumpToMax, voxdiff::ui::MainWindow& window,
                        QApplication& app) {
    auto save = [&window, &app, file, jumpToMax] {
        // The comparison runs after loading; the shot shows its verdict.
        window.comparer()->waitForIdle();
        if (jumpToMax) {
            window.differencePanel()->jumpToLargestDifference();
        }
        // Let the views paint once with the loaded images before grabbing.
        QTimer::singleShot(300, &window, [&window, &app, file] {
            const bool ok = window.grab().save(file);
            app.exit(ok ? 0 : 1);
        });
    };
    if (window.loading()) {
        QObject::connect(&window, &voxdiff::ui::MainWindow::loadsFinished, &window, save);
    } else {
        save();
    }
}

int runViewer(int argc, char** argv) {
    // Before QApplication: printing the version must work without a display.
    for (int n = 1; n < argc; ++n) {
        if (std::strcmp(argv[n], "--version") == 0) {
            std::printf("%s\n", qPrintable(voxdiff::ui::versionLine()));
            return 0;
        }
    }
    // No QApplication at all: the export must run on machines without a display.
    if (voxdiff::gui::wantsHeadlessExport(argc, argv)) {
        return voxdiff::gui::runHeadlessExport(argc, argv);
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("VoxDiff"));
    QApplication::setApplicationName(QStringLiteral("voxdiff"));
    QApplication::setApplicationVersion(QStringLiteral(VOXDIFF_VERSION));

    QCommandLineParser parser;
    const ViewerOptions options;
    addOptions(parser, options);
    parser.process(app);

    voxdiff::ui::MainWindow window;
    applyOptions(parser, options, window);
    window.show();
    const QStringList paths = parser.positionalArguments();
    if (paths.size() > 0) {
        window.openPath(voxdiff::ui::ImageSlot::First, paths[0]);
    }
    if (paths.size() > 1) {
        window.openPath(voxdiff::ui::ImageSlot::Second, paths[1]);
    }
    if (parser.isSet(options.screenshot)) {
        scheduleScreenshot(parser.value(options.screenshot), parser.isSet(options.jump), window,
                           app);
    }
    return QApplication::exec();
}

} // namespace
