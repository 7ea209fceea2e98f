// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// The hot loops (the value statistics, the comparison's sums) exist twice: a portable loop and
// an AVX2 + FMA one written with intrinsics, picked at run time. GCC 12 does not vectorise the
// portable loops (mixed double and integer reductions), so they ran one pair at a time.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define VOXDIFF_HAVE_AVX2_KERNELS 1
#define VOXDIFF_TARGET_AVX2 __attribute__((target("avx2,fma")))
#include <immintrin.h>
#else
#define VOXDIFF_HAVE_AVX2_KERNELS 0
#endif

namespace voxdiff::core::detail {

/// True when this CPU runs AVX2 and FMA (asked once). VOXDIFF_NO_AVX2=1 in the environment
/// forces the portable loops (tests compare both).
bool cpuHasAvx2Fma();

} // namespace voxdiff::core::detail
