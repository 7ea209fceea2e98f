// SPDX-License-Identifier: BSD-3-Clause
// Screenshot tests: the 3x3 grid rendered at a fixed size and compared with a PNG baseline
// under tests/render/baselines (f3d's model). A missing baseline writes the output and fails;
// a mismatch writes the actual image and a diff image next to the test output. The demo pair
// (a PET NIfTI in SUV and the same voxels as a DICOM series, k reversed) is rendered in every
// fused mode; the permuted-axes Hitachi pair checks a second kind of index-axis change.
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdlib>

#include "TestData.h"
#include "model/ViewerState.h"
#include "voxdiff/DemoData.h"
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

/// Grabs the grid and compares it with baselines/NAME; fails with the paths to look at.
void compareWithBaseline(ViewGrid& grid, const QString& name) {
    QApplication::processEvents();
    const QImage actual = grid.grab().toImage().convertToFormat(QImage::Format_RGB32);
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

/// The cursor cross passes through the cursor's projection in every view: the pixel there is
/// the cross's green, whatever the image below.
void verifyCrossEverywhere(ViewGrid& grid, const ViewerState& state) {
    QApplication::processEvents();
    const QImage actual = grid.grab().toImage().convertToFormat(QImage::Format_RGB32);
    for (SliceOrientation o : kAllOrientations) {
        for (ViewContent c : {ViewContent::First, ViewContent::Second, ViewContent::Fused}) {
            SliceView* view = grid.view(o, c);
            const QPoint at = view->mapTo(&grid, view->widgetPosOf(state.cursorLps()).toPoint());
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
}

bool showGrid(ViewGrid& grid) {
    grid.resize(kWidth, kHeight);
    grid.show();
    return QTest::qWaitForWindowExposed(&grid);
}

std::shared_ptr<const core::Volume> load(const std::filesystem::path& path, bool suv = false) {
    core::LoadOptions options;
    options.suv = suv;
    auto result = core::loadImage(path, options);
    if (!result.ok()) {
        return nullptr;
    }
    return std::make_shared<const core::Volume>(std::move(result).value());
}

} // namespace

class SliceGridRenderTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto pair =
            core::writeDemoPair(std::filesystem::path(m_dir.path().toStdString()) / "demo", false);
        QVERIFY(pair.ok());
        m_pair = pair.value();
    }

    void demoPairShowsSamePointInEveryViewInEveryFusedMode() {
        auto first = load(m_pair.niftiPath);
        auto second = load(m_pair.dicomFolder, true);
        QVERIFY(first && second);

        ViewerState state;
        state.setVolume(ImageSlot::First, first);
        state.setVolume(ImageSlot::Second, second);
        // The NIfTI has no modality: it turns hot because its partner is PT.
        QCOMPARE(state.colorMap(ImageSlot::First), ColorMap::Hot);
        // Off-centre, so that the three planes cut through a lesion-free but busy region.
        state.setCursorLps({-24.0, 20.0, -10.5});
        // A fixed range: without a comparison the automatic one depends on the window.
        state.setDifferenceHalfRange(2.5e-4);
        ViewGrid grid(&state);
        QVERIFY(showGrid(grid));
        verifyCrossEverywhere(grid, state);
        compareWithBaseline(grid, QStringLiteral("demo_pair_3x3_blend.png"));
        state.setCheckerTileMm(24.0);
        state.setFusionMode(FusionMode::Checkerboard);
        compareWithBaseline(grid, QStringLiteral("demo_pair_3x3_checkerboard.png"));
        state.setFusionMode(FusionMode::Difference);
        compareWithBaseline(grid, QStringLiteral("demo_pair_3x3_difference.png"));
        state.setSwipeFraction(0.4);
        state.setFusionMode(FusionMode::Swipe);
        compareWithBaseline(grid, QStringLiteral("demo_pair_3x3_swipe.png"));
    }

    void flipShowsEachImageInPlaceOfTheOverlay() {
        ViewerState state;
        state.setVolume(ImageSlot::First, load(m_pair.niftiPath));
        // In Bq/ml: visibly different colours from the SUV NIfTI under one window.
        state.setVolume(ImageSlot::Second, load(m_pair.dicomFolder));
        ViewGrid grid(&state);
        QVERIFY(showGrid(grid));
        // The slice images the views paint (the painted widgets may differ by a pixel in width).
        auto imageOf = [&grid](ViewContent c) {
            return grid.view(SliceOrientation::Axial, c)->slice();
        };
        state.setFusedShows(FusedShows::First);
        QCOMPARE(imageOf(ViewContent::Fused), imageOf(ViewContent::First));
        state.flipFused();
        QCOMPARE(state.fusedShows(), FusedShows::Second);
        QCOMPARE(imageOf(ViewContent::Fused), imageOf(ViewContent::Second));
        state.setFusedShows(FusedShows::Overlay);
        QVERIFY(imageOf(ViewContent::Fused) != imageOf(ViewContent::Second));
    }

    void steppingAxialReslicesOnlyTheAxialRow() {
        ViewerState state;
        state.setVolume(ImageSlot::First, load(m_pair.niftiPath));
        state.setVolume(ImageSlot::Second, load(m_pair.dicomFolder, true));
        ViewGrid grid(&state);
        QVERIFY(showGrid(grid));
        grid.renderNow();
        const int coronalBefore =
            grid.view(SliceOrientation::Coronal, ViewContent::First)->sliceUpdateCount();
        const int axialBefore =
            grid.view(SliceOrientation::Axial, ViewContent::Fused)->sliceUpdateCount();
        state.stepSlice(SliceOrientation::Axial, 1);
        grid.renderNow();
        QCOMPARE(grid.view(SliceOrientation::Axial, ViewContent::Fused)->sliceUpdateCount(),
                 axialBefore + 1);
        QCOMPARE(grid.view(SliceOrientation::Coronal, ViewContent::First)->sliceUpdateCount(),
                 coronalBefore);
    }

    void permutedPairShowsSameAnatomyWithCursorEverywhere() {
        const auto data = test::sharedDataDir();
        const auto dir = data / "mr_hitachi_oblique" / "nifti";
        if (data.empty() || !std::filesystem::exists(dir)) {
            const auto missing = test::missingSharedData("../shared/data/mr_hitachi_oblique");
            if (missing.fail) {
                QFAIL(missing.message.c_str());
            }
            QSKIP(missing.message.c_str());
        }
        auto first = load(dir / "d2n_ground_truth.nii.gz");
        auto second = load(dir / "d2n_ground_truth_reoriented.nii.gz");
        QVERIFY(first && second);

        ViewerState state;
        state.setVolume(ImageSlot::First, first);
        state.setVolume(ImageSlot::Second, second);
        ViewGrid grid(&state);
        QVERIFY(showGrid(grid));
        verifyCrossEverywhere(grid, state);
        compareWithBaseline(grid, QStringLiteral("hitachi_permuted_3x3.png"));
    }

  private:
    QTemporaryDir m_dir;
    core::DemoPair m_pair;
};

QTEST_MAIN(SliceGridRenderTest)
#include "SliceGridRenderTest.moc"
