// SPDX-License-Identifier: BSD-3-Clause
#include <gtest/gtest.h>

#include "voxdiff/Geometry.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {
namespace {

TEST(Matrix4, InverseUndoesAnObliqueAffine) {
    const Matrix4 a = Matrix4::fromRows(
        {{{0.9, -0.1, 0.3, 10}, {0.2, 1.8, 0.0, -5}, {0.0, 0.4, 3.0, 7}, {0, 0, 0, 1}}});
    bool ok = false;
    const Matrix4 inv = a.inverse(&ok);
    ASSERT_TRUE(ok);
    EXPECT_LT((a * inv).maxAbsDiff(Matrix4::identity()), 1e-12);
}

TEST(Matrix4, ReportsASingularMatrix) {
    Matrix4 a = Matrix4::identity();
    a.at(2, 2) = 0.0;
    bool ok = true;
    a.inverse(&ok);
    EXPECT_FALSE(ok);
}

TEST(Geometry, OrientationCodesFollowTheRasConvention) {
    EXPECT_EQ(orientationCodeRas(Matrix4::identity()), "RAS");
    EXPECT_EQ(orientationCodeRas(Matrix4::lpsToRas()), "LPS");
    // Sagittal DICOM: rows along -y... i -> P (RAS -y), j -> I (RAS -z), k -> R (RAS +x).
    const Matrix4 pir =
        Matrix4::fromRows({{{0, 0, 1, 0}, {-1, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, 0, 1}}});
    EXPECT_EQ(orientationCodeRas(pir), "PIR");
}

TEST(Volume, DerivesRasOriginSpacingAndBoundsFromIjkToLps) {
    const Matrix4 ijkToLps =
        Matrix4::fromRows({{{1.5, 0, 0, -100}, {0, 1.5, 0, 50}, {0, 0, -2, 1009.5}, {0, 0, 0, 1}}});
    Volume v({4, 3, 545}, ijkToLps, std::vector<float>(4 * 3 * 545, 0.0f));
    EXPECT_EQ(v.originRas(), (Vec3{100, -50, 1009.5}));
    EXPECT_EQ(v.spacingMm(), (Vec3{1.5, 1.5, 2}));
    const auto bounds = v.boundsLps();
    EXPECT_DOUBLE_EQ(bounds[0][2], 1009.5 - 2 * 544);
    EXPECT_DOUBLE_EQ(bounds[1][2], 1009.5);
    const Vec3 ijk = v.continuousIndexOfLps(v.voxelCenterLps({3, 2, 544}));
    EXPECT_NEAR(ijk[0], 3, 1e-12);
    EXPECT_NEAR(ijk[2], 544, 1e-9);
    EXPECT_EQ(v.sliceNormalLps(), (Vec3{0, 0, 1}));
}

} // namespace
} // namespace voxdiff::core
