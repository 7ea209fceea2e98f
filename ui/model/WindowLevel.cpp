#include "model/WindowLevel.h"

#include <algorithm>
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
    const auto& voxels = volume.voxels();
    // A strided sample keeps this instant on large volumes; percentiles barely move.
    const std::size_t stride = std::max<std::size_t>(1, voxels.size() / 200000);
    std::vector<float> sample;
    sample.reserve(voxels.size() / stride + 1);
    for (std::size_t n = 0; n < voxels.size(); n += stride) {
        if (std::isfinite(voxels[n])) {
            sample.push_back(voxels[n]);
        }
    }
    if (sample.empty()) {
        return {};
    }
    auto at = [&sample](double fraction) {
        const auto n = static_cast<std::size_t>(fraction * static_cast<double>(sample.size() - 1));
        std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(n),
                         sample.end());
        return static_cast<double>(sample[n]);
    };
    const double lowest = at(0.01);
    double highest = at(0.995);
    if (highest <= lowest) {
        highest = lowest + 1.0;
    }
    return WindowLevel::fromRange(lowest, highest);
}

ColorMap defaultColorMap(const core::Volume& volume) {
    return volume.modality() == "PT" ? ColorMap::Hot : ColorMap::Grey;
}

} // namespace voxdiff::ui
