// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "voxdiff/Geometry.h"
#include "voxdiff/SliceOrientation.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// An 8-bit RGB raster, row 0 at the top, 3 bytes per pixel. Owns its pixels.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb; ///< 3 * width * height bytes

    RgbImage() = default;
    RgbImage(int w, int h) : width(w), height(h), rgb(static_cast<std::size_t>(3 * w * h), 0) {}
    std::uint8_t* pixel(int x, int y) {
        return &rgb[static_cast<std::size_t>(3 * (y * width + x))];
    }
    const std::uint8_t* pixel(int x, int y) const {
        return &rgb[static_cast<std::size_t>(3 * (y * width + x))];
    }
};

/// Where a slice lies and how finely it is sampled: the plane through `centerLps` (mm) of the
/// given orientation, covering the LPS box [boxMinLps, boxMaxLps] in its two in-plane
/// directions with square pixels of pixelMm.
struct SlicePlane {
    SliceOrientation orientation = SliceOrientation::Axial;
    Vec3 centerLps{};
    Vec3 boxMinLps{};
    Vec3 boxMaxLps{};
    double pixelMm = 1.0;

    int width() const;
    int height() const;
    /// The LPS point (mm) at the centre of display pixel (x, y).
    Vec3 pointLpsOfPixel(int x, int y) const;
    /// The display pixel that contains an LPS point (may lie outside the image).
    std::array<int, 2> pixelOfPointLps(const Vec3& pointLps) const;
};

/// Samples `volume` on the plane (nearest voxel, so the voxels shown are the stored ones).
/// Pixels outside the volume are NaN. Row-major, width() x height().
std::vector<float> sampleSlice(const Volume& volume, const SlicePlane& plane);

/// A display window in value units.
struct Window {
    double low = 0.0;
    double high = 1.0;
};

/// The automatic window of an image: the 1st to 99.5th percentile of its finite values, or
/// 0 to the 99.5th percentile for PET-like images (non-negative values, or modality PT).
Window autoWindow(const Volume& volume);

enum class ColorMap { Grey, Hot, Diverging };

/// Maps values to colours: grey and hot from window.low to window.high, diverging (blue,
/// white at 0, red) over [-window.high, window.high]. NaN (outside the image) is dark grey.
RgbImage colorize(const std::vector<float>& values, int width, int height, ColorMap map,
                  const Window& window);

/// Puts `over` (hot) on `under` (grey) where `over` is above its window's low end, more
/// opaque the higher the value (up to `opacity` from the middle of the window on), so that
/// the grey anatomy stays visible under low uptake.
RgbImage blendOver(const RgbImage& under, const RgbImage& over,
                   const std::vector<float>& overValues, const Window& overWindow, double opacity);

/// Draws a small crosshair (with a gap at its centre) around pixel (x, y).
void drawCrosshair(RgbImage& image, int x, int y, std::array<std::uint8_t, 3> colour);

/// A PNG file (8-bit RGB, zlib-compressed) of the image, as bytes.
std::string encodePng(const RgbImage& image);

/// Standard base64 (RFC 4648, with padding) of bytes, for data: URIs.
std::string base64Encode(const std::string& bytes);

} // namespace voxdiff::core
