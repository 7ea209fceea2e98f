// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cmath>

#include "../TextFormat.h"
#include "voxdiff/Comparison.h"

namespace voxdiff::core {

namespace {

constexpr const char* kAxisNames[3] = {"i", "j", "k"};
constexpr const char* kRasNames[3] = {"x", "y", "z"};

/// The 8 corner indices of a grid.
std::array<Vec3, 8> corners(const Index3& dims) {
    std::array<Vec3, 8> c{};
    for (int n = 0; n < 8; ++n) {
        c[static_cast<std::size_t>(n)] = {(n & 1) ? static_cast<double>(dims[0] - 1) : 0.0,
                                          (n & 2) ? static_cast<double>(dims[1] - 1) : 0.0,
                                          (n & 4) ? static_cast<double>(dims[2] - 1) : 0.0};
    }
    return c;
}

/// Candidate signed permutation from the dominant entries of the index map; false when two
/// first axes would map onto the same second axis.
bool candidateAxisMap(const Matrix4& firstToSecond, std::array<AxisMapEntry, 3>& map) {
    bool used[3] = {false, false, false};
    // Assign the most dominant entries first so that an oblique map still gets a permutation.
    std::array<std::pair<double, std::pair<int, int>>, 9> entries{};
    for (int r = 0; r < 3; ++r) {
        for (int a = 0; a < 3; ++a) {
            entries[static_cast<std::size_t>(3 * r + a)] = {std::abs(firstToSecond.at(r, a)),
                                                            {r, a}};
        }
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& x, const auto& y) { return x.first > y.first; });
    bool assigned[3] = {false, false, false};
    for (const auto& [mag, ra] : entries) {
        const auto [r, a] = ra;
        if (assigned[a] || used[r] || mag == 0.0) {
            continue;
        }
        assigned[a] = true;
        used[r] = true;
        auto& e = map[static_cast<std::size_t>(a)];
        e.axis = r;
        e.flipped = firstToSecond.at(r, a) < 0.0;
        e.offset = std::llround(firstToSecond.at(r, 3));
    }
    return assigned[0] && assigned[1] && assigned[2];
}

/// Second-image integer index of first-image index p under an axis map.
Vec3 mapIndex(const std::array<AxisMapEntry, 3>& map, const Vec3& p) {
    Vec3 q{};
    for (std::size_t a = 0; a < 3; ++a) {
        const auto& e = map[a];
        q[static_cast<std::size_t>(e.axis)] =
            e.flipped ? static_cast<double>(e.offset) - p[a] : p[a] + static_cast<double>(e.offset);
    }
    return q;
}

double angleDeg(const Vec3& a, const Vec3& b) {
    const double c = std::clamp(dot(normalized(a), normalized(b)), -1.0, 1.0);
    return std::acos(c) * 180.0 / M_PI;
}

/// Share of the first image's voxel centres that fall inside the second image's voxels.
/// For each (j, k) row the inside part is an interval of i (the map is affine), so this costs
/// O(rows), not O(voxels).
double overlapFraction(const Volume& first, const Volume& second, const Matrix4& m) {
    const Index3& d1 = first.dims();
    const Index3& d2 = second.dims();
    std::int64_t inside = 0;
    for (std::int64_t k = 0; k < d1[2]; ++k) {
        for (std::int64_t j = 0; j < d1[1]; ++j) {
            const Vec3 q0 = m.transformPoint({0.0, static_cast<double>(j), static_cast<double>(k)});
            double lo = 0.0;
            double hi = static_cast<double>(d1[0] - 1);
            for (int r = 0; r < 3 && lo <= hi; ++r) {
                const double slope = m.at(r, 0);
                const double minQ = -0.5;
                const double maxQ = static_cast<double>(d2[static_cast<std::size_t>(r)]) - 0.5;
                const double base = q0[static_cast<std::size_t>(r)];
                if (std::abs(slope) < 1e-12) {
                    if (base < minQ || base >= maxQ) {
                        hi = -1.0;
                    }
                    continue;
                }
                double t0 = (minQ - base) / slope;
                double t1 = (maxQ - base) / slope;
                if (t0 > t1) {
                    std::swap(t0, t1);
                }
                lo = std::max(lo, t0);
                hi = std::min(hi, t1);
            }
            if (hi >= lo) {
                const auto first_i = static_cast<std::int64_t>(std::ceil(lo - 1e-9));
                const auto last_i = static_cast<std::int64_t>(std::floor(hi + 1e-9));
                inside += std::max<std::int64_t>(0, last_i - first_i + 1);
            }
        }
    }
    return static_cast<double>(inside) / static_cast<double>(first.voxelCount());
}

std::string axisMapText(const std::array<AxisMapEntry, 3>& map) {
    std::string s;
    for (std::size_t a = 0; a < 3; ++a) {
        if (a) {
            s += ", ";
        }
        s += std::string("first ") + kAxisNames[a] + " = second " + kAxisNames[map[a].axis];
        if (map[a].flipped) {
            s += " reversed";
        }
    }
    return s;
}

/// The origin arithmetic in RAS: the second's voxel 0 seen as a voxel of the first grid.
void explainOrigins(const Volume& first, const Volume& second, const GeometryRelation& g,
                    std::vector<std::string>& out) {
    // First-grid index t that lands on second index (0, 0, 0).
    Vec3 t{};
    for (std::size_t a = 0; a < 3; ++a) {
        const auto& e = g.axisMap[a];
        t[a] = e.flipped ? static_cast<double>(e.offset) : -static_cast<double>(e.offset);
    }
    const Vec3 o1 = first.originRas();
    const Vec3 o2 = second.originRas();
    const Matrix4 ras = first.ijkToRas();
    for (int c = 0; c < 3; ++c) {
        const auto cc = static_cast<std::size_t>(c);
        if (std::abs(o1[cc] - o2[cc]) <= 1e-3) {
            continue;
        }
        std::string line = std::string("origin ") + kRasNames[c] + " (RAS) " +
                           formatNumber(o1[cc]) + " vs " + formatNumber(o2[cc]) + ": ";
        std::string terms;
        std::vector<std::string> axesUsed;
        for (int a = 0; a < 3; ++a) {
            const double step = ras.at(c, a);
            const double n = t[static_cast<std::size_t>(a)];
            if (std::abs(step * n) <= 1e-6) {
                continue;
            }
            const auto& e = g.axisMap[static_cast<std::size_t>(a)];
            axesUsed.push_back(kAxisNames[a]);
            terms += (step * n >= 0 ? " + " : " - ") + formatNumber(std::abs(step)) + " x ";
            if (e.flipped && e.offset == first.dims()[static_cast<std::size_t>(a)] - 1) {
                terms += "(" + std::to_string(first.dims()[static_cast<std::size_t>(a)]) + " - 1)";
            } else {
                terms += formatNumber(std::abs(n));
            }
        }
        if (axesUsed.size() == 1 &&
            g.axisMap[0].flipped + g.axisMap[1].flipped + g.axisMap[2].flipped > 0) {
            line += "the same corner voxel seen from the other end of the " + axesUsed.front() +
                    " axis, ";
        } else if (!axesUsed.empty()) {
            line += "the second grid starts " +
                    std::string(axesUsed.size() > 1 ? "at another corner" : "further along") + ", ";
        }
        line += formatNumber(o1[cc]) + terms + " = " + formatNumber(o2[cc]);
        out.push_back(line);
    }
}

/// With a candidate axis map: how far matched voxel centres lie apart and the axes' angles,
/// then whether the lattices match (within the tolerance) and whether the grids coincide.
void measureAxisMap(const Volume& first, const Volume& second,
                    const std::array<AxisMapEntry, 3>& map, double gridToleranceVoxels,
                    GeometryRelation& g) {
    g.axisMap = map;
    for (std::size_t a = 0; a < 3; ++a) {
        g.spacingSecondMm[a] = second.spacingMm()[static_cast<std::size_t>(map[a].axis)];
        Vec3 dir2 = second.directionLps(map[a].axis);
        if (map[a].flipped) {
            dir2 = -1.0 * dir2;
        }
        g.maxDirectionAngleDeg = std::max(g.maxDirectionAngleDeg,
                                          angleDeg(first.directionLps(static_cast<int>(a)), dir2));
    }
    // Physical distance between a first voxel and its candidate partner; the map is affine,
    // so the largest distance over the grid is reached at a corner.
    // In voxels: the offset along each of the first's axes over its spacing there.
    for (const Vec3& c : corners(first.dims())) {
        const Vec3 p1 = first.voxelCenterLps(c);
        const Vec3 p2 = second.voxelCenterLps(mapIndex(map, c));
        g.maxCenterDistanceMm = std::max(g.maxCenterDistanceMm, norm(p1 - p2));
        for (int a = 0; a < 3; ++a) {
            const double along = std::abs(dot(p2 - p1, first.directionLps(a)));
            g.maxCenterDistanceVoxels = std::max(
                g.maxCenterDistanceVoxels, along / first.spacingMm()[static_cast<std::size_t>(a)]);
        }
    }
    g.sameLattice = g.maxCenterDistanceVoxels <= gridToleranceVoxels;
    g.matchedWithinTolerance = g.sameLattice && g.maxCenterDistanceVoxels > 1e-3;
    if (g.sameLattice) {
        bool covers = true;
        for (std::size_t a = 0; a < 3; ++a) {
            const auto& e = map[a];
            const std::int64_t n1 = first.dims()[a];
            const std::int64_t n2 = second.dims()[static_cast<std::size_t>(e.axis)];
            covers = covers && n1 == n2 && e.offset == (e.flipped ? n1 - 1 : 0);
        }
        g.sameGrid = covers;
    }
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (std::size_t n = 0; n < parts.size(); ++n) {
        out += (n ? separator : "") + parts[n];
    }
    return out;
}

std::string explainSameGrid(const GeometryRelation& g, double gridToleranceVoxels) {
    const auto& map = g.axisMap;
    const bool identity = !map[0].flipped && !map[1].flipped && !map[2].flipped &&
                          map[0].axis == 0 && map[1].axis == 1 && map[2].axis == 2;
    std::string x =
        "Same physical grid: every voxel of the first image has a partner at the same point in "
        "the second (largest distance between matched voxel centres " +
        formatNumber(g.maxCenterDistanceMm, 3) + " mm). ";
    if (identity) {
        x += "The index axes are the same too, so the matrices should agree.";
    } else {
        std::vector<std::string> parts;
        for (std::size_t a = 0; a < 3; ++a) {
            if (map[a].axis != static_cast<int>(a)) {
                parts.push_back(std::string(kAxisNames[a]) + " is the second image's " +
                                kAxisNames[map[a].axis]);
            }
            if (map[a].flipped) {
                parts.push_back(std::string(kAxisNames[a]) + " axis reversed");
            }
        }
        x += "Index axes differ (" + joined(parts, "; ") +
             "): the two matrices and origins look different, "
             "but they describe the same voxels; voxels are matched exactly, without "
             "interpolation.";
    }
    if (g.matchedWithinTolerance) {
        x += " The centres are " + formatNumber(g.maxCenterDistanceMm, 3) + " mm (" +
             formatNumber(g.maxCenterDistanceVoxels, 3) +
             " voxel) apart at most, within the grid tolerance of " +
             formatNumber(gridToleranceVoxels) +
             " voxel: typical of DICOM slice positions that wander around their mean step; "
             "voxels are matched exactly.";
    }
    return x;
}

std::string explainSameLattice(const GeometryRelation& g) {
    return "Same voxel lattice (same spacing and directions, voxel centres coincide within " +
           formatNumber(g.maxCenterDistanceMm, 3) +
           " mm), but different extents: " + formatNumber(100.0 * g.overlapFraction, 4) +
           "% of the first image's voxels have a partner in the second; voxels are matched "
           "exactly where both exist.";
}

std::string explainDifferentGrids(const GeometryRelation& g, bool isPermutation) {
    std::vector<std::string> why;
    for (std::size_t a = 0; a < 3 && isPermutation; ++a) {
        if (std::abs(g.spacingFirstMm[a] - g.spacingSecondMm[a]) > 1e-4) {
            why.push_back("spacing along " + std::string(kAxisNames[a]) + " " +
                          formatNumber(g.spacingFirstMm[a]) + " vs " +
                          formatNumber(g.spacingSecondMm[a]) + " mm");
        }
    }
    if (!isPermutation || g.maxDirectionAngleDeg > 0.01) {
        why.push_back("axes at up to " + formatNumber(g.maxDirectionAngleDeg, 3) +
                      " degrees to each other");
    }
    if (why.empty()) {
        why.push_back("voxel centres shifted by up to " + formatNumber(g.maxCenterDistanceMm, 4) +
                      " mm");
    }
    return "Different grids: " + joined(why, "; ") +
           ". The second image was resampled onto the first image's grid, so compared values "
           "are interpolated. " +
           formatNumber(100.0 * g.overlapFraction, 4) +
           "% of the first image's voxels lie inside the second.";
}

/// The detail lines: axis map, origins (explained when the lattices match), spacing, dims.
void addDetails(const Volume& first, const Volume& second, bool isPermutation,
                GeometryRelation& g) {
    if (isPermutation) {
        g.details.push_back("axis map: " + axisMapText(g.axisMap));
    }
    if (g.sameLattice) {
        explainOrigins(first, second, g, g.details);
    } else {
        const Vec3 o1 = first.originRas();
        const Vec3 o2 = second.originRas();
        g.details.push_back("origin (RAS) " + formatVec(o1) + " vs " + formatVec(o2) + " mm");
    }
    g.details.push_back("spacing (mm) " + formatVec(g.spacingFirstMm) + " vs " +
                        formatVec(second.spacingMm()));
    g.details.push_back("dims " + formatDims(first.dims()) + " vs " + formatDims(second.dims()));
}

} // namespace

GeometryRelation relateGeometry(const Volume& first, const Volume& second,
                                double gridToleranceVoxels) {
    GeometryRelation g;
    g.firstIjkToSecondIjk = second.lpsToIjk() * first.ijkToLps();
    g.spacingFirstMm = first.spacingMm();
    g.overlapFraction = overlapFraction(first, second, g.firstIjkToSecondIjk);

    std::array<AxisMapEntry, 3> map{};
    const bool isPermutation = candidateAxisMap(g.firstIjkToSecondIjk, map);
    if (isPermutation) {
        measureAxisMap(first, second, map, gridToleranceVoxels, g);
    }
    g.interpolated = !g.sameLattice;
    g.explanation = g.sameGrid      ? explainSameGrid(g, gridToleranceVoxels)
                    : g.sameLattice ? explainSameLattice(g)
                                    : explainDifferentGrids(g, isPermutation);
    addDetails(first, second, isPermutation, g);
    return g;
}

} // namespace voxdiff::core
