#include "render/ColorLookup.h"

#include <algorithm>

#include <vtkLookupTable.h>

namespace voxdiff::ui {

namespace {

constexpr int kTableSize = 256;

struct Rgb {
    double r, g, b;
};

Rgb colorAt(ColorMap map, double t) {
    switch (map) {
    case ColorMap::Grey:
        return {t, t, t};
    case ColorMap::Hot:
        // Black, red, yellow, white: the usual PET ramp.
        return {std::clamp(3.0 * t, 0.0, 1.0), std::clamp(3.0 * t - 1.0, 0.0, 1.0),
                std::clamp(3.0 * t - 2.0, 0.0, 1.0)};
    case ColorMap::Diverging: {
        // Blue below the level, white at it, red above: the sign of a difference reads at once.
        const double s = 2.0 * t - 1.0;
        if (s < 0) {
            return {1.0 + s, 1.0 + s, 1.0};
        }
        return {1.0, 1.0 - s, 1.0 - s};
    }
    }
    return {t, t, t};
}

} // namespace

void configureLookupTable(vtkLookupTable* table, ColorMap map, const WindowLevel& wl) {
    table->SetNumberOfTableValues(kTableSize);
    table->SetRange(wl.lowest(), wl.highest());
    table->SetRampToLinear();
    for (int n = 0; n < kTableSize; ++n) {
        const Rgb c = colorAt(map, static_cast<double>(n) / (kTableSize - 1));
        table->SetTableValue(n, c.r, c.g, c.b, 1.0);
    }
    table->SetNanColor(0.0, 0.0, 0.0, 1.0);
    table->UseBelowRangeColorOff();
    table->UseAboveRangeColorOff();
    table->BuildSpecialColors();
    table->Modified();
}

} // namespace voxdiff::ui
