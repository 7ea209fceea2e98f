#pragma once

#include <array>
#include <string>

#include "voxdiff/Geometry.h"

namespace voxdiff::ui {

// Vec3 is a std::array, so argument-dependent lookup does not find the core's arithmetic.
using core::operator*;
using core::operator+;
using core::operator-;

/// The three standard viewing planes.
enum class SliceOrientation { Axial = 0, Coronal = 1, Sagittal = 2 };

inline constexpr std::array<SliceOrientation, 3> kAllOrientations{
    SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal};

const char* orientationName(SliceOrientation o);

/// The frame of a view's plane, in LPS. Screen right and screen up are unit LPS directions;
/// the normal points towards the viewer. Radiological convention: axial and coronal show the
/// patient's right on the screen's left, sagittal shows anterior on the left.
struct SliceFrameLps {
    core::Vec3 rightLps{};
    core::Vec3 upLps{};
    core::Vec3 normalLps{};
};

SliceFrameLps sliceFrameLps(SliceOrientation o);

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

/// Anatomical letters (RAS convention: R/L, A/P, S/I) at the view's edges.
struct EdgeLabels {
    std::string left, right, top, bottom;
};

EdgeLabels edgeLabels(SliceOrientation o);

/// The letter of the anatomical direction an LPS unit vector points to most ("L", "P", ...).
std::string anatomicalLetter(const core::Vec3& directionLps);

} // namespace voxdiff::ui
