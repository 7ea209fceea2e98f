// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>
#include <thread>

#include "CompareInternal.h"
#include "PairSums.h"
#include "SimdDispatch.h"
#include "VoxelPairs.h"
#include "voxdiff/Comparison.h"
#include "voxdiff/ComparisonPolicy.h"

namespace voxdiff::core {

namespace {

using detail::Accumulator;
using detail::kMagnitudeBuckets;
using detail::magnitudeBucket;
using detail::SumContext;

constexpr double kFloatRounding = 4.0 * std::numeric_limits<float>::epsilon();

unsigned workerCount(std::int64_t slices) {
    const unsigned hw = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    return static_cast<unsigned>(std::min<std::int64_t>(hw, std::max<std::int64_t>(1, slices)));
}

/// Runs fn(kBegin, kEnd, worker) over contiguous blocks of slices on all cores.
template <typename Fn> void parallelSlices(std::int64_t slices, Fn&& fn) {
    const unsigned workers = workerCount(slices);
    std::vector<std::thread> threads;
    for (unsigned w = 0; w + 1 < workers; ++w) {
        auto block = [&fn, slices, workers, w] {
            fn(slices * w / workers, slices * (w + 1) / workers, w);
        };
        try {
            threads.emplace_back(block);
        } catch (const std::system_error&) {
            block(); // no thread to be had (resource limits): this block on the calling thread
        }
    }
    fn(slices * (workers - 1) / workers, slices, workers - 1);
    for (auto& t : threads) {
        t.join();
    }
}

/// True when a volume's values came from integers through a rescale slope: per-slice DICOM
/// rescale, RT Dose scaling, or an integer NIfTI with scl_slope.
bool storesIntegers(const Volume& v) {
    const std::string& t = v.scaling().storedType;
    return !t.empty() && t.find("float") == std::string::npos &&
           v.scaling().kind != ScalingKind::None;
}

/// The per-pair sums of a run of pairs, before they join an Accumulator.
struct PairRunSums {
    double sumD = 0, sumAbs = 0, sumSq = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, mx = 0;
    std::int64_t overAbs = 0, overRel = 0, within = 0, withinQuant = 0, zeroBoth = 0, zeros = 0;
};

/// The portable loop of sumFinitePairs.
void sumPairsPortable(const float* a, const float* b, std::int64_t begin, std::int64_t end,
                      const SumContext& c, double bound, PairRunSums& r) {
    const bool rel = c.relTol > 0;
    for (std::int64_t i = begin; i < end; ++i) {
        const double x = a[i];
        const double y = b[i];
        const double d = y - x;
        const double ad = std::fabs(d);
        r.sumD += d;
        r.sumAbs += ad;
        r.sumSq += d * d;
        r.mx = std::max(r.mx, ad);
        const double xa = x - c.meanA;
        const double yb = y - c.meanB;
        r.sx += xa;
        r.sy += yb;
        r.sxx += xa * xa;
        r.sxy += xa * yb;
        r.syy += yb * yb;
        const double mag = std::max(std::fabs(x), std::fabs(y));
        const bool oa = ad > c.absTol;
        const bool orl = rel && ad > c.relTol * mag;
        r.overAbs += oa;
        r.overRel += orl;
        r.within += !oa || (rel && !orl);
        r.withinQuant += ad <= bound * (1.0 + 1e-6) + kFloatRounding * mag;
        r.zeroBoth += mag == 0.0;
        r.zeros += ad == 0;
    }
}

#if VOXDIFF_HAVE_AVX2_KERNELS
/// Counts the lanes where `mask` is true (-1): subtracting the mask adds one there.
VOXDIFF_TARGET_AVX2 inline void count(__m256i& n, __m256d mask) {
    n = _mm256_sub_epi64(n, _mm256_castpd_si256(mask));
}

VOXDIFF_TARGET_AVX2 inline double total(__m256d v) {
    alignas(32) double l[4];
    _mm256_store_pd(l, v);
    return (l[0] + l[1]) + (l[2] + l[3]);
}

VOXDIFF_TARGET_AVX2 inline std::int64_t totalCount(__m256i v) {
    alignas(32) std::int64_t l[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(l), v);
    return (l[0] + l[1]) + (l[2] + l[3]);
}

/// Four pairs a step, every sum in double as in the portable loop, every count in a 64-bit
/// lane (a comparison's mask is -1 where true: subtracting it counts).
VOXDIFF_TARGET_AVX2 void sumPairsAvx2(const float* a, const float* b, std::int64_t begin,
                                      std::int64_t end, const SumContext& c, double bound,
                                      PairRunSums& r) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    const __m256d meanA = _mm256_set1_pd(c.meanA);
    const __m256d meanB = _mm256_set1_pd(c.meanB);
    const __m256d absTol = _mm256_set1_pd(c.absTol);
    const __m256d relTol = _mm256_set1_pd(c.relTol);
    const __m256d quantBound = _mm256_set1_pd(bound * (1.0 + 1e-6));
    const __m256d rounding = _mm256_set1_pd(kFloatRounding);
    const __m256d zero = _mm256_setzero_pd();
    const __m256d relOn = c.relTol > 0 ? _mm256_castsi256_pd(_mm256_set1_epi64x(-1)) : zero;
    __m256d sumD = zero, sumAbs = zero, sumSq = zero, sx = zero, sy = zero, sxx = zero;
    __m256d sxy = zero, syy = zero, mx = zero;
    __m256i overAbs = _mm256_setzero_si256(), overRel = overAbs, within = overAbs;
    __m256i withinQuant = overAbs, zeroBoth = overAbs, zeros = overAbs;
    std::int64_t i = begin;
    for (; i + 4 <= end; i += 4) {
        const __m256d x = _mm256_cvtps_pd(_mm_loadu_ps(a + i));
        const __m256d y = _mm256_cvtps_pd(_mm_loadu_ps(b + i));
        const __m256d d = _mm256_sub_pd(y, x);
        const __m256d ad = _mm256_andnot_pd(sign, d);
        sumD = _mm256_add_pd(sumD, d);
        sumAbs = _mm256_add_pd(sumAbs, ad);
        sumSq = _mm256_fmadd_pd(d, d, sumSq);
        mx = _mm256_max_pd(mx, ad);
        const __m256d xa = _mm256_sub_pd(x, meanA);
        const __m256d yb = _mm256_sub_pd(y, meanB);
        sx = _mm256_add_pd(sx, xa);
        sy = _mm256_add_pd(sy, yb);
        sxx = _mm256_fmadd_pd(xa, xa, sxx);
        sxy = _mm256_fmadd_pd(xa, yb, sxy);
        syy = _mm256_fmadd_pd(yb, yb, syy);
        const __m256d mag = _mm256_max_pd(_mm256_andnot_pd(sign, x), _mm256_andnot_pd(sign, y));
        const __m256d oa = _mm256_cmp_pd(ad, absTol, _CMP_GT_OQ);
        const __m256d orl =
            _mm256_and_pd(relOn, _mm256_cmp_pd(ad, _mm256_mul_pd(relTol, mag), _CMP_GT_OQ));
        count(overAbs, oa);
        count(overRel, orl);
        // !oa || (rel && !orl)
        count(within, _mm256_or_pd(_mm256_xor_pd(oa, _mm256_castsi256_pd(_mm256_set1_epi64x(-1))),
                                   _mm256_andnot_pd(orl, relOn)));
        count(withinQuant,
              _mm256_cmp_pd(ad, _mm256_fmadd_pd(rounding, mag, quantBound), _CMP_LE_OQ));
        count(zeroBoth, _mm256_cmp_pd(mag, zero, _CMP_EQ_OQ));
        count(zeros, _mm256_cmp_pd(ad, zero, _CMP_EQ_OQ));
    }
    alignas(32) double m4[4];
    _mm256_store_pd(m4, mx);
    sumPairsPortable(a, b, i, end, c, bound, r); // the last pairs, after the steps of four
    r.sumD += total(sumD);
    r.sumAbs += total(sumAbs);
    r.sumSq += total(sumSq);
    r.sx += total(sx);
    r.sy += total(sy);
    r.sxx += total(sxx);
    r.sxy += total(sxy);
    r.syy += total(syy);
    r.mx = std::max({r.mx, m4[0], m4[1], m4[2], m4[3]});
    r.overAbs += totalCount(overAbs);
    r.overRel += totalCount(overRel);
    r.within += totalCount(within);
    r.withinQuant += totalCount(withinQuant);
    r.zeroBoth += totalCount(zeroBoth);
    r.zeros += totalCount(zeros);
}
#endif

/// Pass-1 sums of pairs [begin, end) of a row, assuming finite values and one quantization
/// bound for the whole range. Returns false when a value was not finite: the caller then goes
/// pair by pair.
bool sumFinitePairs(const float* a, const float* b, std::int64_t begin, std::int64_t end,
                    const SumContext& c, double bound, Accumulator& s, double& rangeMax,
                    std::int64_t& zeroDiffs) {
    PairRunSums r;
#if VOXDIFF_HAVE_AVX2_KERNELS
    if (detail::cpuHasAvx2Fma()) {
        sumPairsAvx2(a, b, begin, end, c, bound, r);
    } else {
        sumPairsPortable(a, b, begin, end, c, bound, r);
    }
#else
    sumPairsPortable(a, b, begin, end, c, bound, r);
#endif
    if (!std::isfinite(r.sumD + r.sx + r.sy)) {
        return false;
    }
    s.n += end - begin;
    s.sumD += r.sumD;
    s.sumAbs += r.sumAbs;
    s.sumSq += r.sumSq;
    s.sx += r.sx;
    s.sy += r.sy;
    s.sxx += r.sxx;
    s.sxy += r.sxy;
    s.syy += r.syy;
    s.overAbs += r.overAbs;
    s.overRel += r.overRel;
    s.within += r.within;
    s.withinQuant += c.quant ? r.withinQuant : 0;
    s.zeroBoth += r.zeroBoth;
    rangeMax = end > begin ? r.mx : -1.0;
    zeroDiffs = r.zeros;
    return true;
}

/// Magnitude bucket of |b - a| for pairs [begin, end); non-finite differences get the extra
/// bucket kMagnitudeBuckets.
inline void magnitudeBucketsPortable(const float* a, const float* b, std::int64_t begin,
                                     std::int64_t end, std::int32_t* out) {
    for (std::int64_t i = begin; i < end; ++i) {
        const float ad = std::fabs(b[i] - a[i]);
        out[i] = ad <= std::numeric_limits<float>::max()
                     ? static_cast<std::int32_t>(magnitudeBucket(ad))
                     : static_cast<std::int32_t>(kMagnitudeBuckets);
    }
}

#if VOXDIFF_HAVE_AVX2_KERNELS
/// magnitudeBucketsPortable eight pairs at a time (the same float difference and bits).
VOXDIFF_TARGET_AVX2
void magnitudeBucketsAvx2(const float* a, const float* b, std::int64_t begin, std::int64_t end,
                          std::int32_t* out) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256 largest = _mm256_set1_ps(std::numeric_limits<float>::max());
    const __m256i nonFinite = _mm256_set1_epi32(static_cast<std::int32_t>(kMagnitudeBuckets));
    std::int64_t i = begin;
    for (; i + 8 <= end; i += 8) {
        const __m256 ad =
            _mm256_andnot_ps(sign, _mm256_sub_ps(_mm256_loadu_ps(b + i), _mm256_loadu_ps(a + i)));
        const __m256i bucket = _mm256_srli_epi32(_mm256_castps_si256(ad), 16);
        const __m256 finite = _mm256_cmp_ps(ad, largest, _CMP_LE_OQ);
        _mm256_storeu_si256(
            reinterpret_cast<__m256i*>(out + i),
            _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(nonFinite),
                                                 _mm256_castsi256_ps(bucket), finite)));
    }
    magnitudeBucketsPortable(a, b, i, end, out);
}
#endif

inline void magnitudeBuckets(const float* a, const float* b, std::int64_t begin, std::int64_t end,
                             std::int32_t* out) {
#if VOXDIFF_HAVE_AVX2_KERNELS
    if (detail::cpuHasAvx2Fma()) {
        magnitudeBucketsAvx2(a, b, begin, end, out);
        return;
    }
#endif
    magnitudeBucketsPortable(a, b, begin, end, out);
}

/// Bin of the signed difference b - a over [-halfRange, halfRange] in `bins` bins, clamped;
/// non-finite differences get the extra bin `bins`.
inline void histogramBinsPortable(const float* a, const float* b, std::int64_t begin,
                                  std::int64_t end, double halfRange, int bins, std::int32_t* out) {
    const double scale = bins / (2 * halfRange);
    const double top = bins - 1;
    for (std::int64_t i = begin; i < end; ++i) {
        const double d = static_cast<double>(b[i]) - static_cast<double>(a[i]);
        // The clamp happens in double so that the conversion is always defined; truncation is
        // floor here because the value is not negative.
        const double t = std::min(std::max((d + halfRange) * scale, 0.0), top);
        out[i] = std::fabs(d) <= std::numeric_limits<double>::max() ? static_cast<std::int32_t>(t)
                                                                    : bins;
    }
}

#if VOXDIFF_HAVE_AVX2_KERNELS
/// histogramBinsPortable four pairs at a time, with the same operations in the same order (a
/// double difference, add, multiply, clamp, truncate; no FMA), so every index is the same.
VOXDIFF_TARGET_AVX2
void histogramBinsAvx2(const float* a, const float* b, std::int64_t begin, std::int64_t end,
                       double halfRange, int bins, std::int32_t* out) {
    const __m256d half = _mm256_set1_pd(halfRange);
    const __m256d scale = _mm256_set1_pd(bins / (2 * halfRange));
    const __m256d top = _mm256_set1_pd(bins - 1);
    const __m256d zero = _mm256_setzero_pd();
    const __m256d nonFinite = _mm256_set1_pd(bins);
    const __m256d largest = _mm256_set1_pd(std::numeric_limits<double>::max());
    const __m256d sign = _mm256_set1_pd(-0.0);
    std::int64_t i = begin;
    for (; i + 4 <= end; i += 4) {
        const __m256d d = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(b + i)),
                                        _mm256_cvtps_pd(_mm_loadu_ps(a + i)));
        const __m256d x = _mm256_mul_pd(_mm256_add_pd(d, half), scale);
        // std::max(x, 0.0) is x unless x < 0; std::min(that, top) is top only when top < it.
        const __m256d low = _mm256_blendv_pd(x, zero, _mm256_cmp_pd(x, zero, _CMP_LT_OQ));
        const __m256d t = _mm256_blendv_pd(low, top, _mm256_cmp_pd(top, low, _CMP_LT_OQ));
        const __m256d finite = _mm256_cmp_pd(_mm256_andnot_pd(sign, d), largest, _CMP_LE_OQ);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                         _mm256_cvttpd_epi32(_mm256_blendv_pd(nonFinite, t, finite)));
    }
    histogramBinsPortable(a, b, i, end, halfRange, bins, out);
}
#endif

/// The bin of each pair [begin, end) of a row: bins for a non-finite difference.
inline void histogramBins(const float* a, const float* b, std::int64_t begin, std::int64_t end,
                          double halfRange, int bins, std::int32_t* out) {
#if VOXDIFF_HAVE_AVX2_KERNELS
    if (detail::cpuHasAvx2Fma()) {
        histogramBinsAvx2(a, b, begin, end, halfRange, bins, out);
        return;
    }
#endif
    histogramBinsPortable(a, b, begin, end, halfRange, bins, out);
}

/// Counts indices into `size` buckets. Differences of similar size keep hitting the same bucket,
/// and back-to-back increments of one counter wait on each other; four lanes of counters,
/// summed at the end, break that chain.
class LaneCounter {
  public:
    explicit LaneCounter(std::size_t size) : m_size(size), m_counts(4 * size, 0) {}

    void add(const std::int32_t* index, std::int64_t begin, std::int64_t end) {
        std::uint64_t* lane[4] = {m_counts.data(), m_counts.data() + m_size,
                                  m_counts.data() + 2 * m_size, m_counts.data() + 3 * m_size};
        std::int64_t i = begin;
        for (; i + 4 <= end; i += 4) {
            ++lane[0][index[i]];
            ++lane[1][index[i + 1]];
            ++lane[2][index[i + 2]];
            ++lane[3][index[i + 3]];
        }
        for (; i < end; ++i) {
            ++lane[0][index[i]];
        }
    }

    /// Counts `count` more of one index.
    void addMany(std::size_t index, std::uint64_t count) { m_counts[index] += count; }

    /// Adds this counter's totals into `total` (at least `size` long).
    template <typename T> void addTo(std::vector<T>& total) const {
        for (std::size_t b = 0; b < m_size && b < total.size(); ++b) {
            total[b] += static_cast<T>(m_counts[b] + m_counts[m_size + b] +
                                       m_counts[2 * m_size + b] + m_counts[3 * m_size + b]);
        }
    }

  private:
    std::size_t m_size;
    std::vector<std::uint64_t> m_counts;
};

/// Counts of the residual test, one per worker.
struct ResidualCounts {
    std::int64_t overTolerance = 0;
    std::int64_t overBound = 0;
    double maxAbs = 0.0;
};

/// Where the first image's values lie, for the uncertainty of the fitted line.
struct FitBand {
    double meanFirst = 0.0;
    double stdFirst = 0.0;
    double pairs = 1.0;
};

/// Standard errors of the fitted line at first value x, counted this many times: the line the
/// data allow is not exactly the least-squares one, and rounding errors that lean one way
/// tilt it by about this much.
constexpr double kFitBandSigmas = 3.0;

/// Tests every pair's residual from the fitted line, second - (slope x first + intercept),
/// against the tolerance (as a difference would be) and against the pair's quantization bound:
/// the second's half step plus |slope| x the first's, plus the fitted line's uncertainty at
/// that value (kFitBandSigmas standard errors) and the same float32 slack as the differences.
/// `boundFirst(k)` and `boundSecond(i, j, k)` give each side's half step (0 for a side that
/// stored floats).
template <typename BoundFirst, typename BoundSecond>
void checkFitResiduals(const detail::VoxelPairs& pairs, const Index3& d1,
                       const CompareOptions& options, const BoundFirst& boundFirst,
                       const BoundSecond& boundSecond, const FitBand& band, LinearFit& fit) {
    const double standardError = fit.residualRms / std::sqrt(std::max(band.pairs, 1.0));
    const double stdFirst = band.stdFirst > 0 ? band.stdFirst : 1.0;
    const unsigned workers = workerCount(d1[2]);
    std::vector<ResidualCounts> partial(workers);
    const double a = fit.slope;
    const double b = fit.intercept;
    parallelSlices(d1[2], [&](std::int64_t kb, std::int64_t ke, unsigned w) {
        ResidualCounts& rc = partial[w];
        std::vector<float> scratch;
        for (std::int64_t k = kb; k < ke; ++k) {
            const double q1 = std::abs(a) * boundFirst(k);
            for (std::int64_t j = 0; j < d1[1]; ++j) {
                const detail::RowPair row = pairs.row(j, k, scratch);
                for (std::int64_t i = row.begin; i < row.end; ++i) {
                    const double predicted = a * row.a[i] + b;
                    const double y = row.b[i];
                    const double r = std::fabs(y - predicted);
                    const double mag = std::max(std::fabs(y), std::fabs(predicted));
                    rc.maxAbs = std::max(rc.maxAbs, r);
                    const bool withinTolerance =
                        r <= options.absTolerance ||
                        (options.relTolerance > 0 && r <= options.relTolerance * mag);
                    const double lineUncertainty =
                        kFitBandSigmas * standardError *
                        (1.0 + std::fabs(row.a[i] - band.meanFirst) / stdFirst);
                    const double bound = q1 + boundSecond(i, j, k) + lineUncertainty;
                    const bool withinBound = r <= bound * (1.0 + 1e-6) + kFloatRounding * mag;
                    rc.overTolerance += !withinTolerance;
                    rc.overBound += !withinTolerance && !withinBound;
                }
            }
        }
    });
    fit.residualsChecked = true;
    for (const ResidualCounts& rc : partial) {
        fit.residualsOverTolerance += rc.overTolerance;
        fit.residualsOverBound += rc.overBound;
        fit.maxAbsResidual = std::max(fit.maxAbsResidual, rc.maxAbs);
    }
}

/// Whether the fit's residuals need testing pair by pair: R^2 alone does not show the line,
/// the values do not already agree, and the residual RMS does not already rule it out (every
/// residual within its bound means an RMS within the loosest bound).
bool residualsNeedChecking(const Comparison& c, const Volume& first, const Volume& second,
                           const CompareOptions& options) {
    const ValueComparison& vc = c.values;
    const LinearFit& fit = vc.linearFit;
    if (!c.geometry.sameGrid || !fit.valid || fit.r2 >= kRescaleMinR2 || vc.nonFiniteMismatch > 0 ||
        vc.withinToleranceFraction >= 1.0 ||
        (vc.quantizationApplies && vc.withinQuantizationFraction >= 1.0)) {
        return false;
    }
    const double maxMag = std::max({std::fabs(first.stats().min), std::fabs(first.stats().max),
                                    std::fabs(second.stats().min), std::fabs(second.stats().max)});
    const double loosest =
        std::max({options.absTolerance, options.relTolerance * maxMag,
                  std::max(1.0, std::fabs(fit.slope)) * vc.quantizationBoundMax * (1.0 + 1e-6) +
                      kFloatRounding * maxMag});
    return fit.residualRms <= loosest;
}

/// Quantization applies where a side stored integers with a rescale and voxels are matched
/// exactly; the bound of a pair is half of each quantized side's step on its slice.
class QuantizationBounds {
  public:
    QuantizationBounds(const Volume& first, const Volume& second, const GeometryRelation& g,
                       const detail::VoxelPairs& pairs)
        : m_first(first), m_second(second), m_pairs(pairs),
          m_quantFirst(g.sameLattice && storesIntegers(first)),
          m_quantSecond(g.sameLattice && storesIntegers(second)) {}

    bool first() const { return m_quantFirst; }
    bool second() const { return m_quantSecond; }
    bool applies() const { return m_quantFirst || m_quantSecond; }
    const char* side() const {
        return m_quantFirst && m_quantSecond ? "both"
               : m_quantFirst                ? "first"
               : m_quantSecond               ? "second"
                                             : "";
    }
    /// The second's slice changes along the row only when its k axis runs along our i axis.
    bool variesAlongRow() const { return m_quantSecond && m_pairs.kAxisOfSecond() == 0; }
    double at(std::int64_t i, std::int64_t j, std::int64_t k) const {
        double bound = m_quantFirst ? 0.5 * std::abs(m_first.scaling().slopeOfSlice(k)) : 0.0;
        if (m_quantSecond) {
            bound += 0.5 * std::abs(m_second.scaling().slopeOfSlice(m_pairs.secondSlice(i, j, k)));
        }
        return bound;
    }
    /// The bound used for a whole row (or 0 when quantization does not apply).
    double forRow(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return applies() ? at(i, j, k) : 0.0;
    }

  private:
    const Volume& m_first;
    const Volume& m_second;
    const detail::VoxelPairs& m_pairs;
    bool m_quantFirst;
    bool m_quantSecond;
};

/// What pass 1 reads and where it keeps what pass 2 needs.
struct FirstPassInput {
    const Index3& dims; ///< the first image's
    const detail::VoxelPairs& pairs;
    const QuantizationBounds& quant;
    const SumContext& ctx;
    float* secondOnFirstGrid = nullptr;      ///< when kept for the caller
    float* resampled = nullptr;              ///< the second resampled, kept for pass 2 (or null)
    std::vector<std::uint8_t>& identicalRow; ///< per row (j + rows * k): all pairs equal
};

/// Pass 1 over one row: sums, the non-finite pairs one by one, the |difference| buckets and
/// where the row's largest difference is.
void firstPassRow(const FirstPassInput& in, const detail::RowPair& row, std::int64_t j,
                  std::int64_t k, Accumulator& sliceAcc, LaneCounter& mag,
                  std::vector<std::int32_t>& bucketOf) {
    const std::int64_t lin0 = in.dims[0] * (j + in.dims[1] * k);
    for (float* keep : {in.secondOnFirstGrid, in.resampled}) {
        if (keep != nullptr) {
            std::copy(row.b + row.begin, row.b + row.end, keep + lin0 + row.begin);
        }
    }
    double rowMax = -1.0;
    std::int64_t zeroDiffs = 0;
    const bool fast = !in.quant.variesAlongRow() &&
                      sumFinitePairs(row.a, row.b, row.begin, row.end, in.ctx,
                                     in.quant.forRow(row.begin, j, k), sliceAcc, rowMax, zeroDiffs);
    if (!fast) {
        for (std::int64_t i = row.begin; i < row.end; ++i) {
            const float fa = row.a[i], fb = row.b[i];
            if (!std::isfinite(fa) || !std::isfinite(fb)) {
                ++((std::isnan(fa) && std::isnan(fb)) || fa == fb ? sliceAcc.nanBoth
                                                                  : sliceAcc.mismatch);
                continue;
            }
            double m = -1.0;
            std::int64_t zero = 0;
            sumFinitePairs(row.a, row.b, i, i + 1, in.ctx, in.quant.forRow(i, j, k), sliceAcc, m,
                           zero);
            rowMax = std::max(rowMax, m);
        }
    }
    if (fast && zeroDiffs == row.end - row.begin) {
        // Rows whose pairs are all equal need no second look: pass 2 counts them in one step.
        in.identicalRow[static_cast<std::size_t>(j + in.dims[1] * k)] = 1;
        mag.addMany(0, static_cast<std::uint64_t>(zeroDiffs)); // |d| = 0: bucket 0
    } else {
        magnitudeBuckets(row.a, row.b, row.begin, row.end, bucketOf.data());
        mag.add(bucketOf.data(), row.begin, row.end);
    }
    if (rowMax > sliceAcc.maxAbs) {
        // Find where: the first pair of the row reaching the row's maximum.
        for (std::int64_t i = row.begin; i < row.end; ++i) {
            const double ad =
                std::fabs(static_cast<double>(row.b[i]) - static_cast<double>(row.a[i]));
            if (ad == rowMax) {
                sliceAcc.maxAbs = ad;
                sliceAcc.maxLin = lin0 + i;
                sliceAcc.maxIndex = {i, j, k};
                sliceAcc.maxA = row.a[i];
                sliceAcc.maxB = row.b[i];
                break;
            }
        }
    }
}

/// The per-slice statistics of slice k from its sums.
void finishSlice(SliceDiffStats& sl, std::int64_t k, const Accumulator& sliceAcc,
                 const QuantizationBounds& quant, const Index3& dims) {
    sl.k = k;
    sl.count = sliceAcc.n;
    sl.maxAbsDiff = std::max(sliceAcc.maxAbs, 0.0);
    if (sl.count == 0) {
        return;
    }
    sl.meanDiff = sliceAcc.sumD / static_cast<double>(sl.count);
    sl.rmse = std::sqrt(sliceAcc.sumSq / static_cast<double>(sl.count));
    if (quant.applies()) {
        // Largest bound over the slice; constant along rows unless the axes cross.
        for (std::int64_t i : {std::int64_t{0}, dims[0] - 1}) {
            for (std::int64_t j : {std::int64_t{0}, dims[1] - 1}) {
                sl.quantizationBound = std::max(sl.quantizationBound, quant.at(i, j, k));
            }
        }
    }
}

/// Pass 1 on all cores: moments, extremes, tolerance counts, per-slice statistics, the sums of
/// the linear fit and the |difference| distribution. False when cancelled.
bool firstPass(const FirstPassInput& in, std::vector<SliceDiffStats>& perSlice,
               const std::atomic<bool>* cancel, Accumulator& total,
               std::vector<std::uint64_t>& magnitudeTotal) {
    const unsigned workers = workerCount(in.dims[2]);
    std::vector<Accumulator> partial(workers);
    std::vector<LaneCounter> magnitudes(workers, LaneCounter(kMagnitudeBuckets + 1));
    std::atomic<bool> cancelled{false};
    parallelSlices(in.dims[2], [&](std::int64_t kb, std::int64_t ke, unsigned w) {
        std::vector<float> scratch;
        std::vector<std::int32_t> bucketOf(static_cast<std::size_t>(in.dims[0]));
        for (std::int64_t k = kb; k < ke; ++k) {
            if (cancel && cancel->load()) {
                cancelled = true;
                return;
            }
            Accumulator sliceAcc;
            for (std::int64_t j = 0; j < in.dims[1]; ++j) {
                const detail::RowPair row = in.pairs.row(j, k, scratch);
                if (row.begin < row.end) {
                    firstPassRow(in, row, j, k, sliceAcc, magnitudes[w], bucketOf);
                }
            }
            finishSlice(perSlice[static_cast<std::size_t>(k)], k, sliceAcc, in.quant, in.dims);
            partial[w].addSums(sliceAcc);
            partial[w].takeMaxFrom(sliceAcc);
        }
    });
    if (cancelled) {
        return false;
    }
    for (const auto& p : partial) {
        total.addSums(p);
        total.takeMaxFrom(p);
    }
    magnitudeTotal.assign(kMagnitudeBuckets, 0);
    for (const auto& m : magnitudes) {
        m.addTo(magnitudeTotal);
    }
    return true;
}

/// Pass 2 on all cores: the histogram of signed differences over a symmetric range known only
/// after pass 1. Rows pass 1 found all equal are counted in the zero bin without being read;
/// `resampledSecond` (the second image on the first's grid kept by pass 1, or null) spares
/// sampling it again.
void histogramPass(ValueComparison& vc, const FirstPassInput& in, const float* resampledSecond,
                   const CompareOptions& options) {
    const int bins = std::max(1, options.histogramBins);
    const double halfRange = options.histogramHalfRange > 0
                                 ? options.histogramHalfRange
                                 : (vc.maxAbsDiff > 0 ? vc.maxAbsDiff : 1.0);
    // One extra slot collects the non-finite pairs, so the bin loop has no branch and
    // vectorises; only the increments are scalar.
    const unsigned workers = workerCount(in.dims[2]);
    std::vector<LaneCounter> counts(workers, LaneCounter(static_cast<std::size_t>(bins) + 1));
    std::int32_t zeroBin = 0;
    const float zero = 0.0f;
    histogramBins(&zero, &zero, 0, 1, halfRange, bins, &zeroBin);
    const Index3& d1 = in.dims;
    parallelSlices(d1[2], [&](std::int64_t kb, std::int64_t ke, unsigned w) {
        auto& c = counts[w];
        std::vector<float> scratch;
        std::vector<std::int32_t> binOf(static_cast<std::size_t>(d1[0]));
        for (std::int64_t k = kb; k < ke; ++k) {
            for (std::int64_t j = 0; j < d1[1]; ++j) {
                detail::RowPair row = in.pairs.rowRange(j, k);
                if (in.identicalRow[static_cast<std::size_t>(j + d1[1] * k)]) {
                    c.addMany(static_cast<std::size_t>(zeroBin),
                              static_cast<std::uint64_t>(row.end - row.begin));
                    continue;
                }
                if (resampledSecond != nullptr) {
                    row.b = resampledSecond + d1[0] * (j + d1[1] * k);
                } else {
                    row = in.pairs.row(j, k, scratch);
                }
                histogramBins(row.a, row.b, row.begin, row.end, halfRange, bins, binOf.data());
                c.add(binOf.data(), row.begin, row.end);
            }
        }
    });
    vc.histogram.counts.assign(static_cast<std::size_t>(bins), 0);
    for (const auto& c : counts) {
        c.addTo(vc.histogram.counts);
    }
    for (int b = 0; b <= bins; ++b) {
        vc.histogram.edges.push_back(-halfRange + 2 * halfRange * b / bins);
    }
}

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
    case Verdict::Rescaled:
        return "rescaled";
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
    result.geometry = relateGeometry(first, second, options.gridToleranceVoxels);
    const GeometryRelation& g = result.geometry;
    const detail::VoxelPairs pairs(first, second, g, options.interpolation);
    ValueComparison& vc = result.values;
    const QuantizationBounds quant(first, second, g, pairs);
    vc.quantizationApplies = quant.applies();
    vc.quantizationSide = quant.side();
    auto boundFirst = [&](std::int64_t k) {
        return quant.first() ? 0.5 * std::abs(first.scaling().slopeOfSlice(k)) : 0.0;
    };
    auto boundSecond = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
        return quant.second()
                   ? 0.5 * std::abs(second.scaling().slopeOfSlice(pairs.secondSlice(i, j, k)))
                   : 0.0;
    };

    const Index3& d1 = first.dims();
    const SumContext ctx{first.stats().mean, second.stats().mean, options.absTolerance,
                         options.relTolerance, vc.quantizationApplies};
    vc.perSlice.resize(static_cast<std::size_t>(d1[2]));
    if (options.keepSecondOnFirstGrid) {
        result.secondOnFirstGrid.assign(static_cast<std::size_t>(first.voxelCount()),
                                        std::numeric_limits<float>::quiet_NaN());
    }
    std::vector<std::uint8_t> identicalRow(static_cast<std::size_t>(d1[1] * d1[2]), 0);
    // The second image resampled on the first's grid, kept from pass 1 for pass 2 (sampling
    // costs more than the statistics): the caller's copy when it asked for one.
    VoxelBuffer resampled;
    if (!g.sameLattice && result.secondOnFirstGrid.empty()) {
        try {
            resampled = VoxelBuffer(static_cast<std::size_t>(first.voxelCount()));
        } catch (const std::bad_alloc&) {
            // Pass 2 samples again.
        }
    }
    float* keptSecond =
        result.secondOnFirstGrid.empty() ? nullptr : result.secondOnFirstGrid.data();
    const FirstPassInput in{d1, pairs, quant, ctx, keptSecond, resampled.data(), identicalRow};
    Accumulator acc;
    std::vector<std::uint64_t> magnitudeTotal;
    if (!firstPass(in, vc.perSlice, options.cancel, acc, magnitudeTotal)) {
        return makeError(ErrorCode::Cancelled, "comparison cancelled");
    }
    if (options.progress) {
        options.progress(0.5, "Comparing values");
    }
    detail::summariseDifferences(vc, acc);
    detail::locateMaximum(vc, acc, g, first);
    detail::fitLine(vc, acc, ctx);
    detail::fillPercentiles(vc, magnitudeTotal, acc.n);

    if (residualsNeedChecking(result, first, second, options)) {
        const FitBand band{vc.linearFit.meanFirst, vc.linearFit.stdFirst,
                           static_cast<double>(std::max<std::int64_t>(acc.n, 1))};
        checkFitResiduals(pairs, d1, options, boundFirst, boundSecond, band, vc.linearFit);
    }
    histogramPass(vc, in, g.sameLattice ? nullptr : (keptSecond ? keptSecond : resampled.data()),
                  options);
    if (options.progress) {
        options.progress(1.0, "Comparing values");
    }
    detail::decideVerdict(result, first, second, options, quant.first(), quant.second());
    return result;
}

} // namespace voxdiff::core
