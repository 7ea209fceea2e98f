// SPDX-License-Identifier: BSD-3-Clause
// The viewer's renderer (VTK reslice + lookup table, ui/render) and the report's renderer (the
// core's nearest-voxel sampling and colour maps, core/src/report) draw the same slice the same
// way: every pixel of the viewer's slice is compared with the core's colour of the voxel at
// that pixel's centre, in each orientation, for a grey and a hot image.
#include <QApplication>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include "model/ViewerState.h"
#include "render/OrientationPipeline.h"
#include "voxdiff/DemoData.h"
#include "voxdiff/DisplayConvention.h"
#include "voxdiff/ImageLoader.h"
#include "voxdiff/ReportImage.h"

using namespace voxdiff;
using namespace voxdiff::ui;

namespace {

// The lookup table has 256 entries; the core's colour is continuous: one step of rounding.
constexpr int kMaxChannelDiff = 3;
constexpr double kMinShareMatching = 0.995;

/// The report's colour of the voxel nearest an LPS point (NaN colour outside).
std::array<std::uint8_t, 3> reportColourAt(const core::Volume& v, const core::Vec3& lps,
                                           core::ColorMap map, const core::Window& w) {
    const core::Index3 n = core::nearestVoxelIndex(v.continuousIndexOfLps(lps));
    const float value = v.containsIndex(n[0], n[1], n[2]) ? v.value(n[0], n[1], n[2])
                                                          : std::numeric_limits<float>::quiet_NaN();
    const core::RgbImage px = core::colorize({value}, 1, 1, map, w);
    return {px.rgb[0], px.rgb[1], px.rgb[2]};
}

} // namespace

class SameSliceBothWaysTest : public QObject {
    Q_OBJECT

  private slots:
    void viewerAndReportDrawTheSameSlice() {
        QTemporaryDir dir;
        auto pair = core::writeDemoPair(std::filesystem::path(dir.path().toStdString()), false);
        QVERIFY(pair.ok());
        auto loaded = core::loadImage(pair.value().niftiPath, {});
        QVERIFY(loaded.ok());
        auto volume = std::make_shared<const core::Volume>(std::move(loaded).value());
        for (core::ColorMap map : {core::ColorMap::Grey, core::ColorMap::Hot}) {
            ViewerState state;
            state.setVolume(ImageSlot::First, volume);
            state.setColorMap(ImageSlot::First, map);
            const WindowLevel wl = state.windowLevel(ImageSlot::First);
            const core::Window window{wl.lowest(), wl.highest()};
            // The viewer's automatic window is the core's.
            QCOMPARE(window.low, core::autoWindow(*volume).low);
            QCOMPARE(window.high, core::autoWindow(*volume).high);
            for (SliceOrientation o :
                 {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
                OrientationPipeline pipeline(o);
                pipeline.setVolumes(state);
                pipeline.setCursor(state.cursorLps());
                pipeline.setDisplay(state);
                pipeline.updateSlices(state);
                const QImage viewer =
                    pipeline.colorSlice(ImageSlot::First).convertToFormat(QImage::Format_RGB888);
                QVERIFY(!viewer.isNull());
                const auto rect = pipeline.sliceRectMm(); // left, bottom, right, top
                const double pixelMm = (rect[2] - rect[0]) / viewer.width();
                int matching = 0;
                for (int y = 0; y < viewer.height(); ++y) {
                    for (int x = 0; x < viewer.width(); ++x) {
                        const core::Vec3 lps =
                            pointOnPlaneLps(o, rect[0] + (x + 0.5) * pixelMm,
                                            rect[3] - (y + 0.5) * pixelMm, state.cursorLps());
                        const auto want = reportColourAt(*volume, lps, map, window);
                        const QRgb got = viewer.pixel(x, y);
                        const int diff = std::max({std::abs(qRed(got) - want[0]),
                                                   std::abs(qGreen(got) - want[1]),
                                                   std::abs(qBlue(got) - want[2])});
                        matching += diff <= kMaxChannelDiff;
                    }
                }
                const double share =
                    static_cast<double>(matching) / (viewer.width() * viewer.height());
                QVERIFY2(share >= kMinShareMatching,
                         qPrintable(QStringLiteral("%1 %2: %3 of the pixels match")
                                        .arg(orientationName(o))
                                        .arg(colorMapName(map))
                                        .arg(share)));
            }
        }
    }

    // The report's own path (ReportBuilder: sampleSlice on a SlicePlane, then colorize) against
    // the viewer's slice: each viewer pixel's centre is looked up in the report's picture of
    // the same plane, drawn at a finer pixel so that every viewer pixel lands inside one.
    void reportRendererAndViewerDrawTheSameSlice() {
        QTemporaryDir dir;
        auto pair = core::writeDemoPair(std::filesystem::path(dir.path().toStdString()), false);
        QVERIFY(pair.ok());
        auto loaded = core::loadImage(pair.value().niftiPath, {});
        QVERIFY(loaded.ok());
        auto volume = std::make_shared<const core::Volume>(std::move(loaded).value());
        ViewerState state;
        state.setVolume(ImageSlot::First, volume);
        state.setColorMap(ImageSlot::First, core::ColorMap::Hot);
        const core::Window window = core::autoWindow(*volume);
        core::Vec3 boxMin{1e300, 1e300, 1e300};
        core::Vec3 boxMax{-1e300, -1e300, -1e300};
        const core::Index3& d = volume->dims();
        for (int corner = 0; corner < 8; ++corner) {
            const core::Vec3 p = volume->voxelCenterLps({(corner & 1) ? d[0] - 0.5 : -0.5,
                                                         (corner & 2) ? d[1] - 0.5 : -0.5,
                                                         (corner & 4) ? d[2] - 0.5 : -0.5});
            for (int a = 0; a < 3; ++a) {
                boxMin[a] = std::min(boxMin[a], p[a]);
                boxMax[a] = std::max(boxMax[a], p[a]);
            }
        }
        for (SliceOrientation o :
             {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
            OrientationPipeline pipeline(o);
            pipeline.setVolumes(state);
            pipeline.setCursor(state.cursorLps());
            pipeline.setDisplay(state);
            pipeline.updateSlices(state);
            const QImage viewer =
                pipeline.colorSlice(ImageSlot::First).convertToFormat(QImage::Format_RGB888);
            QVERIFY(!viewer.isNull());
            const auto rect = pipeline.sliceRectMm(); // left, bottom, right, top
            const double pixelMm = (rect[2] - rect[0]) / viewer.width();

            const core::SlicePlane plane{o, state.cursorLps(), boxMin, boxMax, 0.25};
            const core::RgbImage report =
                core::colorize(core::sampleSlice(*volume, plane), plane.width(), plane.height(),
                               core::ColorMap::Hot, window);
            int compared = 0;
            int matching = 0;
            for (int y = 0; y < viewer.height(); ++y) {
                for (int x = 0; x < viewer.width(); ++x) {
                    const core::Vec3 lps =
                        pointOnPlaneLps(o, rect[0] + (x + 0.5) * pixelMm,
                                        rect[3] - (y + 0.5) * pixelMm, state.cursorLps());
                    const auto px = plane.pixelOfPointLps(lps);
                    if (px[0] < 0 || px[1] < 0 || px[0] >= report.width || px[1] >= report.height) {
                        continue; // outside the report's picture (beyond both images)
                    }
                    const std::uint8_t* want = report.pixel(px[0], px[1]);
                    const QRgb got = viewer.pixel(x, y);
                    const int diff =
                        std::max({std::abs(qRed(got) - want[0]), std::abs(qGreen(got) - want[1]),
                                  std::abs(qBlue(got) - want[2])});
                    ++compared;
                    matching += diff <= kMaxChannelDiff;
                }
            }
            QVERIFY2(compared > viewer.width() * viewer.height() / 4,
                     qPrintable(QStringLiteral("%1: only %2 pixels lie in the report's picture")
                                    .arg(orientationName(o))
                                    .arg(compared)));
            const double share = static_cast<double>(matching) / compared;
            QVERIFY2(share >= kMinShareMatching,
                     qPrintable(QStringLiteral("%1: %2 of the pixels match the report's")
                                    .arg(orientationName(o))
                                    .arg(share)));
        }
    }
};

QTEST_MAIN(SameSliceBothWaysTest)
#include "SameSliceBothWaysTest.moc"
