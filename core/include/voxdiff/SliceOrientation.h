// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>

#include "voxdiff/Geometry.h"

namespace voxdiff::core {

/// The three display planes, cut in physical space (not along the index axes).
enum class SliceOrientation { Axial = 0, Coronal = 1, Sagittal = 2 };

/// "axial", "coronal", "sagittal".
const char* sliceOrientationName(SliceOrientation o);

/// The frame of a displayed plane, in LPS: screen right and screen up as unit LPS directions,
/// the normal towards the viewer. This is VoxDiff's one display convention, shared by the viewer
/// and the reports: radiological (the patient's right on the screen's left) for axial and
/// coronal, anterior on the left for sagittal, head up.
struct SliceFrameLps {
    Vec3 rightLps{};
    Vec3 upLps{};
    Vec3 normalLps{};
};
SliceFrameLps sliceFrameLps(SliceOrientation o);

/// The anatomical letters (R/L, A/P, S/I) on the four sides of a displayed plane.
struct SideLabels {
    std::string left, right, top, bottom;
};
SideLabels sideLabelsOf(SliceOrientation o);

/// The letter of the anatomical direction an LPS vector points to most ("L", "P", "S", ...).
std::string anatomicalLetter(const Vec3& directionLps);

} // namespace voxdiff::core
