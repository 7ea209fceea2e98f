// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>

#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::dicom_out {

/// An input volume put on the reference's grid.
struct PlacedVolume {
    Volume volume; ///< the reference's dims and ijkToLps, the input's values and labels
    bool reordered = false;
    std::string axisMap; ///< reference axis -> input axis, e.g. "i->+i j->+j k->-k"
};

/// Puts `input` on the grid of `reference` when both sample the same physical points (within
/// 0.01 mm) in any index order (a signed axis permutation): voxels are copied, never
/// interpolated. Errors: InvalidArgument naming how the grids differ.
Result<PlacedVolume> placeOnReferenceGrid(const Volume& input, const Volume& reference);

} // namespace voxdiff::core::dicom_out
