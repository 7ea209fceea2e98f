// voxdiff: the viewer. `voxdiff [FIRST [SECOND]] [--screenshot FILE] [--size WxH]`.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

#include "widgets/MainWindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("VoxDiff"));
    QApplication::setApplicationName(QStringLiteral("voxdiff"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Are these two images the same image?"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("first"), QStringLiteral("first image"));
    parser.addPositionalArgument(QStringLiteral("second"), QStringLiteral("second image"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Load, save a PNG of the window, and quit."),
                                  QStringLiteral("file"));
    QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size, e.g. 1500x950."),
                            QStringLiteral("WxH"));
    parser.addOption(screenshot);
    parser.addOption(size);
    parser.process(app);

    voxdiff::ui::MainWindow window;
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2) {
            window.resize(wh[0].toInt(), wh[1].toInt());
        }
    }
    const QStringList paths = parser.positionalArguments();
    if (parser.isSet(screenshot)) {
        window.setErrorDialogsEnabled(false);
        QObject::connect(&window, &voxdiff::ui::MainWindow::loadFailed, [](const QString& m) {
            std::fprintf(stderr, "voxdiff: %s\n", qPrintable(m));
        });
    }
    window.show();
    if (paths.size() > 0) {
        window.openPath(voxdiff::ui::ImageSlot::First, paths[0]);
    }
    if (paths.size() > 1) {
        window.openPath(voxdiff::ui::ImageSlot::Second, paths[1]);
    }
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        auto save = [&window, &app, file] {
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
    return QApplication::exec();
}
