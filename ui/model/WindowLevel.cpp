// SPDX-License-Identifier: BSD-3-Clause
#include "model/WindowLevel.h"

#include "voxdiff/ReportImage.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace voxdiff::ui {

WindowLevel WindowLevel::fromRange(double lowest, double highest) {
    const double window = std::max(highest - lowest, 1e-6);
    return {window, lowest + 0.5 * window};
}

const char* colorMapName(ColorMap m) {
    switch (m) {
    case ColorMap::Grey:
        return "Grey";
    case ColorMap::Hot:
        return "Hot (PET)";
    case ColorMap::Diverging:
        return "Diverging (differences)";
    }
    return "?";
}

const std::vector<WindowPreset>& windowPresets() {
    static const std::vector<WindowPreset> kPresets{
        {"CT soft tissue (W 400, L 40)", {400, 40}, ColorMap::Grey},
        {"CT lung (W 1500, L -600)", {1500, -600}, ColorMap::Grey},
        {"CT bone (W 2000, L 300)", {2000, 300}, ColorMap::Grey},
        {"PET SUV 0-5", WindowLevel::fromRange(0, 5), ColorMap::Hot},
        {"PET SUV 0-10", WindowLevel::fromRange(0, 10), ColorMap::Hot},
        {"PET SUV 0-20", WindowLevel::fromRange(0, 20), ColorMap::Hot},
    };
    return kPresets;
}

WindowLevel autoWindowLevel(const core::Volume& volume) {
    // The core's one rule, also used by the reports (PET from 0, others from the 1st
    // percentile, up to the 99.5th).
    const core::Window w = core::autoWindow(volume);
    return WindowLevel::fromRange(w.low, w.high);
}

bool looksLikePet(const core::Volume& volume) {
    if (volume.modality() == "PT") {
        return true;
    }
    if (!volume.modality().empty()) {
        return false;
    }
    // Value-range guesses would also catch MR scaled to [0, 1]; words in the header do not.
    std::string text = volume.valueUnits() + " " + volume.source().description;
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    for (const char* word : {"SUV", "BQML", "BQ/ML", "PET"}) {
        if (text.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

ColorMap defaultColorMap(const core::Volume& volume, const core::Volume* other) {
    const bool pet =
        looksLikePet(volume) || (other && volume.modality().empty() && other->modality() == "PT");
    return pet ? ColorMap::Hot : ColorMap::Grey;
}

} // namespace voxdiff::ui
