#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "../TextFormat.h"
#include "VoxelPairs.h"
#include "voxdiff/Comparison.h"

namespace voxdiff::core {

namespace {

constexpr int kAbsHistogramBins = 1 << 16; // resolution of the |difference| percentiles
constexpr double kFloatRounding = 4.0 * std::numeric_limits<float>::epsilon();

/// Runs fn(kBegin, kEnd, worker) over contiguous blocks of slices on all cores.
template <typename Fn> void parallelSlices(std::int64_t slices, Fn&& fn) {
    const unsigned hw = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    const auto workers =
        static_cast<unsigned>(std::min<std::int64_t>(hw, std::max<std::int64_t>(1, slices)));
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < workers; ++w) {
        const std::int64_t b = slices * w / workers;
        const std::int64_t e = slices * (w + 1) / workers;
        if (w + 1 == workers) {
            fn(b, e, w);
        } else {
            threads.emplace_back([&fn, b, e, w] { fn(b, e, w); });
        }
    }
    for (auto& t : threads) {
        t.join();
    }
}

unsigned workerCount(std::int64_t slices) {
    const unsigned hw = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    return static_cast<unsigned>(std::min<std::int64_t>(hw, std::max<std::int64_t>(1, slices)));
}

/// The integer-storage step of a volume: per-slice DICOM rescale, or an integer NIfTI with
/// scl_slope. Returns false for float storage.
bool storesIntegers(const Volume& v) {
    const std::string& t = v.scaling().storedType;
    return !t.empty() && t.find("float") == std::string::npos &&
           (v.scaling().kind == ScalingKind::DicomRescale ||
            v.scaling().kind == ScalingKind::NiftiScl ||
            v.scaling().kind == ScalingKind::DoseGridScaling ||
            v.scaling().kind == ScalingKind::PhilipsPrivate);
}

/// Partial sums of one worker, merged at the end.
struct Accumulator {
    std::int64_t n = 0, nanBoth = 0, mismatch = 0;
    double sumD = 0, sumAbs = 0, sumSq = 0, maxAbs = -1;
    std::int64_t maxLin = -1;
    Index3 maxIndex{0, 0, 0};
    double maxA = 0, maxB = 0;
    double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0; // centred on the images' means
    std::int64_t overAbs = 0, overRel = 0, within = 0, withinQuant = 0;
    double maxBound = 0;

    void merge(const Accumulator& o) {
        n += o.n;
        nanBoth += o.nanBoth;
        mismatch += o.mismatch;
        sumD += o.sumD;
        sumAbs += o.sumAbs;
        sumSq += o.sumSq;
        if (o.maxAbs > maxAbs || (o.maxAbs == maxAbs && o.maxLin >= 0 && o.maxLin < maxLin)) {
            maxAbs = o.maxAbs;
            maxLin = o.maxLin;
            maxIndex = o.maxIndex;
            maxA = o.maxA;
            maxB = o.maxB;
        }
        sx += o.sx;
        sy += o.sy;
        sxx += o.sxx;
        sxy += o.sxy;
        syy += o.syy;
        overAbs += o.overAbs;
        overRel += o.overRel;
        within += o.within;
        withinQuant += o.withinQuant;
        maxBound = std::max(maxBound, o.maxBound);
    }
};

} // namespace

const char* interpolationName(Interpolation i) {
    return i == Interpolation::Nearest ? "nearest" : "linear";
}

const char* verdictName(Verdict v) {
    switch (v) {
    case Verdict::Identical:
        return "identical";
    case Verdict::Equivalent:
        return "equivalent";
    case Verdict::Different:
        return "different";
    }
    return "different";
}

Result<Comparison> compareVolumes(const Volume& first, const Volume& second,
                                  const CompareOptions& options) {
    if (first.voxelCount() <= 0 || second.voxelCount() <= 0) {
        return makeError(ErrorCode::InvalidArgument, "cannot compare an empty volume");
    }
    Comparison result;
    result.geometry = relateGeometry(first, second, options.gridToleranceMm);
    const GeometryRelation& g = result.geometry;
    const detail::VoxelPairs pairs(first, second, g, options.interpolation);
    ValueComparison& vc = result.values;

    // Quantization applies where a side stored integers with a rescale and voxels are matched
    // exactly; the bound of a pair is half of each quantized side's step on its slice.
    const bool quantFirst = g.sameLattice && storesIntegers(first);
    const bool quantSecond = g.sameLattice && storesIntegers(second);
    vc.quantizationApplies = quantFirst || quantSecond;
    vc.quantizationSide = quantFirst && quantSecond ? "both"
                          : quantFirst              ? "first"
                          : quantSecond             ? "second"
                                                    : "";

    const Index3& d1 = first.dims();
    const double meanA = first.stats().mean;
    const double meanB = second.stats().mean;
    vc.perSlice.resize(static_cast<std::size_t>(d1[2]));
    if (options.keepSecondOnFirstGrid) {
        result.secondOnFirstGrid.assign(static_cast<std::size_t>(first.voxelCount()),
                                        std::numeric_limits<float>::quiet_NaN());
    }
    std::vector<Accumulator> partial(workerCount(d1[2]));
    std::atomic<bool> cancelled{false};

    // Pass 1: moments, extremes, tolerance counts, per-slice statistics, the linear fit.
    parallelSlices(d1[2], [&](std::int64_t kb, std::int64_t ke, unsigned w) {
        Accumulator& acc = partial[w];
        for (std::int64_t k = kb; k < ke; ++k) {
            if (options.cancel && options.cancel->load()) {
                cancelled = true;
                return;
            }
            SliceDiffStats& sl = vc.perSlice[static_cast<std::size_t>(k)];
            sl.k = k;
            double sliceSum = 0, sliceSq = 0;
            const double boundFirst =
                quantFirst ? 0.5 * std::abs(first.scaling().slopeOfSlice(k)) : 0.0;
            pairs.visitSlice(k, [&](std::int64_t i, std::int64_t j, std::int64_t kk,
                                    std::int64_t lin, float a, float b, bool inside) {
                if (!result.secondOnFirstGrid.empty()) {
                    result.secondOnFirstGrid[static_cast<std::size_t>(lin)] = b;
                }
                if (!inside) {
                    return; // no partner in the second image: not compared
                }
                const bool fa = std::isfinite(a);
                const bool fb = std::isfinite(b);
                if (!fa || !fb) {
                    if ((std::isnan(a) && std::isnan(b)) || (!fa && !fb && a == b)) {
                        ++acc.nanBoth;
                    } else {
                        ++acc.mismatch;
                    }
                    return;
                }
                const double da = a;
                const double db = b;
                const double d = db - da;
                const double ad = std::abs(d);
                ++acc.n;
                acc.sumD += d;
                acc.sumAbs += ad;
                acc.sumSq += d * d;
                sliceSum += d;
                sliceSq += d * d;
                ++sl.count;
                sl.maxAbsDiff = std::max(sl.maxAbsDiff, ad);
                if (ad > acc.maxAbs) {
                    acc.maxAbs = ad;
                    acc.maxLin = lin;
                    acc.maxIndex = {i, j, kk};
                    acc.maxA = da;
                    acc.maxB = db;
                }
                const double xa = da - meanA, yb = db - meanB;
                acc.sx += xa;
                acc.sy += yb;
                acc.sxx += xa * xa;
                acc.sxy += xa * yb;
                acc.syy += yb * yb;
                const bool overAbs = ad > options.absTolerance;
                const bool overRel =
                    options.relTolerance > 0 &&
                    ad > options.relTolerance * std::max(std::abs(da), std::abs(db));
                acc.overAbs += overAbs;
                acc.overRel += overRel;
                acc.within += !overAbs || (options.relTolerance > 0 && !overRel);
                if (vc.quantizationApplies) {
                    double bound = boundFirst;
                    if (quantSecond) {
                        bound +=
                            0.5 *
                            std::abs(second.scaling().slopeOfSlice(pairs.secondSlice(i, j, kk)));
                    }
                    sl.quantizationBound = std::max(sl.quantizationBound, bound);
                    acc.maxBound = std::max(acc.maxBound, bound);
                    acc.withinQuant +=
                        ad <= bound * (1.0 + 1e-6) +
                                  kFloatRounding * std::max(std::abs(da), std::abs(db));
                }
            });
            if (sl.count > 0) {
                sl.meanDiff = sliceSum / static_cast<double>(sl.count);
                sl.rmse = std::sqrt(sliceSq / static_cast<double>(sl.count));
            }
        }
    });
    if (cancelled) {
        return makeError(ErrorCode::Cancelled, "comparison cancelled");
    }
    Accumulator acc;
    for (const auto& p : partial) {
        acc.merge(p);
    }
    if (options.progress) {
        options.progress(0.5, "Comparing values");
    }

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
    vc.quantizationBoundMax = acc.maxBound;
    vc.withinQuantizationFraction =
        vc.quantizationApplies && acc.n ? static_cast<double>(acc.withinQuant) / n : 0.0;
    if (acc.maxLin >= 0) {
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
    // Linear fit of second on first (centred sums).
    if (acc.n > 1) {
        const double mx = acc.sx / n, my = acc.sy / n;
        const double sxx = acc.sxx / n - mx * mx;
        const double sxy = acc.sxy / n - mx * my;
        const double syy = acc.syy / n - my * my;
        if (sxx > 0) {
            vc.linearFit.valid = true;
            vc.linearFit.slope = sxy / sxx;
            vc.linearFit.intercept = (my + meanB) - vc.linearFit.slope * (mx + meanA);
            vc.linearFit.r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1.0;
        }
    }

    // Pass 2: the signed histogram and the |difference| distribution for percentiles.
    const int bins = std::max(1, options.histogramBins);
    const double halfRange = options.histogramHalfRange > 0
                                 ? options.histogramHalfRange
                                 : (vc.maxAbsDiff > 0 ? vc.maxAbsDiff : 1.0);
    const double absTop = vc.maxAbsDiff > 0 ? vc.maxAbsDiff : 1.0;
    std::vector<std::vector<std::int64_t>> signedCounts(
        partial.size(), std::vector<std::int64_t>(static_cast<std::size_t>(bins)));
    std::vector<std::vector<std::int64_t>> absCounts(partial.size(),
                                                     std::vector<std::int64_t>(kAbsHistogramBins));
    parallelSlices(d1[2], [&](std::int64_t kb, std::int64_t ke, unsigned w) {
        auto& sc = signedCounts[w];
        auto& ac = absCounts[w];
        for (std::int64_t k = kb; k < ke; ++k) {
            pairs.visitSlice(k, [&](std::int64_t, std::int64_t, std::int64_t, std::int64_t, float a,
                                    float b, bool inside) {
                if (!inside || !std::isfinite(a) || !std::isfinite(b)) {
                    return;
                }
                const double d = static_cast<double>(b) - static_cast<double>(a);
                auto sb =
                    static_cast<std::int64_t>(std::floor((d + halfRange) / (2 * halfRange) * bins));
                sc[static_cast<std::size_t>(std::clamp<std::int64_t>(sb, 0, bins - 1))]++;
                auto ab = static_cast<std::int64_t>(std::abs(d) / absTop * kAbsHistogramBins);
                ac[static_cast<std::size_t>(
                    std::clamp<std::int64_t>(ab, 0, kAbsHistogramBins - 1))]++;
            });
        }
    });
    vc.histogram.counts.assign(static_cast<std::size_t>(bins), 0);
    for (const auto& sc : signedCounts) {
        for (std::size_t b = 0; b < sc.size(); ++b) {
            vc.histogram.counts[b] += sc[b];
        }
    }
    for (int b = 0; b <= bins; ++b) {
        vc.histogram.edges.push_back(-halfRange + 2 * halfRange * b / bins);
    }
    std::vector<std::int64_t> absTotal(kAbsHistogramBins, 0);
    for (const auto& ac : absCounts) {
        for (std::size_t b = 0; b < ac.size(); ++b) {
            absTotal[b] += ac[b];
        }
    }
    for (double pct : {50.0, 95.0, 99.0, 99.9}) {
        double value = 0.0;
        if (acc.n > 0 && vc.maxAbsDiff > 0) {
            const auto target =
                static_cast<std::int64_t>(std::ceil(pct / 100.0 * static_cast<double>(acc.n)));
            std::int64_t cum = 0;
            for (int b = 0; b < kAbsHistogramBins; ++b) {
                cum += absTotal[static_cast<std::size_t>(b)];
                if (cum >= target) {
                    // Upper edge of the bin: a bound, never an underestimate.
                    value = std::min(vc.maxAbsDiff, absTop * (b + 1) / kAbsHistogramBins);
                    if (b == 0 && absTotal[0] == cum) {
                        value = 0.0; // all of these are exactly zero or below resolution
                    }
                    break;
                }
            }
        }
        vc.percentilesAbs.emplace_back(pct, value);
    }
    if (options.progress) {
        options.progress(1.0, "Comparing values");
    }

    // The verdict, in plain words.
    const std::string tolText =
        "absolute " + formatNumber(options.absTolerance) +
        (options.relTolerance > 0 ? ", relative " + formatNumber(options.relTolerance) : "");
    if (!g.sameGrid) {
        result.verdict = Verdict::Different;
        result.verdictReason =
            g.sameLattice ? "The images cover different extents of the same voxel lattice."
                          : "The images do not sample the same physical points (see geometry); "
                            "values were compared after interpolation.";
    } else if (vc.nonFiniteMismatch > 0) {
        result.verdict = Verdict::Different;
        result.verdictReason = std::to_string(vc.nonFiniteMismatch) +
                               " voxels are finite in one image and NaN or infinite in the other.";
    } else if (vc.maxAbsDiff == 0.0) {
        result.verdict = Verdict::Identical;
        result.verdictReason = "Same physical grid and every voxel value is equal.";
    } else if (vc.withinToleranceFraction >= 1.0) {
        result.verdict = Verdict::Equivalent;
        result.verdictReason = "Same physical grid; every difference is within the tolerance (" +
                               tolText + "); largest |difference| " + formatNumber(vc.maxAbsDiff) +
                               ".";
    } else if (vc.quantizationApplies && vc.withinQuantizationFraction >= 1.0) {
        result.verdict = Verdict::Equivalent;
        const Volume& q = quantSecond ? second : first;
        result.verdictReason =
            "Same physical grid; values equal within the integer quantization of each slice: every "
            "|difference| "
            "is at most half the rescale slope of its slice (explained by integer storage, " +
            q.scaling().storedType +
            (q.scaling().slopeVariesPerSlice() ? " with a slope per slice" : "") +
            "; largest |difference| " + formatNumber(vc.maxAbsDiff) + ", largest bound " +
            formatNumber(vc.quantizationBoundMax) + ").";
    } else {
        result.verdict = Verdict::Different;
        const double over = 1.0 - vc.withinToleranceFraction;
        result.verdictReason = formatNumber(100.0 * over, 4) +
                               "% of the compared voxels differ by more than the "
                               "tolerance (" +
                               tolText + "); largest |difference| " + formatNumber(vc.maxAbsDiff) +
                               " at RAS " + formatVec(vc.maxAbsDiffLocation.pointRas, 5) + " mm.";
        if (vc.quantizationApplies) {
            result.verdictReason += " " + formatNumber(100.0 * vc.withinQuantizationFraction, 4) +
                                    "% are within the integer quantization bound.";
        }
    }
    const LinearFit& fit = vc.linearFit;
    if (fit.valid && fit.r2 > 0.9999 && std::abs(fit.slope - 1.0) > 1e-3 && vc.maxAbsDiff > 0) {
        result.diagnostics.push_back(
            {Severity::Warning, "linear_rescale",
             "Values look linearly rescaled: second = " + formatNumber(fit.slope) + " x first + " +
                 formatNumber(fit.intercept) + " (R^2 " + formatNumber(fit.r2, 8) +
                 "). A unit change (for example Bq/ml vs SUV) would do this; for PET DICOM try "
                 "--suv."});
    }
    if (!first.valueUnits().empty() && !second.valueUnits().empty() &&
        first.valueUnits() != second.valueUnits()) {
        result.diagnostics.push_back(
            {Severity::Warning, "units_differ",
             "Value units differ: " + first.valueUnits() + " vs " + second.valueUnits() + "."});
    }
    if (g.interpolated) {
        result.diagnostics.push_back(
            {Severity::Info, "values_interpolated",
             std::string("The second image was resampled onto the first image's grid (") +
                 interpolationName(options.interpolation) + " interpolation)."});
    }
    return result;
}

} // namespace voxdiff::core
