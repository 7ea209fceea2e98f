// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// The sums of a comparison's first pass and what is derived from them. Compiled with the
// comparison's flags (core/CMakeLists.txt): CompareVolumes.cpp and ComparisonSummary.cpp.

#include <cstdint>
#include <cstring>
#include <vector>

#include "voxdiff/Comparison.h"

namespace voxdiff::core::detail {

/// Sums over voxel pairs; one per worker, merged at the end.
struct Accumulator {
    std::int64_t n = 0, nanBoth = 0, mismatch = 0;
    double sumD = 0, sumAbs = 0, sumSq = 0;
    double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0; // centred on the images' means
    std::int64_t overAbs = 0, overRel = 0, within = 0, withinQuant = 0, zeroBoth = 0;
    double maxAbs = -1;
    std::int64_t maxLin = -1;
    Index3 maxIndex{0, 0, 0};
    double maxA = 0, maxB = 0;

    void addSums(const Accumulator& o) {
        n += o.n;
        nanBoth += o.nanBoth;
        mismatch += o.mismatch;
        sumD += o.sumD;
        sumAbs += o.sumAbs;
        sumSq += o.sumSq;
        sx += o.sx;
        sy += o.sy;
        sxx += o.sxx;
        sxy += o.sxy;
        syy += o.syy;
        overAbs += o.overAbs;
        overRel += o.overRel;
        within += o.within;
        withinQuant += o.withinQuant;
        zeroBoth += o.zeroBoth;
    }

    void takeMaxFrom(const Accumulator& o) {
        if (o.maxAbs > maxAbs || (o.maxAbs == maxAbs && o.maxLin >= 0 && o.maxLin < maxLin)) {
            maxAbs = o.maxAbs;
            maxLin = o.maxLin;
            maxIndex = o.maxIndex;
            maxA = o.maxA;
            maxB = o.maxB;
        }
    }
};

/// Constants of the statistics.
struct SumContext {
    double meanA = 0, meanB = 0;
    double absTol = 0, relTol = 0;
    bool quant = false;
};

/// Bucket of |d| in a histogram whose buckets are the top 16 bits of the float: 2^-7
/// relative resolution over the whole float range, with no range to know beforehand.
inline std::uint32_t magnitudeBucket(float ad) {
    std::uint32_t bits;
    std::memcpy(&bits, &ad, sizeof bits);
    return bits >> 16;
}

/// The largest value in a magnitude bucket.
inline double magnitudeBucketTop(std::uint32_t bucket) {
    const std::uint32_t bits = (bucket << 16) | 0xFFFFu;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

constexpr std::size_t kMagnitudeBuckets = std::size_t{1} << 15; // |d| has no sign bit

/// Moments, tolerance shares (with and without the background) and the quantization share.
void summariseDifferences(ValueComparison& vc, const Accumulator& acc);

/// Where the largest difference is, in both images' indices and in space.
void locateMaximum(ValueComparison& vc, const Accumulator& acc, const GeometryRelation& g,
                   const Volume& first);

/// second ~ slope * first + intercept, from the sums centred on the images' means.
void fitLine(ValueComparison& vc, const Accumulator& acc, const SumContext& ctx);

/// Percentiles of |difference| from the magnitude buckets: the upper edge of the bucket holding
/// the rank (a bound, never an underestimate), capped by the exact maximum.
void fillPercentiles(ValueComparison& vc, const std::vector<std::uint64_t>& magnitudeTotal,
                     std::int64_t pairs);

} // namespace voxdiff::core::detail
