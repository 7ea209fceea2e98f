// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <string>

#include "voxdiff/Geometry.h"
#include "voxdiff/SliceOrientation.h"

namespace voxdiff::ui {

// Vec3 is a std::array, so argument-dependent lookup does not find the core's arithmetic.
using core::operator*;
using core::operator+;
using core::operator-;

/// The viewing planes and their frames follow the core's display convention, shared with the
/// reports (voxdiff/SliceOrientation.h).
using core::SliceFrameLps;
using core::sliceFrameLps;
using core::SliceOrientation;

inline constexpr std::array<SliceOrientation, 3> kAllOrientations{
    SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal};

const char* orientationName(SliceOrientation o);

/// In-plane coordinates (mm) of an LPS point: {right . p, up . p}. They do not depend on
/// where the plane is cut, so pan, zoom and the cursor cross stay put while slicing.
std::array<double, 2> planeCoordinatesMm(SliceOrientation o, const core::Vec3& pointLps);

/// The LPS point at in-plane coordinates (xMm, yMm) on the plane that passes through
/// `planePointLps`.
core::Vec3 pointOnPlaneLps(SliceOrientation o, double xMm, double yMm,
                           const core::Vec3& planePointLps);

/// Row-major 4x4 that maps plane coordinates (x, y, depth, 1) to LPS, with depth measured
/// from the plane through `planePointLps` along the normal.
core::Matrix4 planeToLps(SliceOrientation o, const core::Vec3& planePointLps);

/// Anatomical letters (R/L, A/P, S/I) at the view's edges.
using EdgeLabels = core::SideLabels;
inline EdgeLabels edgeLabels(SliceOrientation o) {
    return core::sideLabelsOf(o);
}
using core::anatomicalLetter;

} // namespace voxdiff::ui
