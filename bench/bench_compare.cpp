// SPDX-License-Identifier: BSD-3-Clause
// Benchmark (not a test): compare two 512x512x400 float32 volumes on the same grid, the second
// stored with its k axis reversed, as after a NIfTI -> DICOM -> NIfTI round trip.
// Targets (issue 12): same grid <= 0.25 s, trilinear resampling <= 1.0 s on 2 cores. Medians of 5
// runs (3 for resampling) are printed: the machine is shared, single runs vary.
// Usage: bench_compare [slices] [rows] [columns] [same-grid-only]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "voxdiff/Comparison.h"

using namespace voxdiff::core;

namespace {

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

} // namespace

int main(int argc, char** argv) {
    const std::int64_t nk = argc > 1 ? std::atoll(argv[1]) : 400;
    const std::int64_t nj = argc > 2 ? std::atoll(argv[2]) : 512;
    const std::int64_t ni = argc > 3 ? std::atoll(argv[3]) : 512;
    const std::size_t n = static_cast<std::size_t>(ni * nj * nk);
    std::vector<float> a(n), b(n);
    std::uint32_t seed = 12345;
    for (std::int64_t k = 0; k < nk; ++k) {
        for (std::int64_t p = 0; p < ni * nj; ++p) {
            seed = seed * 1664525u + 1013904223u;
            const float v = static_cast<float>(seed >> 8) * (1.0f / 16777216.0f) * 1000.0f;
            a[static_cast<std::size_t>(k * ni * nj + p)] = v;
            // Same value, slice stored at the other end, with int16-like quantization noise.
            b[static_cast<std::size_t>((nk - 1 - k) * ni * nj + p)] =
                v + ((seed & 1) ? 0.01f : -0.01f);
        }
    }
    Matrix4 m1 = Matrix4::identity();
    m1.at(0, 0) = m1.at(1, 1) = 0.8;
    m1.at(2, 2) = 1.5;
    Matrix4 m2 = m1;
    m2.at(2, 2) = -1.5;
    m2.at(2, 3) = 1.5 * static_cast<double>(nk - 1);
    const Volume first({ni, nj, nk}, m1, std::move(a));
    Volume second({ni, nj, nk}, m2, std::move(b));
    second.refreshStats();

    std::printf("bench_compare: %lldx%lldx%lld float32 (%.0f MiB each)\n",
                static_cast<long long>(ni), static_cast<long long>(nj), static_cast<long long>(nk),
                static_cast<double>(n) * 4 / 1048576);
    std::vector<double> times;
    for (int run = 0; run < 5; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        auto c = compareVolumes(first, second);
        times.push_back(seconds(t0));
        std::printf("  same-grid run %d: %.3f s (same_grid=%d, max|diff|=%.4g)\n", run,
                    times.back(), c.ok() && c->geometry.sameGrid,
                    c.ok() ? c->values.maxAbsDiff : -1.0);
        if (!c.ok() || !c->geometry.sameGrid || c->values.maxAbsDiff > 0.02) {
            std::fprintf(stderr, "bench_compare: wrong same-grid result\n");
            return 1;
        }
    }
    std::sort(times.begin(), times.end());
    std::printf("same-grid median: %.3f s (target <= 0.25 s)\n", times[times.size() / 2]);

    if (argc > 4 && std::string(argv[4]) == "same-grid-only") {
        return 0;
    }
    // The resampled path on the same data: the second shifted by half a voxel.
    Matrix4 m3 = m2;
    m3.at(0, 3) += 0.4;
    second.setIjkToLps(m3);
    times.clear();
    for (int run = 0; run < 3; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        auto c = compareVolumes(first, second);
        times.push_back(seconds(t0));
        if (!c.ok() || !c->geometry.interpolated) {
            std::fprintf(stderr, "bench_compare: the shifted grid was not resampled\n");
            return 1;
        }
    }
    std::sort(times.begin(), times.end());
    std::printf("resampled (trilinear) median: %.3f s (target <= 1.0 s)\n", times[1]);
    return 0;
}
