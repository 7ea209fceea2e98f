// SPDX-License-Identifier: BSD-3-Clause
#include "render/FusedSlice.h"

#include "voxdiff/DisplayConvention.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace voxdiff::ui {

namespace {

constexpr unsigned char kOnlyOneImageGrey = 40;

void copySlice(const unsigned char* rgb, std::size_t bytes, unsigned char* out) {
    if (rgb) {
        std::memcpy(out, rgb, bytes);
    } else {
        std::memset(out, 0, bytes);
    }
}

void composeDifference(const FusedSliceInputs& in, const FusedSliceSettings& settings,
                       unsigned char* out) {
    const std::size_t count = static_cast<std::size_t>(in.widthPx) * in.heightPx;
    const float* first = in.values[0];
    const float* second = in.values[1];
    const unsigned char* firstRgb = in.rgb[0];
    const double scale = 1.0 / std::max(settings.halfRangeValue, 1e-12);
    for (std::size_t n = 0; n < count; ++n) {
        unsigned char* px = out + 3 * n;
        const bool hasFirst = std::isfinite(first[n]);
        const bool hasSecond = std::isfinite(second[n]);
        if (!hasFirst || !hasSecond) {
            if (hasFirst || hasSecond) {
                px[0] = px[1] = px[2] = kOnlyOneImageGrey;
            } else {
                std::copy(core::kNoDataColour.begin(), core::kNoDataColour.end(), px);
            }
            continue;
        }
        const double diff = static_cast<double>(second[n]) - static_cast<double>(first[n]);
        if (settings.overToleranceOnly && std::abs(diff) <= settings.toleranceValue) {
            // Dimmed grey anatomy keeps the coloured voxels findable.
            const int sum = firstRgb[3 * n] + firstRgb[3 * n + 1] + firstRgb[3 * n + 2];
            const auto grey = static_cast<unsigned char>(sum / 5);
            px[0] = px[1] = px[2] = grey;
            continue;
        }
        const auto c = divergingColor(diff * scale);
        px[0] = c[0];
        px[1] = c[1];
        px[2] = c[2];
    }
}

} // namespace

FusedSliceSettings fusedSliceSettings(const ViewerState& state) {
    FusedSliceSettings s;
    s.mode = state.fusionMode();
    s.shows = state.fusedShows();
    s.opacity = state.fusionOpacity();
    s.tileMm = state.checkerTileMm();
    s.swipeFraction = state.swipeFraction();
    s.halfRangeValue = state.effectiveDifferenceHalfRange();
    s.overToleranceOnly = state.overToleranceOnly();
    s.toleranceValue = state.absTolerance();
    return s;
}

std::array<unsigned char, 3> divergingColor(double scaled) {
    // The core's diverging ramp, as in the reports.
    return core::colourOf(core::ColorMap::Diverging, 0.5 + 0.5 * std::clamp(scaled, -1.0, 1.0));
}

void composeFusedSlice(const FusedSliceInputs& in, const FusedSliceSettings& settings,
                       unsigned char* out) {
    const std::size_t bytes = static_cast<std::size_t>(in.widthPx) * in.heightPx * 3;
    const unsigned char* first = in.rgb[0];
    const unsigned char* second = in.rgb[1];
    // With one image (or a flip) the fused view shows one image alone.
    if (!second || settings.shows == FusedShows::First) {
        copySlice(first ? first : second, bytes, out);
        return;
    }
    if (!first || settings.shows == FusedShows::Second) {
        copySlice(second, bytes, out);
        return;
    }
    switch (settings.mode) {
    case FusionMode::Blend: {
        const double a = std::clamp(settings.opacity, 0.0, 1.0);
        for (std::size_t n = 0; n < bytes; ++n) {
            out[n] = static_cast<unsigned char>(std::lround((1.0 - a) * first[n] + a * second[n]));
        }
        return;
    }
    case FusionMode::Checkerboard: {
        const double tile = std::max(settings.tileMm, 1e-3);
        for (int y = 0; y < in.heightPx; ++y) {
            const auto tileY =
                static_cast<long>(std::floor((in.originMm[1] + y * in.pixelMm) / tile));
            for (int x = 0; x < in.widthPx; ++x) {
                const auto tileX =
                    static_cast<long>(std::floor((in.originMm[0] + x * in.pixelMm) / tile));
                const std::size_t n = 3 * (static_cast<std::size_t>(y) * in.widthPx + x);
                const unsigned char* src = ((tileX + tileY) & 1) ? second : first;
                std::memcpy(out + n, src + n, 3);
            }
        }
        return;
    }
    case FusionMode::Swipe: {
        const auto splitPx = static_cast<int>(std::lround(settings.swipeFraction * in.widthPx));
        for (int y = 0; y < in.heightPx; ++y) {
            const std::size_t row = 3 * static_cast<std::size_t>(y) * in.widthPx;
            const std::size_t left =
                3 * static_cast<std::size_t>(std::clamp(splitPx, 0, in.widthPx));
            std::memcpy(out + row, first + row, left);
            std::memcpy(out + row + left, second + row + left, 3 * in.widthPx - left);
        }
        return;
    }
    case FusionMode::Difference:
        composeDifference(in, settings, out);
        return;
    }
}

} // namespace voxdiff::ui
