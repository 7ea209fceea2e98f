// SPDX-License-Identifier: BSD-3-Clause
// The built-in sample pair: the phantom, its NIfTI and its PET DICOM series (read back with
// GDCM directly, not with VoxDiff's DICOM reader).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "DicomReadBack.h"
#include "TestData.h"
#include "voxdiff/DemoData.h"
#include "voxdiff/NiftiReader.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::operator-;

constexpr double kPositionToleranceMm = 1e-4;
constexpr double kF18HalfLifeS = 6586.2;

TEST(DemoData, PhantomIsDeterministicAndPetLike) {
    const core::Volume a = core::makePetPhantomSuv();
    const core::Volume b = core::makePetPhantomSuv();
    EXPECT_EQ(a.voxels(), b.voxels());
    EXPECT_EQ(a.dims(), (core::Index3{96, 96, 72}));
    EXPECT_EQ(a.stats().min, 0.0) << "zero outside the body";
    EXPECT_GT(a.stats().max, 14.0) << "the hottest lesion";
    EXPECT_LT(a.stats().max, 16.0);
    // A voxel inside the body near the middle is background (SUV ~1, +-4 % noise).
    const core::Vec3 ijk = a.continuousIndexOfLps({20.0, -60.0, -40.0});
    const float background = a.value(std::lround(ijk[0]), std::lround(ijk[1]), std::lround(ijk[2]));
    EXPECT_NEAR(background, 1.0, 0.05);
    // The brain is near the head end, i.e. at small k.
    const core::Vec3 brain = a.continuousIndexOfLps({0.0, 5.0, 72.0});
    EXPECT_LT(brain[2], 15.0);
    EXPECT_NEAR(a.value(std::lround(brain[0]), std::lround(brain[1]), std::lround(brain[2])), 7.0,
                0.3);
}

class DemoPairTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto pair = core::writeDemoPair(m_dir / "demo", false);
        ASSERT_TRUE(pair.ok()) << pair.error().describe();
        m_pair = pair.value();
    }
    TempDir m_dir;
    core::DemoPair m_pair;
};

TEST_F(DemoPairTest, WritesTheExpectedNames) {
    EXPECT_EQ(m_pair.niftiPath, m_dir / "demo" / "pet_suv.nii.gz");
    EXPECT_EQ(m_pair.dicomFolder, m_dir / "demo" / "pet_dicom");
    EXPECT_TRUE(fs::is_regular_file(m_dir / "demo" / "README.txt"));
    EXPECT_EQ(m_pair.dicomFileCount, 72);
    std::ifstream readme(m_pair.readmePath);
    const std::string text((std::istreambuf_iterator<char>(readme)), {});
    EXPECT_NE(text.find("k axis reversed"), std::string::npos) << text;
}

TEST_F(DemoPairTest, NiftiKAxisRunsHeadToFeet) {
    auto nifti = core::readNifti(m_pair.niftiPath);
    ASSERT_TRUE(nifti.ok()) << nifti.error().describe();
    const core::Matrix4 ijkToRas = nifti->ijkToRas();
    EXPECT_EQ(nifti->ijkToRas().column(2), (core::Vec3{0.0, 0.0, -3.0}));
    EXPECT_EQ(ijkToRas.column(0), (core::Vec3{-4.0, 0.0, 0.0})) << "i runs right to left";
    EXPECT_EQ(nifti->orientationCode(), "LPI");
    EXPECT_EQ(nifti->nifti()->sformCode, 1);
    EXPECT_EQ(nifti->nifti()->qformCode, 1);
    EXPECT_EQ(nifti->voxels(), core::makePetPhantomSuv().voxels());
}

TEST_F(DemoPairTest, DicomSlicesHaveTheirOwnSlopesAndReproduceThePhantomInBqml) {
    const core::Volume phantom = core::makePetPhantomSuv();
    const auto files = readPetFolder(m_pair.dicomFolder);
    ASSERT_EQ(files.size(), 72u);
    const double bqmlPerSuv = m_pair.pet.bqmlPerSuv();
    std::set<double> slopes;
    for (std::size_t k = 0; k < files.size(); ++k) {
        const PetSliceFile& f = files[k];
        SCOPED_TRACE(f.path.string());
        EXPECT_EQ(f.units, "BQML");
        EXPECT_EQ(f.bitsAllocated, 16);
        EXPECT_EQ(f.pixelRepresentation, 1);
        ASSERT_EQ(f.stored.size(), 96u * 96u);
        slopes.insert(f.rescaleSlope);
        const float* suv = phantom.voxels().data() + k * 96 * 96;
        double worst = 0.0;
        for (std::size_t p = 0; p < f.stored.size(); ++p) {
            const double bqml = static_cast<double>(suv[p]) * bqmlPerSuv;
            worst = std::max(worst, std::abs(f.stored[p] * f.rescaleSlope - bqml));
        }
        // float32 rounding of the Bq/ml values (~4e-3 Bq/ml at 5e4) adds to slope / 2.
        EXPECT_LE(worst, f.rescaleSlope / 2 + 0.01);
    }
    EXPECT_GT(slopes.size(), 10u) << "the slope varies per slice";
}

TEST_F(DemoPairTest, DicomCarriesWhatSuvNeeds) {
    const auto files = readPetFolder(m_pair.dicomFolder);
    ASSERT_FALSE(files.empty());
    const PetSliceFile& f = files.front();
    EXPECT_EQ(f.decayCorrection, "START");
    EXPECT_DOUBLE_EQ(f.patientWeightKg, m_pair.pet.patientWeightKg);
    EXPECT_DOUBLE_EQ(f.totalDoseBq, m_pair.pet.injectedDoseBq);
    EXPECT_DOUBLE_EQ(f.halfLifeS, kF18HalfLifeS);
    const double uptakeS = secondsOfTm(f.seriesTime) - secondsOfTm(f.radiopharmaceuticalStartTime);
    EXPECT_DOUBLE_EQ(uptakeS, m_pair.pet.uptakeS());
    EXPECT_DOUBLE_EQ(uptakeS, 3600.0);
    // SUVbw from the file's own attributes equals the pair's conversion factor.
    const double decayedBq = f.totalDoseBq * std::exp(-std::log(2.0) * uptakeS / f.halfLifeS);
    EXPECT_NEAR(decayedBq / (f.patientWeightKg * 1000.0), m_pair.pet.bqmlPerSuv(), 1e-9);
    EXPECT_NEAR(m_pair.pet.bqmlPerSuv(), 370e6 * std::exp2(-3600.0 / 6586.2) / 75000.0, 1e-9);
}

TEST_F(DemoPairTest, ReaderSortedDicomOriginIsAtTheOtherEndOfTheNiftiKAxis) {
    auto files = readPetFolder(m_pair.dicomFolder);
    ASSERT_EQ(files.size(), 72u);
    // Sort as a DICOM reader does: along the normal of ImageOrientationPatient.
    const core::Vec3 normalLps =
        core::cross({files[0].orientation[0], files[0].orientation[1], files[0].orientation[2]},
                    {files[0].orientation[3], files[0].orientation[4], files[0].orientation[5]});
    EXPECT_EQ(normalLps, (core::Vec3{0.0, 0.0, 1.0}));
    std::sort(files.begin(), files.end(), [&](const PetSliceFile& a, const PetSliceFile& b) {
        return core::dot(a.positionLps, normalLps) < core::dot(b.positionLps, normalLps);
    });
    const core::Volume phantom = core::makePetPhantomSuv();
    const core::Vec3 lastSliceLps = phantom.voxelCenterLps({0.0, 0.0, 71.0});
    const core::Vec3 firstSliceLps = phantom.voxelCenterLps({0.0, 0.0, 0.0});
    EXPECT_LT(core::norm(files.front().positionLps - lastSliceLps), kPositionToleranceMm);
    EXPECT_LT(core::norm(files.back().positionLps - firstSliceLps), kPositionToleranceMm);
}

TEST_F(DemoPairTest, RefusesANonEmptyFolderUnlessOverwriting) {
    auto again = core::writeDemoPair(m_dir / "demo", false);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::OutputExists);
    auto forced = core::writeDemoPair(m_dir / "demo", true);
    ASSERT_TRUE(forced.ok()) << forced.error().describe();
    std::size_t entries = 0;
    for (const auto& e : fs::recursive_directory_iterator(m_dir / "demo")) {
        EXPECT_NE(e.path().filename().string().rfind(".voxdiff-tmp", 0), 0u)
            << "temporary left behind: " << e.path();
        ++entries;
    }
    EXPECT_EQ(entries, 3u + 72u);
}

} // namespace
} // namespace voxdiff::test
