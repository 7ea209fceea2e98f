// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "voxdiff/Comparison.h"

namespace voxdiff::core::detail {

/// One row (fixed j, k) of the first image with its partners in the second: a[i] and b[i] for
/// i in [begin, end). Voxels of the row outside that range have no partner.
struct RowPair {
    const float* a = nullptr;
    const float* b = nullptr; ///< indexed like a (b[i] is the partner of a[i])
    std::int64_t begin = 0;
    std::int64_t end = 0;
};

/// Gives the voxel pairs of two volumes row by row on the first image's grid. On the same
/// lattice the partner is found by index arithmetic (exact, no interpolation); otherwise the
/// second image is sampled at the first's voxel centres. Rows are handed out as contiguous
/// arrays so the statistics loops stay simple enough for the compiler to vectorise.
class VoxelPairs {
  public:
    VoxelPairs(const Volume& first, const Volume& second, const GeometryRelation& g,
               Interpolation interp)
        : m_first(first), m_second(second), m_relation(g), m_interp(interp) {
        if (!g.sameLattice) {
            return;
        }
        const Index3& d2 = second.dims();
        const std::int64_t stride2[3] = {1, d2[0], d2[0] * d2[1]};
        for (int a = 0; a < 3; ++a) {
            const auto& e = g.axisMap[static_cast<std::size_t>(a)];
            const std::int64_t n1 = first.dims()[static_cast<std::size_t>(a)];
            const std::int64_t n2 = d2[static_cast<std::size_t>(e.axis)];
            m_step[a] = e.flipped ? -stride2[e.axis] : stride2[e.axis];
            m_base += e.offset * stride2[e.axis];
            // Valid first indices p: 0 <= q < n2 with q = p + off or q = off - p.
            const std::int64_t lo = e.flipped ? e.offset - (n2 - 1) : -e.offset;
            const std::int64_t hi = e.flipped ? e.offset : n2 - 1 - e.offset;
            m_lo[a] = std::max<std::int64_t>(lo, 0);
            m_hi[a] = std::min<std::int64_t>(hi, n1 - 1);
            if (e.axis == 2) {
                m_kAxisOfSecond = a;
            }
        }
    }

    /// The first image's axis along which the second image's slice index k changes.
    int kAxisOfSecond() const { return m_kAxisOfSecond; }

    /// Second-image slice index for a first-image index (same lattice only).
    std::int64_t secondSlice(std::int64_t i, std::int64_t j, std::int64_t k) const {
        const std::int64_t p[3] = {i, j, k};
        const auto& e = m_relation.axisMap[static_cast<std::size_t>(m_kAxisOfSecond)];
        return e.flipped ? e.offset - p[m_kAxisOfSecond] : p[m_kAxisOfSecond] + e.offset;
    }

    /// The pairs of row (j, k). `scratch` (sized to the row length) holds the second's values
    /// when they are not already contiguous in memory.
    RowPair row(std::int64_t j, std::int64_t k, std::vector<float>& scratch) const {
        const Index3& d1 = m_first.dims();
        RowPair r = rowRange(j, k);
        scratch.resize(static_cast<std::size_t>(d1[0]));
        if (m_relation.sameLattice) {
            if (r.begin >= r.end) {
                return r; // empty
            }
            const float* b = m_second.voxels().data() + m_base + j * m_step[1] + k * m_step[2];
            if (m_step[0] == 1) {
                r.b = b;
                return r;
            }
            for (std::int64_t i = r.begin; i < r.end; ++i) {
                scratch[static_cast<std::size_t>(i)] = b[i * m_step[0]];
            }
            r.b = scratch.data();
            return r;
        }
        r.b = scratch.data();
        const Matrix4& m = m_relation.firstIjkToSecondIjk;
        const Vec3 q0 = m.transformPoint({0.0, static_cast<double>(j), static_cast<double>(k)});
        const Vec3 dq = m.transformVector({1.0, 0.0, 0.0});
        if (m_interp == Interpolation::Linear && dq[1] == 0.0 && dq[2] == 0.0) {
            sampleAlongI(q0, dq[0], r.begin, r.end, scratch.data());
            return r;
        }
        for (std::int64_t i = r.begin; i < r.end; ++i) {
            const double t = static_cast<double>(i);
            scratch[static_cast<std::size_t>(i)] =
                sample({q0[0] + t * dq[0], q0[1] + t * dq[1], q0[2] + t * dq[2]});
        }
        return r;
    }

    /// The row (j, k) with the range [begin, end) of first-image voxels that have a partner,
    /// without fetching or sampling the partners (b is null).
    RowPair rowRange(std::int64_t j, std::int64_t k) const {
        const Index3& d1 = m_first.dims();
        RowPair r;
        r.a = m_first.voxels().data() + d1[0] * (j + d1[1] * k);
        if (m_relation.sameLattice) {
            if (k >= m_lo[2] && k <= m_hi[2] && j >= m_lo[1] && j <= m_hi[1]) {
                r.begin = m_lo[0];
                r.end = m_hi[0] + 1;
            }
            return r;
        }
        // The inside part of a row is an interval of i because the map is affine.
        const Matrix4& m = m_relation.firstIjkToSecondIjk;
        const Vec3 q0 = m.transformPoint({0.0, static_cast<double>(j), static_cast<double>(k)});
        const Vec3 dq = m.transformVector({1.0, 0.0, 0.0});
        double lo = 0.0;
        double hi = static_cast<double>(d1[0] - 1);
        const Index3& d2 = m_second.dims();
        for (std::size_t c = 0; c < 3 && lo <= hi; ++c) {
            const double minQ = -0.5;
            const double maxQ = static_cast<double>(d2[c]) - 0.5;
            if (std::abs(dq[c]) < 1e-12) {
                if (q0[c] < minQ || q0[c] > maxQ) {
                    hi = -1.0;
                }
                continue;
            }
            double t0 = (minQ - q0[c]) / dq[c];
            double t1 = (maxQ - q0[c]) / dq[c];
            if (t0 > t1) {
                std::swap(t0, t1);
            }
            lo = std::max(lo, t0);
            hi = std::min(hi, t1);
        }
        if (hi < lo) {
            return r;
        }
        r.begin = static_cast<std::int64_t>(std::ceil(lo - 1e-9));
        r.end = static_cast<std::int64_t>(std::floor(hi + 1e-9)) + 1;
        return r;
    }

  private:
    /// Where a continuous index falls along one axis of n voxels: the lower tap and the weight
    /// of the upper one (within the border half-voxel the edge value is used).
    static void cell(double q, std::int64_t n, std::int64_t& i0, double& f) {
        const double c = std::clamp(q, 0.0, static_cast<double>(n - 1));
        i0 = std::min<std::int64_t>(static_cast<std::int64_t>(std::floor(c)),
                                    std::max<std::int64_t>(n - 2, 0));
        f = n > 1 ? c - static_cast<double>(i0) : 0.0;
    }

    /// Trilinear samples for a row that runs along the second image's i axis only (the
    /// grids differ by a shift or a spacing, not a rotation: q[1] and q[2] are the same for
    /// the whole row). The j and k taps and weights are found once per row; every value is
    /// computed exactly as sample() computes it (the same products, in the same order).
    void sampleAlongI(const Vec3& q0, double di0, std::int64_t begin, std::int64_t end,
                      float* out) const {
        const Index3& d = m_second.dims();
        std::int64_t ij = 0;
        std::int64_t ik = 0;
        double fj = 0.0;
        double fk = 0.0;
        cell(q0[1], d[1], ij, fj);
        cell(q0[2], d[2], ik, fk);
        const double wj[2] = {1 - fj, fj};
        const double wk[2] = {1 - fk, fk};
        const std::int64_t stepJ = ij + 1 < d[1] ? d[0] : 0;
        const std::int64_t stepK = ik + 1 < d[2] ? d[0] * d[1] : 0;
        const float* rowBase = m_second.voxels().data() + d[0] * (ij + d[1] * ik);
        for (std::int64_t i = begin; i < end; ++i) {
            std::int64_t ii = 0;
            double fi = 0.0;
            cell(q0[0] + static_cast<double>(i) * di0, d[0], ii, fi);
            const double wi[2] = {1 - fi, fi};
            const float* p0 = rowBase + ii;
            const float* p1 = p0 + (ii + 1 < d[0] ? 1 : 0);
            // The eight taps of sample(), unrolled, in its order; the product is formed first
            // and dropped where its weight is 0, so the choice is a select, not a branch.
            double v = 0.0;
            auto tap = [&v](double w, float c) {
                const double t = w * static_cast<double>(c);
                v += w != 0.0 ? t : 0.0;
            };
            tap(wi[0] * wj[0] * wk[0], p0[0]);
            tap(wi[1] * wj[0] * wk[0], p1[0]);
            tap(wi[0] * wj[1] * wk[0], p0[stepJ]);
            tap(wi[1] * wj[1] * wk[0], p1[stepJ]);
            tap(wi[0] * wj[0] * wk[1], p0[stepK]);
            tap(wi[1] * wj[0] * wk[1], p1[stepK]);
            tap(wi[0] * wj[1] * wk[1], p0[stepJ + stepK]);
            tap(wi[1] * wj[1] * wk[1], p1[stepJ + stepK]);
            out[i] = static_cast<float>(v);
        }
    }

    /// The second image's value at continuous index q, known to be inside its voxels.
    float sample(const Vec3& q) const {
        const Index3& d = m_second.dims();
        if (m_interp == Interpolation::Nearest) {
            const auto i = std::clamp<std::int64_t>(std::llround(q[0]), 0, d[0] - 1);
            const auto j = std::clamp<std::int64_t>(std::llround(q[1]), 0, d[1] - 1);
            const auto k = std::clamp<std::int64_t>(std::llround(q[2]), 0, d[2] - 1);
            return m_second.value(i, j, k);
        }
        // Trilinear; within the border half-voxel the edge value is used along that axis.
        std::int64_t i0[3];
        double f[3];
        for (std::size_t a = 0; a < 3; ++a) {
            const double c = std::clamp(q[a], 0.0, static_cast<double>(d[a] - 1));
            i0[a] = std::min<std::int64_t>(static_cast<std::int64_t>(std::floor(c)),
                                           std::max<std::int64_t>(d[a] - 2, 0));
            f[a] = d[a] > 1 ? c - static_cast<double>(i0[a]) : 0.0;
        }
        // The eight taps in a fixed order, each weight a product of the same three factors, so
        // the value is the same whatever the loop shape; a zero weight contributes nothing
        // (not 0 x NaN) so that a non-finite neighbour outside the cell does not leak in.
        const float* base = m_second.voxels().data() + i0[0] + d[0] * (i0[1] + d[1] * i0[2]);
        const std::int64_t step[3] = {i0[0] + 1 < d[0] ? 1 : 0, i0[1] + 1 < d[1] ? d[0] : 0,
                                      i0[2] + 1 < d[2] ? d[0] * d[1] : 0};
        const double wi[2] = {1 - f[0], f[0]};
        const double wj[2] = {1 - f[1], f[1]};
        const double wk[2] = {1 - f[2], f[2]};
        double v = 0.0;
        for (int n = 0; n < 8; ++n) {
            const int di = n & 1, dj = (n >> 1) & 1, dk = (n >> 2) & 1;
            const double w = wi[di] * wj[dj] * wk[dk];
            const double c = base[di * step[0] + dj * step[1] + dk * step[2]];
            v += w != 0.0 ? w * c : 0.0;
        }
        return static_cast<float>(v);
    }

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
