// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cmath>
#include <limits>

#include <cstdlib>
#include <cstring>

#include "SimdDispatch.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

namespace {

struct BlockStats {
    double sum = 0.0;
    float lo = std::numeric_limits<float>::infinity();
    float hi = -std::numeric_limits<float>::infinity();
    std::int64_t finite = 0;
    std::int64_t nan = 0;
};

/// The portable loop: one flat loop, no branch.
BlockStats blockStatsPortable(const float* v, std::size_t count) {
    double sum = 0.0;
    float lo = std::numeric_limits<float>::infinity();
    float hi = -std::numeric_limits<float>::infinity();
    std::int64_t finite = 0;
    std::int64_t nan = 0;
    for (std::size_t n = 0; n < count; ++n) {
        const float x = v[n];
        const bool isFinite = std::fabs(x) <= std::numeric_limits<float>::max();
        sum += isFinite ? static_cast<double>(x) : 0.0;
        lo = isFinite ? std::min(lo, x) : lo;
        hi = isFinite ? std::max(hi, x) : hi;
        finite += isFinite;
        nan += x != x;
    }
    return {sum, lo, hi, finite, nan};
}

#if VOXDIFF_HAVE_AVX2_KERNELS
/// Eight values a step: the sums in double (two registers of four), the counts in 32-bit lanes
/// flushed to 64 bits every 2^24 steps, so no count can wrap.
VOXDIFF_TARGET_AVX2 BlockStats blockStatsAvx2(const float* v, std::size_t count) {
    const __m256 absMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256 largest = _mm256_set1_ps(std::numeric_limits<float>::max());
    const __m256 posInf = _mm256_set1_ps(std::numeric_limits<float>::infinity());
    const __m256 negInf = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
    __m256d sum0 = _mm256_setzero_pd();
    __m256d sum1 = _mm256_setzero_pd();
    __m256 lo = posInf;
    __m256 hi = negInf;
    std::int64_t finite = 0;
    std::int64_t nan = 0;
    const std::size_t steps = count / 8;
    constexpr std::size_t kFlushSteps = std::size_t{1} << 24;
    for (std::size_t s0 = 0; s0 < steps; s0 += kFlushSteps) {
        const std::size_t s1 = std::min(steps, s0 + kFlushSteps);
        __m256i finiteLanes = _mm256_setzero_si256();
        __m256i nanLanes = _mm256_setzero_si256();
        for (std::size_t s = s0; s < s1; ++s) {
            const __m256 x = _mm256_loadu_ps(v + 8 * s);
            const __m256 isFinite = _mm256_cmp_ps(_mm256_and_ps(x, absMask), largest, _CMP_LE_OQ);
            const __m256 kept = _mm256_and_ps(x, isFinite);
            sum0 = _mm256_add_pd(sum0, _mm256_cvtps_pd(_mm256_castps256_ps128(kept)));
            sum1 = _mm256_add_pd(sum1, _mm256_cvtps_pd(_mm256_extractf128_ps(kept, 1)));
            lo = _mm256_min_ps(lo, _mm256_blendv_ps(posInf, x, isFinite));
            hi = _mm256_max_ps(hi, _mm256_blendv_ps(negInf, x, isFinite));
            finiteLanes = _mm256_sub_epi32(finiteLanes, _mm256_castps_si256(isFinite));
            nanLanes =
                _mm256_sub_epi32(nanLanes, _mm256_castps_si256(_mm256_cmp_ps(x, x, _CMP_UNORD_Q)));
        }
        alignas(32) std::int32_t f[8];
        alignas(32) std::int32_t n[8];
        _mm256_store_si256(reinterpret_cast<__m256i*>(f), finiteLanes);
        _mm256_store_si256(reinterpret_cast<__m256i*>(n), nanLanes);
        for (int l = 0; l < 8; ++l) {
            finite += static_cast<std::uint32_t>(f[l]);
            nan += static_cast<std::uint32_t>(n[l]);
        }
    }
    alignas(32) double s4[4];
    _mm256_store_pd(s4, _mm256_add_pd(sum0, sum1));
    alignas(32) float lo8[8];
    alignas(32) float hi8[8];
    _mm256_store_ps(lo8, lo);
    _mm256_store_ps(hi8, hi);
    BlockStats tail = blockStatsPortable(v + 8 * steps, count - 8 * steps);
    tail.sum += (s4[0] + s4[1]) + (s4[2] + s4[3]);
    for (int l = 0; l < 8; ++l) {
        tail.lo = std::min(tail.lo, lo8[l]);
        tail.hi = std::max(tail.hi, hi8[l]);
    }
    tail.finite += finite;
    tail.nan += nan;
    return tail;
}
#endif

BlockStats blockStats(const float* v, std::size_t count) {
#if VOXDIFF_HAVE_AVX2_KERNELS
    if (detail::cpuHasAvx2Fma()) {
        return blockStatsAvx2(v, count);
    }
#endif
    return blockStatsPortable(v, count);
}

} // namespace

void ValueStatsAccumulator::add(const float* values, std::size_t count) {
    const BlockStats b = blockStats(values, count);
    if (b.finite > 0) {
        m_min = m_finite > 0 ? std::min(m_min, static_cast<double>(b.lo)) : b.lo;
        m_max = m_finite > 0 ? std::max(m_max, static_cast<double>(b.hi)) : b.hi;
    }
    m_sum += b.sum;
    m_finite += b.finite;
    m_nan += b.nan;
    m_inf += static_cast<std::int64_t>(count) - b.finite - b.nan;
}

void ValueStatsAccumulator::merge(const ValueStatsAccumulator& other) {
    if (other.m_finite > 0) {
        m_min = m_finite > 0 ? std::min(m_min, other.m_min) : other.m_min;
        m_max = m_finite > 0 ? std::max(m_max, other.m_max) : other.m_max;
    }
    m_sum += other.m_sum;
    m_finite += other.m_finite;
    m_nan += other.m_nan;
    m_inf += other.m_inf;
}

ValueStats ValueStatsAccumulator::result() const {
    ValueStats s;
    s.finiteCount = m_finite;
    s.nanCount = m_nan;
    s.infCount = m_inf;
    if (m_finite > 0) {
        s.min = m_min;
        s.max = m_max;
        s.mean = m_sum / static_cast<double>(m_finite);
    }
    return s;
}

ValueStats computeValueStats(std::span<const float> values) {
    ValueStatsAccumulator acc;
    acc.add(values.data(), values.size());
    return acc.result();
}

bool detail::cpuHasAvx2Fma() {
#if VOXDIFF_HAVE_AVX2_KERNELS
    static const bool has = [] {
        const char* off = std::getenv("VOXDIFF_NO_AVX2");
        if (off != nullptr && std::strcmp(off, "1") == 0) {
            return false;
        }
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }();
    return has;
#else
    return false;
#endif
}

} // namespace voxdiff::core
