// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>

#include "model/ViewerState.h"

namespace voxdiff::ui {

/// The two images' slices on one plane grid (row 0 at the bottom, as VTK stores images): their
/// colour-mapped RGB pixels and their values. A null pointer means that image is not loaded.
struct FusedSliceInputs {
    int widthPx = 1;
    int heightPx = 1;
    std::array<double, 2> originMm{0, 0}; ///< plane coordinates of pixel (0, 0)'s centre
    double pixelMm = 1.0;
    std::array<const unsigned char*, kSlotCount> rgb{};
    std::array<const float*, kSlotCount> values{};
};

/// The fused view's settings, read from the ViewerState once per slice.
struct FusedSliceSettings {
    FusionMode mode = FusionMode::Blend;
    FusedShows shows = FusedShows::Overlay;
    double opacity = 0.5; ///< weight of the second image when blending
    double tileMm = 20.0; ///< checkerboard tile side
    double swipeFraction = 0.5;
    double halfRangeValue = 1.0; ///< difference map: |difference| shown at full colour
    bool overToleranceOnly = false;
    double toleranceValue = 0.0;
};

FusedSliceSettings fusedSliceSettings(const ViewerState& state);

/// The diverging colour (blue, white, red) of a signed difference scaled to [-1, 1].
std::array<unsigned char, 3> divergingColor(double scaled);

/// Writes the fused slice (RGB, widthPx * heightPx * 3 bytes) into `out`. Checkerboard tiles
/// are anchored at plane coordinate 0 so they stay put while panning and slicing. In the
/// difference map, pixels outside both images are black, pixels inside only one are dark grey,
/// and with overToleranceOnly the pixels within tolerance show the first image in grey.
void composeFusedSlice(const FusedSliceInputs& in, const FusedSliceSettings& settings,
                       unsigned char* out);

} // namespace voxdiff::ui
