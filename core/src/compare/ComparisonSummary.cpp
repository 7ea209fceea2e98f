// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cmath>

#include "PairSums.h"

namespace voxdiff::core::detail {

void summariseDifferences(ValueComparison& vc, const Accumulator& acc) {
    vc.comparedVoxels = acc.n;
    vc.nanBoth = acc.nanBoth;
    vc.nonFiniteMismatch = acc.mismatch;
    const double n = static_cast<double>(std::max<std::int64_t>(acc.n, 1));
    vc.maxAbsDiff = std::max(acc.maxAbs, 0.0);
    vc.meanDiff = acc.sumD / n;
    vc.meanAbsDiff = acc.sumAbs / n;
    vc.rmse = std::sqrt(acc.sumSq / n);
    vc.overAbsTolerance = acc.overAbs;
    vc.overRelTolerance = acc.overRel;
    vc.withinToleranceFraction = acc.n ? static_cast<double>(acc.within) / n : 1.0;
    for (const auto& s : vc.perSlice) {
        vc.quantizationBoundMax = std::max(vc.quantizationBoundMax, s.quantizationBound);
    }
    vc.withinQuantizationFraction =
        vc.quantizationApplies && acc.n ? static_cast<double>(acc.withinQuant) / n : 0.0;
    // Background pairs (both exactly 0) are always within; the shares without them.
    vc.zeroBoth = acc.zeroBoth;
    const std::int64_t foreground = acc.n - acc.zeroBoth;
    vc.withinToleranceFractionNoBackground =
        foreground > 0 ? static_cast<double>(acc.within - acc.zeroBoth) / foreground : 1.0;
    vc.withinQuantizationFractionNoBackground =
        vc.quantizationApplies && foreground > 0
            ? static_cast<double>(acc.withinQuant - acc.zeroBoth) / foreground
            : 0.0;
}

void locateMaximum(ValueComparison& vc, const Accumulator& acc, const GeometryRelation& g,
                   const Volume& first) {
    if (acc.maxLin < 0) {
        return;
    }
    DiffLocation& loc = vc.maxAbsDiffLocation;
    loc.indexFirst = acc.maxIndex;
    const Vec3 p{static_cast<double>(acc.maxIndex[0]), static_cast<double>(acc.maxIndex[1]),
                 static_cast<double>(acc.maxIndex[2])};
    loc.indexSecond = g.firstIjkToSecondIjk.transformPoint(p);
    if (g.sameLattice) {
        for (double& c : loc.indexSecond) {
            c = std::round(c);
        }
    }
    loc.pointLps = first.voxelCenterLps(p);
    loc.pointRas = lpsToRasPoint(loc.pointLps);
    loc.valueFirst = acc.maxA;
    loc.valueSecond = acc.maxB;
}

void fitLine(ValueComparison& vc, const Accumulator& acc, const SumContext& ctx) {
    if (acc.n <= 1) {
        return;
    }
    const double n = static_cast<double>(acc.n);
    const double mx = acc.sx / n, my = acc.sy / n;
    const double sxx = acc.sxx / n - mx * mx;
    // Where the first image's values lie: the fitted line's uncertainty grows away from them.
    vc.linearFit.meanFirst = mx + ctx.meanA;
    vc.linearFit.stdFirst = std::sqrt(std::max(sxx, 0.0));
    const double sxy = acc.sxy / n - mx * my;
    const double syy = acc.syy / n - my * my;
    if (sxx > 0) {
        vc.linearFit.valid = true;
        vc.linearFit.slope = sxy / sxx;
        vc.linearFit.intercept = (my + ctx.meanB) - vc.linearFit.slope * (mx + ctx.meanA);
        vc.linearFit.r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1.0;
        vc.linearFit.residualRms = std::sqrt(std::max(0.0, syy - sxy * sxy / sxx));
    }
}

void fillPercentiles(ValueComparison& vc, const std::vector<std::uint64_t>& magnitudeTotal,
                     std::int64_t pairs) {
    for (double pct : {50.0, 95.0, 99.0, 99.9}) {
        double value = 0.0;
        if (pairs > 0) {
            const auto target =
                static_cast<std::uint64_t>(std::ceil(pct / 100.0 * static_cast<double>(pairs)));
            std::uint64_t cum = 0;
            for (std::size_t b = 0; b < kMagnitudeBuckets; ++b) {
                cum += magnitudeTotal[b];
                if (cum >= target) {
                    value = b == 0 ? 0.0
                                   : std::min(vc.maxAbsDiff,
                                              magnitudeBucketTop(static_cast<std::uint32_t>(b)));
                    break;
                }
            }
        }
        vc.percentilesAbs.emplace_back(pct, value);
    }
}

} // namespace voxdiff::core::detail
