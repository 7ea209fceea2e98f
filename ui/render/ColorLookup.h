// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "model/WindowLevel.h"

class vtkLookupTable;

namespace voxdiff::ui {

/// Fills a lookup table with a colour map stretched over the window. Values outside the window
/// clamp to the end colours; NaN (and the reslice background) is black.
void configureLookupTable(vtkLookupTable* table, ColorMap map, const WindowLevel& wl);

} // namespace voxdiff::ui
