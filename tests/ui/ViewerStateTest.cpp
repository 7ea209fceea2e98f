// SPDX-License-Identifier: BSD-3-Clause
// UI-state tests: the shared cursor, slice stepping, readouts and loading errors, checked on the
// model without any pixels.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "model/CursorReadout.h"
#include "model/LoadController.h"
#include "model/SliceOrientation.h"
#include "model/ViewerState.h"

using namespace voxdiff;
using namespace voxdiff::ui;

namespace {

constexpr double kToleranceMm = 1e-9;

/// A 4x5x6 volume with value = linear index, spacing (1, 2, 3) mm, axes along LPS.
std::shared_ptr<const core::Volume> makeVolume(bool reverseK = false) {
    core::Matrix4 ijkToLps = core::Matrix4::identity();
    ijkToLps.at(0, 0) = 1.0;
    ijkToLps.at(1, 1) = 2.0;
    ijkToLps.at(2, 2) = reverseK ? -3.0 : 3.0;
    ijkToLps.at(2, 3) = reverseK ? 15.0 : 0.0;
    std::vector<float> voxels(4 * 5 * 6);
    for (std::size_t n = 0; n < voxels.size(); ++n) {
        voxels[n] = static_cast<float>(n);
    }
    auto v = std::make_shared<core::Volume>(core::Index3{4, 5, 6}, ijkToLps, std::move(voxels));
    return v;
}

} // namespace

class ViewerStateTest : public QObject {
    Q_OBJECT

  private slots:
    void firstImageCentresCursorOnAVoxel() {
        ViewerState state;
        QSignalSpy cursorSpy(&state, &ViewerState::cursorChanged);
        state.setVolume(ImageSlot::First, makeVolume());
        QVERIFY(cursorSpy.count() >= 1);
        const auto ijk = state.volume(ImageSlot::First)->continuousIndexOfLps(state.cursorLps());
        for (double c : ijk) {
            QCOMPARE(c, std::round(c));
        }
    }

    void cursorIsSharedBetweenImagesInPhysicalSpace() {
        // The second image has its k axis reversed: the same physical point is another index.
        ViewerState state;
        state.setVolume(ImageSlot::First, makeVolume());
        state.setVolume(ImageSlot::Second, makeVolume(true));
        state.setCursorLps({2.0, 4.0, 3.0});
        const CursorReadout r = readCursor(state);
        QVERIFY(r.images[0].inside && r.images[1].inside);
        QCOMPARE(r.images[0].nearestIjk, (core::Index3{2, 2, 1}));
        QCOMPARE(r.images[1].nearestIjk, (core::Index3{2, 2, 4}));
        QVERIFY(r.difference.has_value());
        QCOMPARE(r.pointRas[0], -2.0);
        QCOMPARE(r.pointRas[1], -4.0);
    }

    void sliceStepUsesTheFirstImageSpacingAlongTheNormal() {
        ViewerState state;
        state.setVolume(ImageSlot::First, makeVolume());
        QCOMPARE(state.sliceStepMm(SliceOrientation::Axial), 3.0);
        QCOMPARE(state.sliceStepMm(SliceOrientation::Coronal), 2.0);
        QCOMPARE(state.sliceStepMm(SliceOrientation::Sagittal), 1.0);
        const core::Vec3 before = state.cursorLps();
        state.stepSlice(SliceOrientation::Axial, 2);
        const core::Vec3 after = state.cursorLps();
        QVERIFY(std::abs(std::abs(after[2] - before[2]) - 6.0) < kToleranceMm);
        QCOMPARE(after[0], before[0]);
        QCOMPARE(after[1], before[1]);
        state.stepSlice(SliceOrientation::Axial, -2);
        QVERIFY(std::abs(state.cursorLps()[2] - before[2]) < kToleranceMm);
    }

    void zoomAndPanAreLinked() {
        ViewerState state;
        state.setVolume(ImageSlot::First, makeVolume());
        QSignalSpy cameraSpy(&state, &ViewerState::cameraChanged);
        const double fov = state.fieldOfViewMm();
        state.zoomBy(2.0);
        QCOMPARE(state.fieldOfViewMm(), fov / 2.0);
        const core::Vec3 center = state.viewCenterLps();
        state.panByMm(SliceOrientation::Axial, 10.0, 0.0);
        // Screen right in the axial view is the patient's left (+x in LPS).
        QCOMPARE(state.viewCenterLps()[0], center[0] + 10.0);
        QCOMPARE(cameraSpy.count(), 2);
    }

    void edgeLabelsFollowTheRadiologicalConvention() {
        const EdgeLabels axial = edgeLabels(SliceOrientation::Axial);
        QCOMPARE(QString::fromStdString(axial.left), QStringLiteral("R"));
        QCOMPARE(QString::fromStdString(axial.right), QStringLiteral("L"));
        QCOMPARE(QString::fromStdString(axial.top), QStringLiteral("A"));
        QCOMPARE(QString::fromStdString(axial.bottom), QStringLiteral("P"));
        const EdgeLabels sagittal = edgeLabels(SliceOrientation::Sagittal);
        QCOMPARE(QString::fromStdString(sagittal.left), QStringLiteral("A"));
        QCOMPARE(QString::fromStdString(sagittal.top), QStringLiteral("S"));
    }

    void planeCoordinatesRoundTrip() {
        const core::Vec3 pointLps{12.5, -7.0, 33.0};
        for (SliceOrientation o : kAllOrientations) {
            const auto xy = planeCoordinatesMm(o, pointLps);
            const core::Vec3 back = pointOnPlaneLps(o, xy[0], xy[1], pointLps);
            for (std::size_t a = 0; a < 3; ++a) {
                QVERIFY(std::abs(back[a] - pointLps[a]) < kToleranceMm);
            }
        }
    }

    void failedLoadReportsTheFileAndKeepsThePreviousImage() {
        ViewerState state;
        state.setVolume(ImageSlot::First, makeVolume());
        const auto previous = state.volume(ImageSlot::First);
        LoadController loader;
        QObject::connect(&loader, &LoadController::loaded, &state,
                         [&state](ImageSlot slot, std::shared_ptr<const core::Volume> v) {
                             state.setVolume(slot, std::move(v));
                         });
        QSignalSpy failedSpy(&loader, &LoadController::failed);
        QSignalSpy idleSpy(&loader, &LoadController::idle);
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("no_such_image.nii.gz"));
        QVERIFY(loader.load(ImageSlot::First, missing.toStdString()));
        QVERIFY(idleSpy.wait(10000) || idleSpy.count() > 0);
        QCOMPARE(failedSpy.count(), 1);
        const QString message = failedSpy.first().at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("no_such_image.nii.gz")), qPrintable(message));
        QCOMPARE(failedSpy.first().at(2).toBool(), false);
        QCOMPARE(state.volume(ImageSlot::First), previous);
        QVERIFY(!loader.busy());
    }

    void onlyOneLoadRunsAtATime() {
        LoadController loader;
        QTemporaryDir dir;
        QVERIFY(loader.load(ImageSlot::First, dir.filePath(QStringLiteral("a.nii")).toStdString()));
        QVERIFY(
            !loader.load(ImageSlot::Second, dir.filePath(QStringLiteral("b.nii")).toStdString()) ||
            !loader.busy());
        loader.waitForIdle();
        QVERIFY(!loader.busy());
    }
};

QTEST_GUILESS_MAIN(ViewerStateTest)
#include "ViewerStateTest.moc"
