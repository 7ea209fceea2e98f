// SPDX-License-Identifier: BSD-3-Clause
// voxdiff: the viewer. `voxdiff [FIRST [SECOND]] [--screenshot FILE] [--size WxH]
// [--fusion blend|checkerboard|difference|swipe] [--jump-to-max] [--over-tolerance T]`;
// `voxdiff FIRST SECOND --export-report FILE [SETTINGS]` writes the report without a display.
#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <chrono>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>

#include "HeadlessExport.h"
#include "model/ComparisonController.h"
#include "model/LoadController.h"
#include "widgets/AboutDialog.h"
#include "widgets/DifferencePanel.h"
#include "widgets/MainWindow.h"

namespace {

/// Exit status for an internal error, as voxdiff-cli documents it (docs/exit-codes.md).
constexpr int kExitInternal = 9;
/// Exit status when there is no display to open the window on: a bad invocation, as a bad
/// command line is (docs/exit-codes.md).
constexpr int kExitNoDisplay = 2;

int runViewer(int argc, char** argv);

/// When main() began: the origin of the VOXDIFF_TIMING lines.
std::chrono::steady_clock::time_point g_started;

} // namespace

int main(int argc, char** argv) {
    g_started = std::chrono::steady_clock::now();
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

/// -h, --help, --help-all or -? anywhere on the command line.
bool wantsHelp(int argc, char** argv) {
    for (int n = 1; n < argc; ++n) {
        for (const char* h : {"-h", "--help", "--help-all", "-?"}) {
            if (std::strcmp(argv[n], h) == 0) {
                return true;
            }
        }
    }
    return false;
}

/// A display Qt can open: X11 or Wayland, or a platform chosen explicitly (offscreen, vnc...).
bool hasDisplay() {
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        const char* v = std::getenv(name);
        if (v != nullptr && *v != '\0') {
            return true;
        }
    }
    return false;
}

/// VOXDIFF_TIMING=1: one line on standard error when each image is handed to the views and when
/// the comparison's verdict is shown, in seconds since the viewer started (bench/run_peers.sh
/// reads them: the first picture and the compared pair of issue 12's table).
void reportTimings(voxdiff::ui::MainWindow& window) {
    const char* timing = std::getenv("VOXDIFF_TIMING");
    if (timing == nullptr || *timing == '\0' || std::strcmp(timing, "0") == 0) {
        return;
    }
    auto seconds = [] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - g_started).count();
    };
    QObject::connect(window.loader(), &voxdiff::ui::LoadController::loaded, &window,
                     [seconds](voxdiff::ui::ImageSlot slot) {
                         std::fprintf(stderr, "voxdiff timing: %s image shown %.3f s\n",
                                      slot == voxdiff::ui::ImageSlot::First ? "first" : "second",
                                      seconds());
                     });
    QObject::connect(
        window.comparer(), &voxdiff::ui::ComparisonController::finished, &window, [seconds] {
            std::fprintf(stderr, "voxdiff timing: comparison shown %.3f s\n", seconds());
        });
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
    // --help needs no display either: the options are parsed by a QCoreApplication, which
    // prints the help and exits.
    if (wantsHelp(argc, argv)) {
        QCoreApplication core(argc, argv);
        QCoreApplication::setApplicationVersion(QStringLiteral(VOXDIFF_VERSION));
        QCommandLineParser parser;
        const ViewerOptions options;
        addOptions(parser, options);
        parser.process(core);
        return 0;
    }
    // Without a display Qt would abort with its own message about platform plugins; say what
    // the user can do instead.
    if (!hasDisplay()) {
        std::fprintf(stderr, "voxdiff: error: no display to open the window on (DISPLAY and "
                             "WAYLAND_DISPLAY are unset): run it on a desktop or under "
                             "xvfb-run, or write the comparison's report without a window with "
                             "voxdiff FIRST SECOND --export-report FILE\n");
        return kExitNoDisplay;
    }
    QApplication app(argc, argv);
    // Qt adopts the user's locale for the C library too (setlocale(LC_ALL, "")); numbers read
    // and written by libraries below Qt (GDCM, VTK, printf) must keep '.' as the decimal point,
    // as Qt's documentation advises. VoxDiff's core is locale-free on its own (parseDecimal).
    std::setlocale(LC_NUMERIC, "C");
    QApplication::setOrganizationName(QStringLiteral("VoxDiff"));
    QApplication::setApplicationName(QStringLiteral("voxdiff"));
    QApplication::setApplicationVersion(QStringLiteral(VOXDIFF_VERSION));

    QCommandLineParser parser;
    const ViewerOptions options;
    addOptions(parser, options);
    parser.process(app);

    voxdiff::ui::MainWindow window;
    applyOptions(parser, options, window);
    reportTimings(window);
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
