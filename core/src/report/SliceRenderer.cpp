// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cmath>
#include <limits>

#include "voxdiff/DisplayConvention.h"
#include "voxdiff/ReportImage.h"

namespace voxdiff::core {

namespace {

// A display plane in terms of the LPS axes of the box it samples: the axis running to the right
// of the picture, the one running down it, and whether "down" goes towards smaller coordinates.
// Derived from the shared display convention (voxdiff/SliceOrientation.h), whose planes are
// all aligned with the LPS axes.
struct PlaneAxes {
    int across;
    int down;
    bool downDescending;
    int normal;
};

int dominantAxis(const Vec3& v) {
    int axis = 0;
    for (int a = 1; a < 3; ++a) {
        if (std::abs(v[static_cast<std::size_t>(a)]) >
            std::abs(v[static_cast<std::size_t>(axis)])) {
            axis = a;
        }
    }
    return axis;
}

PlaneAxes axesOf(SliceOrientation o) {
    const SliceFrameLps f = sliceFrameLps(o);
    const int down = dominantAxis(f.upLps);
    return {dominantAxis(f.rightLps), down, f.upLps[static_cast<std::size_t>(down)] > 0,
            dominantAxis(f.normalLps)};
}

int pixelCount(double extentMm, double pixelMm) {
    return std::max(1, static_cast<int>(std::lround(extentMm / pixelMm)));
}

} // namespace

int SlicePlane::width() const {
    const PlaneAxes a = axesOf(orientation);
    return pixelCount(boxMaxLps[a.across] - boxMinLps[a.across], pixelMm);
}

int SlicePlane::height() const {
    const PlaneAxes a = axesOf(orientation);
    return pixelCount(boxMaxLps[a.down] - boxMinLps[a.down], pixelMm);
}

Vec3 SlicePlane::pointLpsOfPixel(int x, int y) const {
    const PlaneAxes a = axesOf(orientation);
    Vec3 p = centerLps;
    p[a.across] = boxMinLps[a.across] + (x + 0.5) * pixelMm;
    p[a.down] = a.downDescending ? boxMaxLps[a.down] - (y + 0.5) * pixelMm
                                 : boxMinLps[a.down] + (y + 0.5) * pixelMm;
    return p;
}

std::array<int, 2> SlicePlane::pixelOfPointLps(const Vec3& pointLps) const {
    const PlaneAxes a = axesOf(orientation);
    const double u = (pointLps[a.across] - boxMinLps[a.across]) / pixelMm;
    const double v = a.downDescending ? (boxMaxLps[a.down] - pointLps[a.down]) / pixelMm
                                      : (pointLps[a.down] - boxMinLps[a.down]) / pixelMm;
    return {static_cast<int>(std::floor(u)), static_cast<int>(std::floor(v))};
}

std::vector<float> sampleSlice(const Volume& volume, const SlicePlane& plane) {
    const int w = plane.width();
    const int h = plane.height();
    std::vector<float> out(static_cast<std::size_t>(w) * static_cast<std::size_t>(h),
                           std::numeric_limits<float>::quiet_NaN());
    if (volume.voxelCount() == 0) {
        return out;
    }
    // The continuous index is affine in the pixel position: one matrix product per pixel
    // would be wasted work.
    const Matrix4& toIjk = volume.lpsToIjk();
    const Vec3 origin = toIjk.transformPoint(plane.pointLpsOfPixel(0, 0));
    const Vec3 stepX = toIjk.transformPoint(plane.pointLpsOfPixel(1, 0)) - origin;
    const Vec3 stepY = toIjk.transformPoint(plane.pointLpsOfPixel(0, 1)) - origin;
    const Index3& dims = volume.dims();
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const Vec3 ijk =
                origin + (static_cast<double>(x) * stepX) + (static_cast<double>(y) * stepY);
            // The one nearest-voxel rule, as the viewer's readout.
            const Index3 n = nearestVoxelIndex(ijk);
            const std::int64_t i = n[0], j = n[1], k = n[2];
            if (i >= 0 && j >= 0 && k >= 0 && i < dims[0] && j < dims[1] && k < dims[2]) {
                out[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                    static_cast<std::size_t>(x)] = volume.value(i, j, k);
            }
        }
    }
    return out;
}

Window autoWindow(const Volume& volume) {
    // A strided sample of at most ~250k values gives the percentiles to display precision.
    const auto& v = volume.voxels();
    const std::size_t stride = std::max<std::size_t>(1, v.size() / 250000);
    std::vector<float> sample;
    sample.reserve(v.size() / stride + 1);
    bool negative = false;
    for (std::size_t n = 0; n < v.size(); n += stride) {
        if (std::isfinite(v[n])) {
            sample.push_back(v[n]);
            negative = negative || v[n] < 0.0f;
        }
    }
    if (sample.empty()) {
        return {0.0, 1.0};
    }
    auto percentile = [&sample](double p) {
        const auto idx =
            static_cast<std::size_t>(p / 100.0 * static_cast<double>(sample.size() - 1));
        std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(idx),
                         sample.end());
        return static_cast<double>(sample[idx]);
    };
    const bool petLike = volume.modality() == "PT" || !negative;
    Window w;
    w.high = percentile(99.5);
    w.low = petLike ? 0.0 : percentile(1.0);
    if (!(w.high > w.low)) {
        // A flat image (or one bright voxel): widen so that it still shows.
        const double maxValue = volume.stats().max;
        w.high = maxValue > w.low ? maxValue : w.low + 1.0;
    }
    return w;
}

} // namespace voxdiff::core
