// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <optional>

#include "model/ViewerState.h"

namespace voxdiff::ui {

/// What one image holds at the cursor.
struct ImageReadout {
    bool loaded = false;
    bool inside = false;        ///< the nearest voxel exists
    core::Vec3 continuousIjk{}; ///< the cursor in this image's index space
    core::Index3 nearestIjk{0, 0, 0};
    double value = 0.0; ///< at the nearest voxel (meaningful when inside)
};

/// The cursor readout: position in both frames, each image's voxel and value, and the
/// difference (second - first) when both images have a voxel there.
struct CursorReadout {
    core::Vec3 pointLps{};
    core::Vec3 pointRas{};
    std::array<ImageReadout, kSlotCount> images{};
    std::optional<double> difference;
};

CursorReadout readCursor(const ViewerState& state);
ImageReadout readImageAt(const core::Volume* volume, const core::Vec3& pointLps);

} // namespace voxdiff::ui
