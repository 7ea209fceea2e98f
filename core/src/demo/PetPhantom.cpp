// SPDX-License-Identifier: BSD-3-Clause
#include <cmath>
#include <cstdint>

#include "voxdiff/DemoData.h"

namespace voxdiff::core {

namespace {

constexpr Index3 kDimsIjk{96, 96, 72};
constexpr Vec3 kSpacingMm{4.0, 4.0, 3.0};
constexpr double kBackgroundSuv = 1.0;
constexpr double kNoiseAmplitude = 0.04; // relative: +-4 %

/// An ellipsoid in LPS mm with a uniform SUV.
struct Blob {
    Vec3 centreLps;
    Vec3 radiiMm;
    double suv;
};

bool inside(const Blob& b, const Vec3& pLps) {
    double s = 0.0;
    for (int a = 0; a < 3; ++a) {
        const double t = (pLps[a] - b.centreLps[a]) / b.radiiMm[a];
        s += t * t;
    }
    return s <= 1.0;
}

/// Organs first, lesions last: a later blob overrides an earlier one (a liver lesion).
const Blob kBlobs[] = {
    {{0.0, 5.0, 72.0}, {60.0, 75.0, 28.0}, 7.0},     // brain, near the head end
    {{-65.0, 0.0, 0.0}, {60.0, 55.0, 35.0}, 2.5},    // liver, on the patient's right
    {{0.0, 15.0, -85.0}, {25.0, 25.0, 22.0}, 12.0},  // bladder, near the feet
    {{45.0, -20.0, 15.0}, {10.0, 10.0, 10.0}, 8.0},  // lesion
    {{-70.0, 10.0, 5.0}, {8.0, 8.0, 8.0}, 6.0},      // lesion in the liver
    {{60.0, 30.0, -55.0}, {12.0, 12.0, 12.0}, 15.0}, // lesion
    {{-35.0, -30.0, -30.0}, {7.0, 7.0, 7.0}, 4.0},   // faint lesion
};

/// The body outline: a head (an ellipsoid), a neck and an elliptic torso, along z in LPS.
bool insideBody(const Vec3& pLps) {
    const double x = pLps[0];
    const double y = pLps[1];
    const double z = pLps[2];
    if (inside({{0.0, 5.0, 68.0}, {75.0, 92.0, 40.0}, 0.0}, pLps)) {
        return true;
    }
    if (z > 30.0 && z <= 55.0) {
        return x * x + y * y <= 55.0 * 55.0;
    }
    return z <= 40.0 && (x / 150.0) * (x / 150.0) + (y / 100.0) * (y / 100.0) <= 1.0;
}

/// Reproducible noise in [-1, 1] from the voxel index (splitmix64), the same on every
/// platform, unlike a std:: distribution.
double noiseAt(std::int64_t i, std::int64_t j, std::int64_t k) {
    std::uint64_t z =
        static_cast<std::uint64_t>(i + kDimsIjk[0] * (j + kDimsIjk[1] * k)) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) / static_cast<double>(1ULL << 52) - 1.0;
}

} // namespace

Matrix4 demoPhantomIjkToLps() {
    Matrix4 m = Matrix4::identity();
    m.at(0, 0) = kSpacingMm[0];  // i: right to left
    m.at(1, 1) = kSpacingMm[1];  // j: anterior to posterior
    m.at(2, 2) = -kSpacingMm[2]; // k: head to feet
    m.at(0, 3) = -0.5 * kSpacingMm[0] * static_cast<double>(kDimsIjk[0] - 1);
    m.at(1, 3) = -0.5 * kSpacingMm[1] * static_cast<double>(kDimsIjk[1] - 1);
    m.at(2, 3) = 0.5 * kSpacingMm[2] * static_cast<double>(kDimsIjk[2] - 1);
    return m;
}

Volume makePetPhantomSuv() {
    const Matrix4 ijkToLps = demoPhantomIjkToLps();
    std::vector<float> suv(static_cast<std::size_t>(kDimsIjk[0] * kDimsIjk[1] * kDimsIjk[2]));
    std::size_t n = 0;
    for (std::int64_t k = 0; k < kDimsIjk[2]; ++k) {
        for (std::int64_t j = 0; j < kDimsIjk[1]; ++j) {
            for (std::int64_t i = 0; i < kDimsIjk[0]; ++i, ++n) {
                const Vec3 pLps = ijkToLps.transformPoint(
                    {static_cast<double>(i), static_cast<double>(j), static_cast<double>(k)});
                if (!insideBody(pLps)) {
                    continue;
                }
                double value = kBackgroundSuv;
                for (const Blob& b : kBlobs) {
                    if (inside(b, pLps)) {
                        value = b.suv;
                    }
                }
                suv[n] = static_cast<float>(value * (1.0 + kNoiseAmplitude * noiseAt(i, j, k)));
            }
        }
    }
    Volume volume(kDimsIjk, ijkToLps, std::move(suv));
    volume.setModality("PT");
    volume.setValueUnits("SUVbw g/ml");
    volume.source().description = "VoxDiff PET phantom (SUVbw)";
    volume.refreshStats();
    return volume;
}

} // namespace voxdiff::core
