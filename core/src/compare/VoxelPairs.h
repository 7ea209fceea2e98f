#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "voxdiff/Comparison.h"

namespace voxdiff::core::detail {

/// Visits the voxel pairs of two volumes on the first image's grid, one k slice at a time:
/// fn(i, j, k, linearFirst, valueFirst, valueSecond, hasPartner). hasPartner is false (and
/// valueSecond NaN) where the first voxel lies outside the second image. On the same lattice the
/// partner is found by index arithmetic (exact, no interpolation); otherwise the second image is
/// sampled at the first's voxel centre.
class VoxelPairs {
  public:
    VoxelPairs(const Volume& first, const Volume& second, const GeometryRelation& g,
               Interpolation interp)
        : m_first(first), m_second(second), m_relation(g), m_interp(interp) {
        if (g.sameLattice) {
            const Index3& d2 = second.dims();
            const std::int64_t stride2[3] = {1, d2[0], d2[0] * d2[1]};
            m_base = 0;
            for (int a = 0; a < 3; ++a) {
                const auto& e = g.axisMap[static_cast<std::size_t>(a)];
                const std::int64_t n1 = first.dims()[static_cast<std::size_t>(a)];
                const std::int64_t n2 = d2[static_cast<std::size_t>(e.axis)];
                m_step[a] = e.flipped ? -stride2[e.axis] : stride2[e.axis];
                m_base += e.offset * stride2[e.axis];
                // Valid first indices p: 0 <= q < n2 with q = p + off or q = off - p.
                std::int64_t lo = e.flipped ? e.offset - (n2 - 1) : -e.offset;
                std::int64_t hi = e.flipped ? e.offset : n2 - 1 - e.offset;
                m_lo[a] = std::max<std::int64_t>(lo, 0);
                m_hi[a] = std::min<std::int64_t>(hi, n1 - 1);
                if (e.axis == 2) {
                    m_kAxisOfSecond = a;
                }
            }
        }
    }

    /// Second-image slice index for a first-image index (lattice path only).
    std::int64_t secondSlice(std::int64_t i, std::int64_t j, std::int64_t k) const {
        const std::int64_t p[3] = {i, j, k};
        const auto& e = m_relation.axisMap[static_cast<std::size_t>(m_kAxisOfSecond)];
        return e.flipped ? e.offset - p[m_kAxisOfSecond] : p[m_kAxisOfSecond] + e.offset;
    }

    template <typename Fn> void visitSlice(std::int64_t k, Fn&& fn) const {
        const Index3& d1 = m_first.dims();
        const float* a = m_first.voxels().data();
        const float* b = m_second.voxels().data();
        const float nan = std::numeric_limits<float>::quiet_NaN();
        if (m_relation.sameLattice) {
            const bool kInside = k >= m_lo[2] && k <= m_hi[2];
            for (std::int64_t j = 0; j < d1[1]; ++j) {
                const bool rowInside = kInside && j >= m_lo[1] && j <= m_hi[1];
                const std::int64_t rowBase = m_base + j * m_step[1] + k * m_step[2];
                const std::int64_t lin1 = d1[0] * (j + d1[1] * k);
                for (std::int64_t i = 0; i < d1[0]; ++i) {
                    const bool inside = rowInside && i >= m_lo[0] && i <= m_hi[0];
                    const float vb = inside ? b[rowBase + i * m_step[0]] : nan;
                    fn(i, j, k, lin1 + i, a[lin1 + i], vb, inside);
                }
            }
            return;
        }
        const Matrix4& m = m_relation.firstIjkToSecondIjk;
        for (std::int64_t j = 0; j < d1[1]; ++j) {
            const std::int64_t lin1 = d1[0] * (j + d1[1] * k);
            for (std::int64_t i = 0; i < d1[0]; ++i) {
                const Vec3 q = m.transformPoint(
                    {static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)});
                bool inside = false;
                const float vb = sample(q, inside);
                fn(i, j, k, lin1 + i, a[lin1 + i], vb, inside);
            }
        }
    }

    /// The second image's value at continuous index q; inside is false (and the value NaN)
    /// outside its voxels.
    float sample(const Vec3& q, bool& inside) const {
        inside = false;
        const Index3& d = m_second.dims();
        const float nan = std::numeric_limits<float>::quiet_NaN();
        for (std::size_t a = 0; a < 3; ++a) {
            if (!(q[a] >= -0.5 && q[a] <= static_cast<double>(d[a]) - 0.5)) {
                return nan;
            }
        }
        inside = true;
        if (m_interp == Interpolation::Nearest) {
            const auto i = std::clamp<std::int64_t>(std::llround(q[0]), 0, d[0] - 1);
            const auto j = std::clamp<std::int64_t>(std::llround(q[1]), 0, d[1] - 1);
            const auto k = std::clamp<std::int64_t>(std::llround(q[2]), 0, d[2] - 1);
            return m_second.value(i, j, k);
        }
        // Trilinear; at the border half-voxel the nearest edge value is used along that axis.
        std::int64_t i0[3];
        double f[3];
        for (std::size_t a = 0; a < 3; ++a) {
            const double c = std::clamp(q[a], 0.0, static_cast<double>(d[a] - 1));
            i0[a] = std::min<std::int64_t>(static_cast<std::int64_t>(std::floor(c)),
                                           std::max<std::int64_t>(d[a] - 2, 0));
            f[a] = d[a] > 1 ? c - static_cast<double>(i0[a]) : 0.0;
        }
        double v = 0.0;
        for (int n = 0; n < 8; ++n) {
            const int di = n & 1, dj = (n >> 1) & 1, dk = (n >> 2) & 1;
            const double w =
                (di ? f[0] : 1 - f[0]) * (dj ? f[1] : 1 - f[1]) * (dk ? f[2] : 1 - f[2]);
            if (w == 0.0) {
                continue;
            }
            v += w * m_second.value(std::min(i0[0] + di, d[0] - 1), std::min(i0[1] + dj, d[1] - 1),
                                    std::min(i0[2] + dk, d[2] - 1));
        }
        return static_cast<float>(v);
    }

  private:
    const Volume& m_first;
    const Volume& m_second;
    const GeometryRelation& m_relation;
    Interpolation m_interp;
    std::int64_t m_step[3] = {0, 0, 0};
    std::int64_t m_base = 0;
    std::int64_t m_lo[3] = {0, 0, 0};
    std::int64_t m_hi[3] = {-1, -1, -1};
    int m_kAxisOfSecond = 2;
};

} // namespace voxdiff::core::detail
