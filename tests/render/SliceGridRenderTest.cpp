// Screenshot tests: the 3x3 grid rendered at a fixed size and compared with a PNG baseline
// under tests/render/baselines (f3d's model). A missing baseline writes the output and fails;
// a mismatch writes the actual image and a diff image next to the test output.
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QtTest>

#include <cmath>
#include <cstdlib>

#include "TestData.h"
#include "model/ViewerState.h"
#include "voxdiff/ImageLoader.h"
#include "widgets/ViewGrid.h"

using namespace voxdiff;
using namespace voxdiff::ui;

namespace {

constexpr int kWidth = 900;
constexpr int kHeight = 600;
// Mean absolute difference per channel (0-255) allowed against the baseline: software OpenGL
// versions may round text and lines differently, but a wrong slice moves far more than this.
constexpr double kMaxMeanAbsDiff = 2.0;

QString outputDir() {
    return QDir::currentPath();
}

double compareImages(const QImage& actual, const QImage& baseline, QImage* diff) {
    if (actual.size() != baseline.size()) {
        return 255.0;
    }
    *diff = QImage(actual.size(), QImage::Format_RGB32);
    double sum = 0.0;
    for (int y = 0; y < actual.height(); ++y) {
        for (int x = 0; x < actual.width(); ++x) {
            const QColor a = actual.pixelColor(x, y);
            const QColor b = baseline.pixelColor(x, y);
            const int d = std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
                          std::abs(a.blue() - b.blue());
            sum += d / 3.0;
            diff->setPixel(x, y, qRgb(std::min(255, 4 * d), 0, 0));
        }
    }
    return sum / (actual.width() * actual.height());
}

} // namespace

class SliceGridRenderTest : public QObject {
    Q_OBJECT

  private slots:
    void permutedPairShowsSameAnatomyWithCursorEverywhere() {
        const auto data = test::sharedDataDir();
        const auto dir = data / "mr_hitachi_oblique" / "nifti";
        if (data.empty() || !std::filesystem::exists(dir)) {
            if (test::runningUnderCi()) {
                QFAIL("../shared/data is missing: CI must run the render tests");
            }
            QSKIP("SKIPPED: ../shared/data not found; the render test did not run");
        }
        auto first = core::loadImage(dir / "d2n_ground_truth.nii.gz");
        auto second = core::loadImage(dir / "d2n_ground_truth_reoriented.nii.gz");
        QVERIFY(first.ok() && second.ok());

        ViewerState state;
        state.setVolume(ImageSlot::First,
                        std::make_shared<const core::Volume>(std::move(first).value()));
        state.setVolume(ImageSlot::Second,
                        std::make_shared<const core::Volume>(std::move(second).value()));
        ViewGrid grid(&state);
        grid.resize(kWidth, kHeight);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        const QImage actual = grid.grab().toImage().convertToFormat(QImage::Format_RGB32);

        // The cursor cross passes through the cursor's projection in every view: the pixel
        // there is the cross's green, whatever the image below.
        for (SliceOrientation o : kAllOrientations) {
            for (ViewContent c : {ViewContent::First, ViewContent::Second, ViewContent::Fused}) {
                SliceView* view = grid.view(o, c);
                const QPoint at =
                    view->mapTo(&grid, view->widgetPosOf(state.cursorLps()).toPoint());
                // Rounding to device pixels may shift the 1-pixel line by one.
                bool crossFound = false;
                for (int dy = -1; dy <= 1; ++dy) {
                    for (int dx = -1; dx <= 1; ++dx) {
                        const QColor px = actual.pixelColor(at + QPoint(dx, dy));
                        crossFound |= px.green() > 2 * px.red() && px.green() > 100;
                    }
                }
                QVERIFY2(crossFound, qPrintable(QStringLiteral("no cursor cross in %1 at %2,%3")
                                                    .arg(view->objectName())
                                                    .arg(at.x())
                                                    .arg(at.y())));
            }
        }

        const QString name = QStringLiteral("hitachi_permuted_3x3.png");
        const QString baselinePath =
            QStringLiteral(VOXDIFF_SOURCE_DIR "/tests/render/baselines/") + name;
        const QString actualPath = outputDir() + QStringLiteral("/actual_") + name;
        QImage baseline(baselinePath);
        if (baseline.isNull()) {
            actual.save(actualPath);
            QFAIL(qPrintable(QStringLiteral("no baseline %1: wrote %2; look at it, then copy it "
                                            "there")
                                 .arg(baselinePath, actualPath)));
        }
        QImage diff;
        const double meanAbsDiff =
            compareImages(actual, baseline.convertToFormat(QImage::Format_RGB32), &diff);
        if (meanAbsDiff > kMaxMeanAbsDiff) {
            actual.save(actualPath);
            diff.save(outputDir() + QStringLiteral("/diff_") + name);
            QFAIL(qPrintable(QStringLiteral("mean abs diff %1 > %2: see %3")
                                 .arg(meanAbsDiff)
                                 .arg(kMaxMeanAbsDiff)
                                 .arg(actualPath)));
        }
    }
};

QTEST_MAIN(SliceGridRenderTest)
#include "SliceGridRenderTest.moc"
