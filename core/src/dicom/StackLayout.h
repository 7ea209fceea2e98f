// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dicom/ObjectHeader.h"
#include "voxdiff/Diagnostic.h"
#include "voxdiff/Geometry.h"
#include "voxdiff/Result.h"

namespace voxdiff::core::dicom {

/// One frame of one object (a file) of a series.
struct FrameRef {
    const ObjectHeader* object = nullptr;
    int frame = 0;
    /// For a mosaic: the tile (slice) inside the frame; -1 for an ordinary frame.
    int tile = -1;

    const FrameHeader& header() const { return object->frames[static_cast<std::size_t>(frame)]; }
};

/// Where every frame of a series goes in the volume, and the grid that holds them.
struct StackLayout {
    std::vector<std::vector<FrameRef>> slicesKt; ///< [k][t]: slice k along +normal, time t
    Index3 dims{0, 0, 0};
    std::int64_t timePoints = 1;
    Matrix4 ijkToLps = Matrix4::identity();
    Diagnostics diagnostics;
    bool mosaic = false;

    /// "LPS", "PIR", or "LPS oblique" (RAS code of the grid, oblique when any direction is
    /// more than 1e-3 off an axis).
    std::string orientationLabel() const;
};

/// Sorts frames along the slice normal (row x column cosines), groups frames that share a
/// position into time points (ordered by temporal index, dimension index, acquisition time,
/// instance number, file, frame), and builds ijkToLps from the first position, the cosines,
/// and the measured slice step (first to last position over n - 1; with gantry tilt that step
/// is not along the normal and the grid is sheared). Siemens mosaics are unpacked into their
/// tiles. Errors: MissingGeometry, InconsistentSeries (naming a file).
Result<StackLayout> buildStackLayout(const std::vector<const ObjectHeader*>& objects);

} // namespace voxdiff::core::dicom
