// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cmath>

#include "voxdiff/DisplayConvention.h"
#include "voxdiff/ReportImage.h"

namespace voxdiff::core {

namespace {

constexpr std::array<std::uint8_t, 3> kNoData = kNoDataColour;

std::uint8_t toByte(double v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

double clamp01(double t) {
    return std::clamp(t, 0.0, 1.0);
}

/// A value's position on the map under the window (the diverging map is symmetric about 0).
std::array<std::uint8_t, 3> mapValue(double v, ColorMap map, const Window& w) {
    if (map == ColorMap::Diverging) {
        return colourOf(map, 0.5 + 0.5 * std::clamp(v / w.high, -1.0, 1.0));
    }
    return colourOf(map, clamp01((v - w.low) / (w.high - w.low)));
}

} // namespace

RgbImage colorize(const std::vector<float>& values, int width, int height, ColorMap map,
                  const Window& window) {
    RgbImage img(width, height);
    Window w = window;
    if (map != ColorMap::Diverging && !(w.high > w.low)) {
        w.high = w.low + 1.0;
    }
    if (map == ColorMap::Diverging && !(w.high > 0.0)) {
        w.high = 1.0;
    }
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const float v = values[static_cast<std::size_t>(y * width + x)];
            const auto c = std::isfinite(v) ? mapValue(v, map, w) : kNoData;
            std::copy(c.begin(), c.end(), img.pixel(x, y));
        }
    }
    return img;
}

RgbImage blendOver(const RgbImage& under, const RgbImage& over,
                   const std::vector<float>& overValues, const Window& overWindow, double opacity) {
    const double span = overWindow.high > overWindow.low ? overWindow.high - overWindow.low : 1.0;
    RgbImage out = under;
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            const float v = overValues[static_cast<std::size_t>(y * out.width + x)];
            if (!std::isfinite(v) || v <= overWindow.low) {
                continue;
            }
            const double alpha = opacity * clamp01(2.0 * (v - overWindow.low) / span);
            std::uint8_t* p = out.pixel(x, y);
            const std::uint8_t* q = over.pixel(x, y);
            for (int c = 0; c < 3; ++c) {
                p[c] = toByte((1.0 - alpha) * p[c] + alpha * q[c]);
            }
        }
    }
    return out;
}

void drawCrosshair(RgbImage& image, int x, int y, std::array<std::uint8_t, 3> colour) {
    // Four short arms with a gap: the voxel under the cursor stays visible.
    constexpr int kGap = 3;
    constexpr int kArm = 10;
    auto put = [&](int px, int py) {
        if (px >= 0 && py >= 0 && px < image.width && py < image.height) {
            std::copy(colour.begin(), colour.end(), image.pixel(px, py));
        }
    };
    for (int d = kGap; d <= kArm; ++d) {
        put(x - d, y);
        put(x + d, y);
        put(x, y - d);
        put(x, y + d);
    }
}

} // namespace voxdiff::core
