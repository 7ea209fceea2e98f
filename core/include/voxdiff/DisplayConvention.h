// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "voxdiff/Comparison.h"
#include "voxdiff/Geometry.h"
#include "voxdiff/ReportImage.h"

namespace voxdiff::core {

/// NaN and outside-the-image colour: dark grey, distinct from black (0 in grey) and white
/// (0 in differences).
inline constexpr std::array<std::uint8_t, 3> kNoDataColour{48, 48, 56};

/// How every face colours a verdict: the word (ink), its box's fill, and the box's border.
struct VerdictColours {
    std::array<std::uint8_t, 3> ink;
    std::array<std::uint8_t, 3> fill;
    std::array<std::uint8_t, 3> border;
};

/// The one verdict colour rule: identical and equivalent green (the values agree, exit status
/// 0); rescaled amber (the values differ, exit status 1, but by one named factor: the same image
/// in other units, a cause to check rather than a defect); different red. Used by the viewer's
/// difference panel and the HTML and PDF reports.
VerdictColours verdictColours(Verdict verdict);

/// "#rrggbb" for style sheets and rich text.
std::string hexColour(const std::array<std::uint8_t, 3>& rgb);

/// The colour of position t in [0, 1] of a map (clamped): grey black to white; hot black, red,
/// yellow, white; diverging blue (0), white (0.5), red (1). The viewer's lookup tables and the
/// report's pictures both sample this.
std::array<std::uint8_t, 3> colourOf(ColorMap map, double t);

/// The difference map's colour scale: -halfRange blue, 0 white, +halfRange red.
struct DifferenceScale {
    double halfRange = 1.0; ///< value units
    /// True when anchored to max(tolerance, quantization bound) rather than the largest
    /// |difference|: identical and equivalent pairs then show pale noise, not saturated colour.
    bool anchored = false;
    std::string legend; ///< one sentence saying which range is used and why
};

/// The one rule the viewer and the reports use. `automatic` asks for the largest |difference|
/// whatever the verdict.
DifferenceScale differenceScale(const Comparison& comparison, const CompareOptions& options,
                                bool automatic);

/// A share as a percentage number (no % sign) that never rounds to 100 or 0 unless it is
/// exactly that: "100", "99.9994", "0.0003".
std::string formatShare(double fraction);

/// The nearest voxel of a continuous index: each coordinate rounds half up (floor(x + 0.5)),
/// with a small bias so that exact voxel centres never flip under rounding noise.
Index3 nearestVoxelIndex(const Vec3& continuousIndex);

/// The second image's voxel that pairs with a voxel of the first: through the exact axis map
/// when the grids share a lattice (so a half-voxel cursor never splits a matched pair),
/// otherwise the nearest voxel of the mapped point.
Index3 partnerVoxelIndex(const GeometryRelation& geometry, const Index3& firstIndex);

} // namespace voxdiff::core
