// SPDX-License-Identifier: BSD-3-Clause
// The rescale and equivalence rules know integer storage: second = a x first + b holds when every
// residual is within the tolerance or the quantization step of its pair, even where R^2 falls
// just short of 1 - 1e-9 (int16 with a slope per slice). Synthetic volumes probe one rule each;
// the built-in demo pair and the shared PET cases give the verdicts users see.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "TestData.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/ComparisonRun.h"
#include "voxdiff/DemoData.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using namespace voxdiff::core;

/// Bq/ml per SUV of the demo pair, and a unit factor of that size for synthetic pairs.
constexpr double kUnitFactor = 3377.52;

bool hasCode(const Comparison& c, const std::string& code) {
    return std::find(c.reasonCodes.begin(), c.reasonCodes.end(), code) != c.reasonCodes.end();
}

/// A smooth PET-like volume (values 0 to ~15) with a zero background.
Volume petLike(const Index3& dims) {
    std::vector<float> v(static_cast<std::size_t>(dims[0] * dims[1] * dims[2]));
    for (std::int64_t k = 0; k < dims[2]; ++k) {
        for (std::int64_t j = 0; j < dims[1]; ++j) {
            for (std::int64_t i = 0; i < dims[0]; ++i) {
                const double r2 = (i - 10.0) * (i - 10.0) + (j - 9.0) * (j - 9.0);
                const double value = r2 < 64 ? 1.0 + 14.0 * std::exp(-r2 / (8.0 + k)) +
                                                   0.37 * std::sin(1.3 * i + 0.7 * j + k)
                                             : 0.0;
                v[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))] =
                    static_cast<float>(value);
            }
        }
    }
    return Volume(dims, Matrix4::identity(), std::move(v));
}

/// `source` times `factor`, stored as integers with a slope per slice chosen from the slice's
/// range (as a PET export does, but with `levels` steps instead of int16's 32767, so the
/// rounding shows in R^2 whatever the volume): each voxel within half its slice's slope.
Volume quantizedPerSlice(const Volume& source, double factor, double levels = 800.0) {
    Volume q = source;
    q.scaling().kind = ScalingKind::DicomRescale;
    q.scaling().storedType = "int16";
    const Index3& d = source.dims();
    const std::int64_t perSlice = d[0] * d[1];
    for (std::int64_t k = 0; k < d[2]; ++k) {
        double maxAbs = 0.0;
        for (std::int64_t n = 0; n < perSlice; ++n) {
            maxAbs = std::max(
                maxAbs,
                std::abs(factor * source.voxels()[static_cast<std::size_t>(k * perSlice + n)]));
        }
        const double slope = maxAbs > 0 ? maxAbs / levels : 1.0;
        q.scaling().perSliceK.push_back({slope, 0.0});
        for (std::int64_t n = 0; n < perSlice; ++n) {
            float& x = q.voxels()[static_cast<std::size_t>(k * perSlice + n)];
            x = static_cast<float>(std::round(factor * x / slope) * slope);
        }
    }
    q.refreshStats();
    return q;
}

TEST(RescaleQuantization, AUnitChangeStoredAsInt16PerSliceIsRescaledWithinQuantization) {
    const Volume first = petLike({20, 18, 12});
    const Volume second = quantizedPerSlice(first, kUnitFactor);
    auto c = compareVolumes(first, second, compareOptionsFor(ComparisonSettings{}));
    ASSERT_TRUE(c.ok()) << c.error().describe();
    const LinearFit& fit = c->values.linearFit;
    // The case this rule exists for: R^2 alone does not show the line.
    ASSERT_LT(fit.r2, kRescaleMinR2);
    EXPECT_TRUE(fit.residualsChecked);
    EXPECT_EQ(fit.residualsOverBound, 0);
    EXPECT_GT(fit.residualsOverTolerance, 0) << "the tolerance alone does not explain it";
    EXPECT_LE(fit.maxAbsResidual, c->values.quantizationBoundMax * 1.01);
    EXPECT_EQ(c->verdict, Verdict::Rescaled);
    EXPECT_EQ(c->reason, VerdictReason::LinearRescale);
    EXPECT_EQ(c->rescale.heldBy, RescaleFinding::HeldBy::ResidualQuantization);
    ASSERT_EQ(c->reasonCodes.size(), 2u);
    EXPECT_EQ(c->reasonCodes[0], "linear_rescale");
    EXPECT_EQ(c->reasonCodes[1], "residuals_within_quantization");
    // 800 steps per slice move the fitted line a little; the intercept is inside one step.
    EXPECT_NEAR(c->rescale.slope, kUnitFactor, kUnitFactor * 1e-4);
    EXPECT_EQ(c->rescale.intercept, 0.0) << c->verdictReason;
}

TEST(RescaleQuantization, OneVoxelChangedBeyondItsStepIsDifferent) {
    const Volume first = petLike({20, 18, 12});
    Volume second = quantizedPerSlice(first, kUnitFactor);
    // Three storage steps off in the middle of the body of slice 4: a real change, small enough
    // that R^2 barely moves.
    const std::size_t n = static_cast<std::size_t>(10 + 20 * (9 + 18 * 4));
    second.voxels()[n] += static_cast<float>(3.0 * second.scaling().perSliceK[4].slope);
    second.refreshStats();
    auto c = compareVolumes(first, second, compareOptionsFor(ComparisonSettings{}));
    ASSERT_TRUE(c.ok());
    EXPECT_GT(c->values.linearFit.r2, 0.9999);
    EXPECT_GE(c->values.linearFit.residualsOverBound, 1);
    EXPECT_EQ(c->verdict, Verdict::Different);
    EXPECT_EQ(c->reason, VerdictReason::OverTolerance);
    EXPECT_FALSE(hasCode(c.value(), "residuals_within_quantization"));
}

TEST(RescaleQuantization, TheFirstSideStoredAsIntegersScalesItsBoundByTheSlope) {
    // First: int16 per slice in Bq/ml; second: the same values in SUV, float. The residual is
    // in the second's units, so the first's half step counts times the slope.
    const Volume suv = petLike({20, 18, 12});
    const Volume first = quantizedPerSlice(suv, kUnitFactor);
    auto c = compareVolumes(first, suv, compareOptionsFor(ComparisonSettings{}));
    ASSERT_TRUE(c.ok());
    ASSERT_LT(c->values.linearFit.r2, kRescaleMinR2);
    EXPECT_EQ(c->values.quantizationSide, "first");
    EXPECT_EQ(c->verdict, Verdict::Rescaled);
    EXPECT_TRUE(hasCode(c.value(), "residuals_within_quantization"));
    EXPECT_NEAR(c->rescale.slope, 1.0 / kUnitFactor, 1e-4 / kUnitFactor);
}

TEST(RescaleQuantization, ValuesEqualWithinQuantizationAreEquivalentNotRescaled) {
    const Volume first = petLike({20, 18, 12});
    const Volume second = quantizedPerSlice(first, 1.0);
    auto c = compareVolumes(first, second, compareOptionsFor(ComparisonSettings{}));
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->verdict, Verdict::Equivalent);
    EXPECT_EQ(c->reason, VerdictReason::WithinQuantization);
    EXPECT_FALSE(c->rescale.applies);
    EXPECT_FALSE(c->values.linearFit.residualsChecked) << "the values already agree";
}

TEST(RescaleQuantization, ACoarseFloatPairIsNotCheckedPairByPair) {
    // No integer storage and a real change everywhere: the residual RMS rules the line out
    // without a second pass.
    const Volume first = petLike({20, 18, 12});
    Volume second = first;
    for (std::size_t n = 0; n < second.voxels().size(); ++n) {
        second.voxels()[n] = static_cast<float>(2.0 * second.voxels()[n] + std::sin(0.37 * n));
    }
    second.refreshStats();
    auto c = compareVolumes(first, second, compareOptionsFor(ComparisonSettings{}));
    ASSERT_TRUE(c.ok());
    EXPECT_FALSE(c->values.linearFit.residualsChecked);
    EXPECT_EQ(c->verdict, Verdict::Different);
}

class DemoPairVerdict : public ::testing::Test {
  protected:
    void SetUp() override {
        auto pair = writeDemoPair(m_dir / "demo", false);
        ASSERT_TRUE(pair.ok()) << pair.error().describe();
        m_pair = pair.value();
    }
    Comparison compare(const ComparisonSettings& settings) {
        auto run = runComparison(m_pair.niftiPath, m_pair.dicomFolder, settings);
        EXPECT_TRUE(run.ok()) << run.error().describe();
        return run.ok() ? run.value().comparison : Comparison{};
    }
    TempDir m_dir;
    DemoPair m_pair;
};

TEST_F(DemoPairVerdict, DefaultsGiveRescaledByTheSuvFactorWithinTheInt16Quantization) {
    const Comparison c = compare(ComparisonSettings{});
    EXPECT_EQ(c.verdict, Verdict::Rescaled);
    EXPECT_EQ(c.reason, VerdictReason::SuvRescale);
    ASSERT_EQ(c.reasonCodes.size(), 2u);
    EXPECT_EQ(c.reasonCodes[0], "suv_rescale");
    EXPECT_EQ(c.reasonCodes[1], "residuals_within_quantization");
    EXPECT_TRUE(c.rescale.suvFactor);
    EXPECT_EQ(c.rescale.suvSide, 1);
    EXPECT_FALSE(c.rescale.suvApplied) << "the DICOM side is in Bq/ml";
    EXPECT_NEAR(c.rescale.slope, m_pair.pet.bqmlPerSuv(), m_pair.pet.bqmlPerSuv() * 1e-6);
    EXPECT_LT(c.values.linearFit.r2, kRescaleMinR2) << "int16 storage keeps R^2 under 1 - 1e-9";
    EXPECT_EQ(c.values.linearFit.residualsOverBound, 0);
}

TEST_F(DemoPairVerdict, WithTheDicomInSuvItIsEquivalentWithinTheInt16QuantizationOfEachSlice) {
    ComparisonSettings settings;
    ASSERT_TRUE(applySetting(settings, "suv-second", "").ok());
    const Comparison c = compare(settings);
    EXPECT_EQ(c.verdict, Verdict::Equivalent);
    EXPECT_EQ(c.reason, VerdictReason::WithinQuantization);
    ASSERT_EQ(c.reasonCodes.size(), 1u);
    EXPECT_EQ(c.reasonCodes[0], "within_quantization");
    EXPECT_DOUBLE_EQ(c.values.withinQuantizationFraction, 1.0);
    EXPECT_EQ(c.values.quantizationSide, "second");
}

/// The shared PET cases: each NIfTI made from the DICOM series (float SUV) against the series.
TEST(RescaleQuantization, SharedPetNiftiAgainstTheirDicomAreEquivalent) {
    for (const char* name :
         {"pet_ge_sts002_suv_perslice_slope", "pet_ge_sts009_suv_perslice_slope"}) {
        const fs::path dir = sharedDataDir() / name;
        if (!fs::exists(dir)) {
            VOXDIFF_MISSING_SHARED_DATA(std::string("../shared/data/") + name);
        }
        int niftis = 0;
        for (const auto& e : fs::directory_iterator(dir / "nifti")) {
            if (!e.path().string().ends_with(".nii.gz")) {
                continue;
            }
            ++niftis;
            auto run = runComparison(e.path(), dir / "dicom", ComparisonSettings{});
            ASSERT_TRUE(run.ok()) << e.path() << ": " << run.error().describe();
            const Comparison& c = run.value().comparison;
            EXPECT_EQ(c.verdict, Verdict::Equivalent) << e.path() << ": " << c.verdictReason;
            EXPECT_FALSE(c.rescale.applies) << e.path();
            // truth.json: max |difference| 1.59563e-06 SUV (float32 rounding).
            EXPECT_LT(c.values.maxAbsDiff, 2e-6) << e.path();
        }
        EXPECT_EQ(niftis, 3) << name;
    }
}

} // namespace
} // namespace voxdiff::test
