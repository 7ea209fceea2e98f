// SPDX-License-Identifier: BSD-3-Clause
// Reading float DICOM: Parametric Maps with Float / Double Float Pixel Data and a Real World
// Value Mapping, and enhanced objects whose rescale differs per frame. The inputs are written
// by a pydicom fixture (tests/support/make_parametric_map.py), independently of VoxDiff.
#include <gtest/gtest.h>

#include <cmath>

#include "ExportTestSupport.h"
#include "voxdiff/ImageLoader.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

constexpr double kPositionToleranceMm = 1e-6;
constexpr int kColumns = 5;
constexpr int kRows = 4;
constexpr int kSlices = 3;

/// The fixture's value at column c, row r, slice s (s along +normal).
double fixtureValue(int c, int r, int s) {
    return 100.0 * s + 10.0 * r + c + 0.25;
}

void expectFixtureGrid(const core::Volume& v) {
    ASSERT_EQ(v.dims(), (core::Index3{kColumns, kRows, kSlices}));
    const core::Matrix4& m = v.ijkToLps();
    // Columns 0.6 mm apart along +x, rows 0.8 mm along +y, slices 2.5 mm along +z.
    EXPECT_NEAR(m.at(0, 0), 0.6, kPositionToleranceMm);
    EXPECT_NEAR(m.at(1, 1), 0.8, kPositionToleranceMm);
    EXPECT_NEAR(m.at(2, 2), 2.5, kPositionToleranceMm);
    EXPECT_NEAR(m.at(0, 3), -10.0, kPositionToleranceMm);
    EXPECT_NEAR(m.at(1, 3), 20.0, kPositionToleranceMm);
    EXPECT_NEAR(m.at(2, 3), 30.0, kPositionToleranceMm);
}

class FloatParametricMap : public ::testing::TestWithParam<const char*> {};

TEST_P(FloatParametricMap, AppliesTheRealWorldValueMappingAndSortsFramesAlongTheNormal) {
    if (!pydicomAvailable()) {
        GTEST_SKIP() << "SKIPPED: python3-pydicom missing; float DICOM reading NOT tested";
    }
    TempDir dir;
    const fs::path file = dir / "map.dcm";
    ASSERT_TRUE(writeFixture(GetParam(), file));
    auto volume = core::loadImage(file);
    ASSERT_TRUE(volume.ok()) << volume.error().describe();
    expectFixtureGrid(volume.value());
    EXPECT_EQ(volume->scaling().storedType, std::string(GetParam()));
    EXPECT_EQ(volume->valueUnits(), "g/ml");
    for (int s = 0; s < kSlices; ++s) {
        for (int r = 0; r < kRows; ++r) {
            for (int c = 0; c < kColumns; ++c) {
                // stored = (v - 0.5) / 2, mapped back with slope 2 and intercept 0.5: exact.
                EXPECT_EQ(volume->value(c, r, s), static_cast<float>(fixtureValue(c, r, s)))
                    << c << "," << r << "," << s;
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(ExportFloatDicom, FloatParametricMap,
                         ::testing::Values("float32", "float64"));

TEST(ExportFloatDicom, RescalesEachFrameOfAnEnhancedObjectWithItsOwnSlopeAndIntercept) {
    if (!pydicomAvailable()) {
        GTEST_SKIP() << "SKIPPED: python3-pydicom missing; per-frame rescale NOT tested";
    }
    TempDir dir;
    const fs::path file = dir / "enhanced.dcm";
    ASSERT_TRUE(writeFixture("enhanced-int16", file));
    auto volume = core::loadImage(file);
    ASSERT_TRUE(volume.ok()) << volume.error().describe();
    expectFixtureGrid(volume.value());
    const auto& perSlice = volume->scaling().perSliceK;
    ASSERT_EQ(perSlice.size(), static_cast<std::size_t>(kSlices));
    for (int s = 0; s < kSlices; ++s) {
        const double slope = 0.5 * (s + 1);
        EXPECT_DOUBLE_EQ(perSlice[static_cast<std::size_t>(s)].slope, slope);
        EXPECT_DOUBLE_EQ(perSlice[static_cast<std::size_t>(s)].intercept, -s);
        for (int r = 0; r < kRows; ++r) {
            for (int c = 0; c < kColumns; ++c) {
                // numpy rounds halves to even, as nearbyint does.
                const double stored = std::nearbyint((fixtureValue(c, r, s) + s) / slope);
                EXPECT_DOUBLE_EQ(volume->value(c, r, s), stored * slope - s);
            }
        }
    }
}

} // namespace
} // namespace voxdiff::test
