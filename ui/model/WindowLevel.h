// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>
#include <vector>

#include "voxdiff/ReportImage.h"
#include "voxdiff/Volume.h"

namespace voxdiff::ui {

/// A display window on an image's values (value units): what maps to black and white.
struct WindowLevel {
    double window = 1.0; ///< width of the value range shown, > 0
    double level = 0.5;  ///< value at the centre of the range

    double lowest() const { return level - 0.5 * window; }
    double highest() const { return level + 0.5 * window; }
    static WindowLevel fromRange(double lowest, double highest);
    bool operator==(const WindowLevel&) const = default;
};

/// The core's colour maps (grey, hot, one diverging ramp), shared with the reports.
using ColorMap = core::ColorMap;
const char* colorMapName(ColorMap m);

/// A named window for a modality (CT in HU, PET in SUV).
struct WindowPreset {
    std::string name;
    WindowLevel windowLevel;
    ColorMap colorMap = ColorMap::Grey;
};

/// CT soft tissue, lung, bone; PET SUV 0-5, 0-10, 0-20.
const std::vector<WindowPreset>& windowPresets();

/// The window between the 1st and 99.5th percentiles of the finite values (sampled).
WindowLevel autoWindowLevel(const core::Volume& volume);

/// Whether a volume holds PET values: modality PT, or (NIfTI has no modality) value units or a
/// description that name SUV, Bq/ml or PET.
bool looksLikePet(const core::Volume& volume);

/// Default colour map for a volume: hot when it looks like PET or when the other image of the
/// pair (if any) is PET, grey otherwise.
ColorMap defaultColorMap(const core::Volume& volume, const core::Volume* other = nullptr);

} // namespace voxdiff::ui
