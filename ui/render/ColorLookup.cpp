// SPDX-License-Identifier: BSD-3-Clause
#include "render/ColorLookup.h"

#include <algorithm>

#include <vtkLookupTable.h>

#include "voxdiff/DisplayConvention.h"

namespace voxdiff::ui {

namespace {

constexpr int kTableSize = 256;

} // namespace

void configureLookupTable(vtkLookupTable* table, ColorMap map, const WindowLevel& wl) {
    table->SetNumberOfTableValues(kTableSize);
    table->SetRange(wl.lowest(), wl.highest());
    table->SetRampToLinear();
    for (int n = 0; n < kTableSize; ++n) {
        // The core's colour maps: the viewer and the reports draw with the same ramps.
        const auto c = core::colourOf(map, static_cast<double>(n) / (kTableSize - 1));
        table->SetTableValue(n, c[0] / 255.0, c[1] / 255.0, c[2] / 255.0, 1.0);
    }
    const auto& nan = core::kNoDataColour;
    table->SetNanColor(nan[0] / 255.0, nan[1] / 255.0, nan[2] / 255.0, 1.0);
    table->UseBelowRangeColorOff();
    table->UseAboveRangeColorOff();
    table->BuildSpecialColors();
    table->Modified();
}

} // namespace voxdiff::ui
