// SPDX-License-Identifier: BSD-3-Clause
// Frame rate of slice stepping in the 3x3 layout: a synthetic 512x512x200 volume on both sides,
// the axial slice stepped and every view redrawn synchronously. Not a test: prints numbers.
#include <QApplication>
#include <QElapsedTimer>

#include <cmath>
#include <cstdio>
#include <memory>

#include "model/ViewerState.h"
#include "widgets/ViewGrid.h"

using namespace voxdiff;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    constexpr std::int64_t kSize = 512;
    constexpr std::int64_t kSlices = 200;
    constexpr int kFrames = 100;
    std::vector<float> voxels(static_cast<std::size_t>(kSize * kSize * kSlices));
    for (std::int64_t k = 0; k < kSlices; ++k) {
        for (std::int64_t j = 0; j < kSize; ++j) {
            for (std::int64_t i = 0; i < kSize; ++i) {
                voxels[static_cast<std::size_t>(i + kSize * (j + kSize * k))] =
                    static_cast<float>(std::sin(0.05 * i) * std::cos(0.07 * j) + 0.01 * k);
            }
        }
    }
    core::Matrix4 ijkToLps = core::Matrix4::identity();
    ijkToLps.at(0, 0) = 0.8;
    ijkToLps.at(1, 1) = 0.8;
    ijkToLps.at(2, 2) = 2.0;
    auto volume =
        std::make_shared<const core::Volume>(core::Index3{kSize, kSize, kSlices}, ijkToLps, voxels);

    ui::ViewerState state;
    state.setVolume(ui::ImageSlot::First, volume);
    state.setVolume(ui::ImageSlot::Second, volume);
    ui::ViewGrid grid(&state);
    grid.resize(argc > 1 ? std::atoi(argv[1]) : 1500, argc > 2 ? std::atoi(argv[2]) : 900);
    grid.show();
    QApplication::processEvents();
    grid.renderNow();

    QElapsedTimer timer;
    timer.start();
    for (int frame = 0; frame < kFrames; ++frame) {
        state.stepSlice(ui::SliceOrientation::Axial, frame < kFrames / 2 ? 1 : -1);
        grid.renderNow();
    }
    const double seconds = static_cast<double>(timer.nsecsElapsed()) * 1e-9;
    std::printf("3x3 layout %dx%d, 512x512 slices: %d frames in %.3f s = %.1f frames/s\n",
                grid.width(), grid.height(), kFrames, seconds, kFrames / seconds);
    return 0;
}
