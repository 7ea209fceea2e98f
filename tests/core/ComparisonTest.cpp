// SPDX-License-Identifier: BSD-3-Clause
// The comparison engine on synthetic volumes built in code, each probing one rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "voxdiff/Comparison.h"
#include "voxdiff/ComparisonReport.h"

namespace voxdiff::core {
namespace {

constexpr double kExact = 0.0;

/// A volume of dims with a smooth, non-symmetric pattern (so a wrong axis map shows).
Volume makeVolume(const Index3& dims, const Matrix4& ijkToLps) {
    std::vector<float> v(static_cast<std::size_t>(dims[0] * dims[1] * dims[2]));
    for (std::int64_t k = 0; k < dims[2]; ++k) {
        for (std::int64_t j = 0; j < dims[1]; ++j) {
            for (std::int64_t i = 0; i < dims[0]; ++i) {
                v[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))] =
                    static_cast<float>(1000 * k + 37 * j + i * i + 0.25 * i * j);
            }
        }
    }
    return Volume(dims, ijkToLps, std::move(v));
}

/// A volume of dims whose voxel at ijk holds field(physical position of ijk).
template <class Field>
Volume sampleField(const Index3& dims, const Matrix4& ijkToLps, Field field) {
    std::vector<float> v(static_cast<std::size_t>(dims[0] * dims[1] * dims[2]));
    for (std::int64_t k = 0; k < dims[2]; ++k) {
        for (std::int64_t j = 0; j < dims[1]; ++j) {
            for (std::int64_t i = 0; i < dims[0]; ++i) {
                v[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))] =
                    field(ijkToLps.transformPoint(
                        {static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)}));
            }
        }
    }
    return Volume(dims, ijkToLps, std::move(v));
}

Matrix4 obliqueAffine() {
    // Rotated about z by 20 degrees and about x by 10, spacing 1.5 x 2 x 3, origin off-centre.
    const double a = 20 * M_PI / 180, b = 10 * M_PI / 180;
    const Matrix4 rz = Matrix4::fromRows({{{std::cos(a), -std::sin(a), 0, 0},
                                           {std::sin(a), std::cos(a), 0, 0},
                                           {0, 0, 1, 0},
                                           {0, 0, 0, 1}}});
    const Matrix4 rx = Matrix4::fromRows({{{1, 0, 0, 0},
                                           {0, std::cos(b), -std::sin(b), 0},
                                           {0, std::sin(b), std::cos(b), 0},
                                           {0, 0, 0, 1}}});
    const Matrix4 s =
        Matrix4::fromRows({{{1.5, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, 1}}});
    Matrix4 m = rz * rx * s;
    m.at(0, 3) = -40.5;
    m.at(1, 3) = 12.25;
    m.at(2, 3) = 1009.5;
    return m;
}

/// The same voxels re-indexed: second index axis perm[a] runs along first axis a, reversed
/// where flip[a]. The second's ijkToLps is adjusted so every voxel keeps its physical place.
Volume reindexed(const Volume& first, const std::array<int, 3>& perm,
                 const std::array<bool, 3>& flip) {
    const Index3& d1 = first.dims();
    Index3 d2{};
    for (int a = 0; a < 3; ++a) {
        d2[static_cast<std::size_t>(perm[static_cast<std::size_t>(a)])] =
            d1[static_cast<std::size_t>(a)];
    }
    // q = P p + o  (second index from first index); first index p = P^-1 (q - o).
    Matrix4 firstToSecond;
    for (int a = 0; a < 3; ++a) {
        const int r = perm[static_cast<std::size_t>(a)];
        firstToSecond.at(r, a) = flip[static_cast<std::size_t>(a)] ? -1.0 : 1.0;
        firstToSecond.at(r, 3) = flip[static_cast<std::size_t>(a)]
                                     ? static_cast<double>(d1[static_cast<std::size_t>(a)] - 1)
                                     : 0.0;
    }
    firstToSecond.at(3, 3) = 1.0;
    const Matrix4 secondToFirst = firstToSecond.inverse();
    std::vector<float> v(first.voxels().size());
    for (std::int64_t k = 0; k < d2[2]; ++k) {
        for (std::int64_t j = 0; j < d2[1]; ++j) {
            for (std::int64_t i = 0; i < d2[0]; ++i) {
                const Vec3 p = secondToFirst.transformPoint(
                    {static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)});
                v[static_cast<std::size_t>(i + d2[0] * (j + d2[1] * k))] =
                    first.value(std::llround(p[0]), std::llround(p[1]), std::llround(p[2]));
            }
        }
    }
    return Volume(d2, first.ijkToLps() * secondToFirst, std::move(v));
}

TEST(Comparison, RecognisesAll48SignedAxisPermutationsAsTheSameGrid) {
    const Volume first = makeVolume({5, 6, 7}, obliqueAffine());
    std::array<int, 3> perm{0, 1, 2};
    int seen = 0;
    do {
        for (int flips = 0; flips < 8; ++flips) {
            const std::array<bool, 3> flip{(flips & 1) != 0, (flips & 2) != 0, (flips & 4) != 0};
            const Volume second = reindexed(first, perm, flip);
            auto c = compareVolumes(first, second);
            ASSERT_TRUE(c.ok());
            const GeometryRelation& g = c->geometry;
            ASSERT_TRUE(g.sameGrid) << "perm " << perm[0] << perm[1] << perm[2] << " flips "
                                    << flips << ": " << g.explanation;
            for (std::size_t a = 0; a < 3; ++a) {
                EXPECT_EQ(g.axisMap[a].axis, perm[a]);
                EXPECT_EQ(g.axisMap[a].flipped, flip[a]);
            }
            EXPECT_LT(g.maxCenterDistanceMm, 1e-9);
            EXPECT_FALSE(g.interpolated);
            EXPECT_EQ(c->values.comparedVoxels, first.voxelCount());
            EXPECT_EQ(c->values.maxAbsDiff, kExact)
                << "voxels must be matched exactly, without interpolation";
            EXPECT_EQ(c->verdict, Verdict::Identical);
            ++seen;
        }
    } while (std::next_permutation(perm.begin(), perm.end()));
    EXPECT_EQ(seen, 48);
}

TEST(Comparison, ExplainsAReversedKAxisWithTheOriginArithmetic) {
    // The product's classic case: 545 axial slices of 1.5 mm; one image runs head to feet.
    Matrix4 headToFeet = Matrix4::identity();
    headToFeet.at(2, 2) = -1.5;
    headToFeet.at(2, 3) = 1009.5;
    const Volume first = makeVolume({3, 2, 545}, headToFeet);
    const Volume second = reindexed(first, {0, 1, 2}, {false, false, true});
    EXPECT_DOUBLE_EQ(second.originLps()[2], 193.5);
    auto c = compareVolumes(first, second);
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->geometry.sameGrid);
    EXPECT_NE(c->geometry.explanation.find("k axis reversed"), std::string::npos)
        << c->geometry.explanation;
    const auto& d = c->geometry.details;
    const bool found = std::any_of(d.begin(), d.end(), [](const std::string& s) {
        return s.find("origin z (RAS) 1009.5 vs 193.5") != std::string::npos &&
               s.find("1009.5 - 1.5 x (545 - 1) = 193.5") != std::string::npos &&
               s.find("other end of the k axis") != std::string::npos;
    });
    EXPECT_TRUE(found) << (d.size() > 1 ? d[1] : "");
}

TEST(Comparison, ResamplesASubVoxelShiftAndSaysSo) {
    const Volume first = makeVolume({8, 8, 8}, Matrix4::identity());
    Matrix4 shifted = Matrix4::identity();
    shifted.at(0, 3) = 0.5; // half a voxel along x
    const Volume second = makeVolume({8, 8, 8}, shifted);
    auto c = compareVolumes(first, second);
    ASSERT_TRUE(c.ok());
    EXPECT_FALSE(c->geometry.sameGrid);
    EXPECT_FALSE(c->geometry.sameLattice);
    EXPECT_TRUE(c->geometry.interpolated);
    EXPECT_NEAR(c->geometry.maxCenterDistanceMm, 0.5, 1e-9);
    EXPECT_EQ(c->verdict, Verdict::Different);
    EXPECT_EQ(c->reason, VerdictReason::DifferentGrids);
    // first(i) sampled from second at i - 0.5: the linear pattern in i*i interpolates exactly
    // only where defined; the first column lies half outside.
    EXPECT_NEAR(c->geometry.overlapFraction, 1.0, 1e-12);
}

TEST(Comparison, LinearInterpolationReproducesALinearFieldAcrossGrids) {
    // A field linear in physical x, y, z sampled on an axial grid and on an oblique grid: after
    // trilinear resampling the differences must vanish inside the overlap.
    auto field = [](const Vec3& p) {
        return static_cast<float>(2.0 * p[0] - 3.0 * p[1] + 0.5 * p[2] + 7.0);
    };
    Matrix4 axial = Matrix4::identity();
    axial.at(0, 3) = 10;
    axial.at(1, 3) = 10;
    axial.at(2, 3) = 10;
    const Volume first = sampleField({10, 10, 10}, axial, field);
    Matrix4 oblique = obliqueAffine();
    oblique.at(0, 3) = 5;
    oblique.at(1, 3) = 2;
    oblique.at(2, 3) = 0;
    const Volume second = sampleField({20, 20, 12}, oblique, field);
    auto c = compareVolumes(first, second);
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->geometry.interpolated);
    EXPECT_GT(c->values.comparedVoxels, 0);
    EXPECT_LT(c->values.maxAbsDiff, 1e-3);
    EXPECT_GT(c->geometry.maxDirectionAngleDeg, 5.0);
}

TEST(Comparison, LinearInterpolationAlongAlignedRowsReproducesALinearField) {
    // Axis-aligned grids that differ by a shift in every axis and a spacing in x: the rows of
    // the first run along the second's i axis only, where the sampler finds the j and k taps
    // once per row. A linear field must still come back exactly (to float rounding), at
    // every voxel of the overlap, including the clamped border half-voxels' neighbours.
    auto field = [](const Vec3& p) {
        return static_cast<float>(1.5 * p[0] + 4.0 * p[1] - 2.5 * p[2] - 3.0);
    };
    Matrix4 a = Matrix4::identity();
    a.at(0, 3) = 3.37;
    a.at(1, 3) = 2.25;
    a.at(2, 3) = 1.6;
    Matrix4 b = Matrix4::identity();
    b.at(0, 0) = 1.5;
    const Volume first = sampleField({17, 9, 7}, a, field);
    const Volume second = sampleField({16, 14, 12}, b, field);
    auto c = compareVolumes(first, second);
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->geometry.interpolated);
    EXPECT_EQ(c->values.comparedVoxels, 17 * 9 * 7);
    EXPECT_LT(c->values.maxAbsDiff, 1e-4);
}

TEST(Comparison, ComparesOnlyTheOverlapOfPartiallyOverlappingGrids) {
    const Volume first = makeVolume({10, 10, 10}, Matrix4::identity());
    // The second covers k = 5..14 of the same lattice.
    Matrix4 m = Matrix4::identity();
    m.at(2, 3) = 5;
    std::vector<float> v(1000);
    for (std::int64_t k = 0; k < 10; ++k) {
        for (std::int64_t j = 0; j < 10; ++j) {
            for (std::int64_t i = 0; i < 10; ++i) {
                v[static_cast<std::size_t>(i + 10 * (j + 10 * k))] =
                    k + 5 < 10 ? first.value(i, j, k + 5) : -1.0f;
            }
        }
    }
    const Volume second({10, 10, 10}, m, std::move(v));
    auto c = compareVolumes(first, second);
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->geometry.sameLattice);
    EXPECT_FALSE(c->geometry.sameGrid);
    EXPECT_DOUBLE_EQ(c->geometry.overlapFraction, 0.5);
    EXPECT_EQ(c->values.comparedVoxels, 500);
    EXPECT_EQ(c->values.maxAbsDiff, kExact);
    EXPECT_EQ(c->verdict, Verdict::Different) << "different extents are not the same image";
    EXPECT_EQ(c->values.perSlice[2].count, 0);
    EXPECT_EQ(c->values.perSlice[7].count, 100);
}

TEST(Comparison, TreatsNanPairsAsEqualAndCountsMismatches) {
    Volume first = makeVolume({4, 4, 4}, Matrix4::identity());
    Volume second = first;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    first.voxels()[3] = nan;
    second.voxels()[3] = nan;
    auto same = compareVolumes(first, second);
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(same->values.nanBoth, 1);
    EXPECT_EQ(same->verdict, Verdict::Identical);

    second.voxels()[5] = nan;
    second.voxels()[6] = std::numeric_limits<float>::infinity();
    auto diff = compareVolumes(first, second);
    ASSERT_TRUE(diff.ok());
    EXPECT_EQ(diff->values.nonFiniteMismatch, 2);
    EXPECT_EQ(diff->values.comparedVoxels, 61);
    EXPECT_EQ(diff->verdict, Verdict::Different);
    EXPECT_EQ(diff->reason, VerdictReason::NonFiniteMismatch);
}

TEST(Comparison, ReportsStatisticsLocationAndHistogramOfDifferences) {
    const Volume first = makeVolume({4, 5, 6}, Matrix4::identity());
    Volume second = first;
    second.voxels()[static_cast<std::size_t>(first.linearIndex(1, 2, 3))] += 4.0f;
    second.voxels()[static_cast<std::size_t>(first.linearIndex(2, 2, 2))] -= 1.0f;
    CompareOptions opt;
    opt.absTolerance = 2.0;
    opt.histogramBins = 8;
    auto c = compareVolumes(first, second, opt);
    ASSERT_TRUE(c.ok());
    const ValueComparison& v = c->values;
    EXPECT_DOUBLE_EQ(v.maxAbsDiff, 4.0);
    EXPECT_EQ(v.maxAbsDiffLocation.indexFirst, (Index3{1, 2, 3}));
    EXPECT_EQ(v.maxAbsDiffLocation.pointLps, (Vec3{1, 2, 3}));
    EXPECT_EQ(v.maxAbsDiffLocation.pointRas, (Vec3{-1, -2, 3}));
    EXPECT_DOUBLE_EQ(v.meanDiff, 3.0 / 120.0);
    EXPECT_DOUBLE_EQ(v.rmse, std::sqrt(17.0 / 120.0));
    EXPECT_EQ(v.overAbsTolerance, 1);
    EXPECT_DOUBLE_EQ(v.withinToleranceFraction, 119.0 / 120.0);
    ASSERT_EQ(v.histogram.counts.size(), 8u);
    ASSERT_EQ(v.histogram.edges.size(), 9u);
    EXPECT_DOUBLE_EQ(v.histogram.edges.front(), -4.0);
    EXPECT_EQ(
        std::accumulate(v.histogram.counts.begin(), v.histogram.counts.end(), std::int64_t{0}),
        120);
    EXPECT_EQ(v.histogram.counts.back(), 1) << "+4 lands in the last bin";
    EXPECT_EQ(v.histogram.counts[3], 1) << "-1 lands in [-1, 0)";
    EXPECT_EQ(v.perSlice[3].maxAbsDiff, 4.0);
    EXPECT_EQ(v.perSlice[2].maxAbsDiff, 1.0);
    EXPECT_EQ(v.perSlice[0].maxAbsDiff, 0.0);
    EXPECT_DOUBLE_EQ(v.percentilesAbs.front().second, 0.0) << "the median |difference| is 0";
    EXPECT_NEAR(v.percentilesAbs.back().second, 4.0, 4.0 / 65536)
        << "p99.9 of 120 voxels is the largest";
    EXPECT_EQ(c->verdict, Verdict::Different);
}

TEST(Comparison, DetectsALinearRescaleSuchAsAUnitChange) {
    const Volume first = makeVolume({6, 6, 6}, Matrix4::identity());
    Volume second = first;
    for (float& x : second.voxels()) {
        x = 2.5f * x + 10.0f;
    }
    auto c = compareVolumes(first, second);
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->values.linearFit.valid);
    EXPECT_NEAR(c->values.linearFit.slope, 2.5, 1e-6);
    EXPECT_NEAR(c->values.linearFit.intercept, 10.0, 1e-3);
    EXPECT_NEAR(c->values.linearFit.r2, 1.0, 1e-9);
    EXPECT_EQ(c->verdict, Verdict::Rescaled);
    EXPECT_EQ(c->reason, VerdictReason::LinearRescale);
    EXPECT_NEAR(c->rescale.slope, 2.5, 1e-6);
}

TEST(Comparison, ExplainsDifferencesByPerSliceIntegerStorage) {
    // Second: the first quantized to int16 with a different slope on every slice.
    const Volume first = makeVolume({5, 5, 6}, Matrix4::identity());
    Volume second = first;
    second.scaling().kind = ScalingKind::DicomRescale;
    second.scaling().storedType = "int16";
    for (std::int64_t k = 0; k < 6; ++k) {
        float maxAbs = 0;
        for (std::int64_t n = 0; n < 25; ++n) {
            maxAbs =
                std::max(maxAbs, std::abs(first.voxels()[static_cast<std::size_t>(25 * k + n)]));
        }
        const double slope = maxAbs / 32767.0 * 40.0; // coarse on purpose: visible steps
        second.scaling().perSliceK.push_back({slope, 0.0});
        for (std::int64_t n = 0; n < 25; ++n) {
            float& x = second.voxels()[static_cast<std::size_t>(25 * k + n)];
            x = static_cast<float>(std::round(x / slope) * slope);
        }
    }
    auto c = compareVolumes(first, second);
    ASSERT_TRUE(c.ok());
    const ValueComparison& v = c->values;
    EXPECT_GT(v.maxAbsDiff, 0.0);
    EXPECT_TRUE(v.quantizationApplies);
    EXPECT_EQ(v.quantizationSide, "second");
    EXPECT_DOUBLE_EQ(v.withinQuantizationFraction, 1.0);
    EXPECT_NEAR(v.perSlice[5].quantizationBound, second.scaling().perSliceK[5].slope / 2, 1e-12);
    EXPECT_EQ(c->verdict, Verdict::Equivalent);
    EXPECT_EQ(c->reason, VerdictReason::WithinQuantization) << c->verdictReason;

    // One voxel pushed past its slice's bound is no longer explained.
    second.voxels()[7] += static_cast<float>(second.scaling().perSliceK[0].slope);
    auto d = compareVolumes(first, second);
    ASSERT_TRUE(d.ok());
    EXPECT_LT(d->values.withinQuantizationFraction, 1.0);
    EXPECT_EQ(d->verdict, Verdict::Different);
}

TEST(Comparison, WritesTheJsonReportFields) {
    const Volume first = makeVolume({3, 3, 3}, Matrix4::identity());
    const Volume second = reindexed(first, {1, 0, 2}, {false, true, false});
    auto c = compareVolumes(first, second);
    ASSERT_TRUE(c.ok());
    const Json j = comparisonToJson(c.value(), first, second, CompareOptions{});
    for (const char* key : {"first", "second", "geometry", "values", "diagnostics", "verdict"}) {
        EXPECT_TRUE(j.contains(key)) << key;
    }
    for (const char* key : {"path", "format", "dims", "spacing_mm", "ijk_to_lps", "ijk_to_ras",
                            "origin_lps", "origin_ras", "units", "scaling"}) {
        EXPECT_TRUE(j["first"].contains(key)) << key;
    }
    EXPECT_TRUE(j["geometry"]["same_grid"].asBool());
    EXPECT_EQ(j["geometry"]["axis_map"].size(), 3u);
    EXPECT_EQ(j["geometry"]["axis_map"][0]["axis"].asNumber(), 1);
    EXPECT_TRUE(j["geometry"]["axis_map"][1]["flipped"].asBool());
    for (const char* key :
         {"compared_voxels", "max_abs_diff", "max_abs_diff_location", "mean_diff", "rmse",
          "percentiles_abs", "within_tolerance_fraction", "linear_fit", "quantization_bound_max",
          "within_quantization_fraction", "histogram", "per_slice"}) {
        EXPECT_TRUE(j["values"].contains(key)) << key;
    }
    EXPECT_EQ(j["verdict"].asString(), "identical");
}

} // namespace
} // namespace voxdiff::core
