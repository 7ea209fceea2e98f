// SPDX-License-Identifier: BSD-3-Clause
// Every NIfTI file of the shared cases, read by VoxDiff and compared with the independent
// truth computed by nibabel (shared/tools/truth.py).
#include <gtest/gtest.h>

#include <cmath>

#include "TestData.h"
#include "voxdiff/NiftiReader.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

constexpr double kAffineToleranceMm = 1e-4;
constexpr double kValueRelTolerance = 1e-5;

struct NiftiCase {
    fs::path caseDir;
    std::size_t index = 0; // position in truth.json's "nifti" list
    std::string name;
};

std::vector<NiftiCase> niftiCases() {
    std::vector<NiftiCase> cases;
    for (const auto& dir : sharedCases()) {
        const Json truth = loadTruth(dir);
        const Json& list = truth["nifti"];
        for (std::size_t n = 0; n < list.size(); ++n) {
            cases.push_back(
                {dir, n, testNameOf(dir.filename().string() + "__" + list[n]["file"].asString())});
        }
    }
    if (cases.empty()) {
        cases.push_back({{}, 0, kNoSharedData});
    }
    return cases;
}

void expectRelNear(double actual, double expected, const char* what) {
    const double tol = kValueRelTolerance * std::max(1.0, std::abs(expected));
    EXPECT_NEAR(actual, expected, tol) << what;
}

void PrintTo(const NiftiCase& c, std::ostream* os) {
    *os << c.name;
}

class NiftiTruth : public ::testing::TestWithParam<NiftiCase> {};

TEST_P(NiftiTruth, MatchesNibabelDimsAffineAndValues) {
    const NiftiCase& c = GetParam();
    VOXDIFF_REQUIRE_SHARED_DATA(c.name);
    const Json truth = loadTruth(c.caseDir)["nifti"][c.index];
    const fs::path file = c.caseDir / "nifti" / truth["file"].asString();

    auto first = core::readNifti(file);
    ASSERT_TRUE(first.ok()) << first.error().describe();
    const core::Volume& v = first.value();

    // Dims: i, j, k exact, then the number of volumes.
    const Json& dims = truth["dims"];
    for (std::size_t a = 0; a < 3; ++a) {
        const double expected = a < dims.size() ? dims[a].asNumber() : 1.0;
        EXPECT_EQ(v.dims()[a], static_cast<std::int64_t>(expected)) << "dim " << a;
    }
    std::int64_t volumes = 1;
    for (std::size_t a = 3; a < dims.size(); ++a) {
        volumes *= static_cast<std::int64_t>(dims[a].asNumber());
    }
    EXPECT_EQ(v.timePointCount(), volumes);

    // Affine in RAS, against nibabel's, except where nibabel's fallback (no qform/sform)
    // follows the Analyze convention and VoxDiff the NIfTI standard's method 1.
    const std::string source = truth["affine_source"].asString();
    const core::Matrix4 ras = v.ijkToRas();
    if (source == "fallback (pixdim only)") {
        EXPECT_EQ(v.nifti()->affineSource, "pixdim");
        const Json& pixdim = truth["pixdim"];
        for (int a = 0; a < 3; ++a) {
            EXPECT_NEAR(ras.at(a, a), std::abs(pixdim[static_cast<std::size_t>(a + 1)].asNumber()),
                        kAffineToleranceMm);
            EXPECT_NEAR(ras.at(a, 3), 0.0, kAffineToleranceMm) << "method 1 puts voxel 0 at 0";
        }
        ASSERT_FALSE(v.diagnostics().empty());
        EXPECT_EQ(v.diagnostics().front().code, "geometry_from_pixdim");
    } else {
        EXPECT_EQ(v.nifti()->affineSource, source);
        const Json& affine = truth["affine_ras"];
        for (int r = 0; r < 4; ++r) {
            for (int col = 0; col < 4; ++col) {
                EXPECT_NEAR(
                    ras.at(r, col),
                    affine[static_cast<std::size_t>(r)][static_cast<std::size_t>(col)].asNumber(),
                    kAffineToleranceMm)
                    << "affine_ras[" << r << "][" << col << "]";
            }
        }
    }
    EXPECT_EQ(v.nifti()->qformCode, static_cast<int>(truth["qform_code"].asNumber()));
    EXPECT_EQ(v.nifti()->sformCode, static_cast<int>(truth["sform_code"].asNumber()));

    // Values over every volume of the file, as nibabel's get_fdata() sees them.
    double lo = v.stats().min, hi = v.stats().max,
           sum = v.stats().mean * static_cast<double>(v.stats().finiteCount);
    std::int64_t finite = v.stats().finiteCount,
                 nonFinite = v.stats().nanCount + v.stats().infCount;
    for (std::int64_t t = 1; t < volumes; ++t) {
        core::LoadOptions opt;
        opt.volumeIndex = t;
        auto next = core::readNifti(file, opt);
        ASSERT_TRUE(next.ok()) << next.error().describe();
        const auto& s = next.value().stats();
        lo = std::min(lo, s.min);
        hi = std::max(hi, s.max);
        sum += s.mean * static_cast<double>(s.finiteCount);
        finite += s.finiteCount;
        nonFinite += s.nanCount + s.infCount;
    }
    const Json& values = truth["values"];
    EXPECT_EQ(finite + nonFinite, static_cast<std::int64_t>(values["n_voxels"].asNumber()));
    EXPECT_EQ(nonFinite, static_cast<std::int64_t>(values["n_nonfinite"].asNumber()));
    expectRelNear(lo, values["min"].asNumber(), "min");
    expectRelNear(hi, values["max"].asNumber(), "max");
    expectRelNear(sum / static_cast<double>(finite), values["mean"].asNumber(), "mean");
}

INSTANTIATE_TEST_SUITE_P(SharedData, NiftiTruth, ::testing::ValuesIn(niftiCases()),
                         [](const auto& p) { return p.param.name; });

} // namespace
} // namespace voxdiff::test
