// SPDX-License-Identifier: BSD-3-Clause
// core::writeNifti, checked by reading back with core::readNifti, and the output rules every
// writer follows (no overwrite, temporary + rename, nothing left behind).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "TestData.h"
#include "voxdiff/NiftiReader.h"
#include "voxdiff/NiftiWriter.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::Matrix4;

// NIfTI-1 stores srow_* and the quaternion as float32: a few ulp of 200 mm.
constexpr double kPositionToleranceMm = 1e-3;

core::Volume rampVolume(const Matrix4& ijkToLps) {
    const core::Index3 dims{5, 4, 3};
    std::vector<float> v(60);
    for (std::size_t n = 0; n < v.size(); ++n) {
        v[n] = 0.25f * static_cast<float>(n) - 3.0f;
    }
    v[7] = 1.0e-7f;
    v[8] = 3.0e7f;
    return core::Volume(dims, ijkToLps, std::move(v));
}

// An oblique grid: the rotation with rational entries (1/3) * [2 -1 2; 2 2 -1; -1 2 2] (about
// 40 degrees, no axis aligned), anisotropic spacing, away from the origin.
Matrix4 obliqueIjkToLps() {
    const double rotation[3][3] = {{2, -1, 2}, {2, 2, -1}, {-1, 2, 2}};
    const double spacingMm[3] = {0.8, 1.25, 2.5};
    const double originLps[3] = {-123.4, 56.7, 89.01};
    Matrix4 m = Matrix4::identity();
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) {
            m.at(r, c) = rotation[r][c] / 3.0 * spacingMm[c];
        }
        m.at(r, 3) = originLps[r];
    }
    return m;
}

std::string fileBytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> namesIn(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

void expectRoundTrip(const core::Volume& written, const fs::path& path) {
    ASSERT_TRUE(core::writeNifti(written, path).ok());
    auto read = core::readNifti(path);
    ASSERT_TRUE(read.ok()) << read.error().describe();
    const core::Volume& v = read.value();
    EXPECT_EQ(v.dims(), written.dims());
    EXPECT_LT(v.ijkToLps().maxAbsDiff(written.ijkToLps()), kPositionToleranceMm)
        << core::formatMatrix(v.ijkToLps());
    EXPECT_EQ(v.voxels(), written.voxels()) << "float32 values are written bit for bit";
    ASSERT_TRUE(v.nifti().has_value());
    const core::NiftiHeaderInfo& info = *v.nifti();
    EXPECT_EQ(info.version, 1);
    EXPECT_EQ(info.datatype, "float32");
    EXPECT_EQ(info.sformCode, 1);
    EXPECT_EQ(info.qformCode, 1);
    EXPECT_EQ(info.spatialUnit, "mm");
    EXPECT_LT(info.qformIjkToRas.maxAbsDiff(written.ijkToRas()), kPositionToleranceMm)
        << "the qform is the quaternion form of the same rigid grid";
    const core::Vec3 spacingMm = written.spacingMm();
    for (int a = 0; a < 3; ++a) {
        EXPECT_NEAR(info.pixdim[static_cast<std::size_t>(a + 1)],
                    spacingMm[static_cast<std::size_t>(a)], 1e-5);
    }
    EXPECT_EQ(v.scaling().kind, core::ScalingKind::None);
    EXPECT_TRUE(v.diagnostics().empty()) << v.diagnostics().front().message;
}

TEST(NiftiWriter, RoundTripsGeometryAndValuesOfAnAxialGrid) {
    TempDir dir;
    Matrix4 ijkToLps = Matrix4::identity();
    ijkToLps.at(0, 0) = 2.0;
    ijkToLps.at(1, 1) = 3.0;
    ijkToLps.at(2, 2) = -4.0;
    ijkToLps.at(0, 3) = 10.0;
    ijkToLps.at(2, 3) = -20.0;
    expectRoundTrip(rampVolume(ijkToLps), dir / "axial.nii");
}

TEST(NiftiWriter, RoundTripsAnObliqueGridCompressed) {
    TempDir dir;
    expectRoundTrip(rampVolume(obliqueIjkToLps()), dir / "oblique.nii.gz");
    std::ifstream in(dir / "oblique.nii.gz", std::ios::binary);
    unsigned char magic[2] = {};
    in.read(reinterpret_cast<char*>(magic), 2);
    EXPECT_EQ(magic[0], 0x1f) << "a .nii.gz is gzip-compressed";
    EXPECT_EQ(magic[1], 0x8b);
}

TEST(NiftiWriter, RefusesToOverwriteAnExistingFileUnlessAsked) {
    TempDir dir;
    const fs::path path = dir / "a.nii";
    ASSERT_TRUE(core::writeNifti(rampVolume(Matrix4::identity()), path).ok());
    const std::string before = fileBytes(path);

    const auto refused = core::writeNifti(rampVolume(obliqueIjkToLps()), path);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::OutputExists);
    EXPECT_EQ(refused.error().file, path) << "the error names the file";
    EXPECT_EQ(fileBytes(path), before) << "the existing file is untouched";

    core::WriteOptions overwrite;
    overwrite.overwrite = true;
    ASSERT_TRUE(core::writeNifti(rampVolume(obliqueIjkToLps()), path, overwrite).ok());
    auto read = core::readNifti(path);
    ASSERT_TRUE(read.ok());
    EXPECT_LT(read->ijkToLps().maxAbsDiff(obliqueIjkToLps()), kPositionToleranceMm);
}

TEST(NiftiWriter, LeavesNoTemporaryFilesBehind) {
    TempDir dir;
    ASSERT_TRUE(core::writeNifti(rampVolume(Matrix4::identity()), dir / "a.nii.gz").ok());
    EXPECT_FALSE(core::writeNifti(rampVolume(Matrix4::identity()), dir / "a.nii.gz").ok());
    core::WriteOptions overwrite;
    overwrite.overwrite = true;
    ASSERT_TRUE(
        core::writeNifti(rampVolume(Matrix4::identity()), dir / "a.nii.gz", overwrite).ok());
    EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"a.nii.gz"});
}

TEST(NiftiWriter, ReportsAMissingFolderAndABadNameWithoutWriting) {
    TempDir dir;
    const auto missing = core::writeNifti(rampVolume(Matrix4::identity()), dir / "no/a.nii");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::WriteFailed);

    const auto badName = core::writeNifti(rampVolume(Matrix4::identity()), dir / "a.img");
    ASSERT_FALSE(badName.ok());
    EXPECT_EQ(badName.error().code, ErrorCode::InvalidArgument);

    const auto empty = core::writeNifti(core::Volume(), dir / "e.nii");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(namesIn(dir.path()).empty());
}

} // namespace
} // namespace voxdiff::test
