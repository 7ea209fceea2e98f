// SPDX-License-Identifier: BSD-3-Clause
// core::writeDicomPetSeries, read back with GDCM directly (not with VoxDiff's DICOM reader).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "DicomReadBack.h"
#include "TestData.h"
#include "voxdiff/DicomPetWriter.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::operator-;
using core::Matrix4;

constexpr double kPositionToleranceMm = 1e-6;
constexpr const char* kPetImageStorage = "1.2.840.10008.5.1.4.1.1.128";
constexpr const char* kExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

// 6 columns x 4 rows x 3 slices, each slice with its own range (so its own slope), some
// negative values, k running along -z like a head-to-feet stack.
core::Volume smallBqmlVolume() {
    std::vector<float> v(72);
    for (std::size_t n = 0; n < v.size(); ++n) {
        const double k = static_cast<double>(n / 24);
        v[n] = static_cast<float>((static_cast<double>(n % 24) - 5.0) * 37.5 * (1.0 + 3.0 * k));
    }
    Matrix4 ijkToLps = Matrix4::identity();
    ijkToLps.at(0, 0) = 2.5;
    ijkToLps.at(1, 1) = 2.0;
    ijkToLps.at(2, 2) = -3.27;
    ijkToLps.at(0, 3) = -7.5;
    ijkToLps.at(1, 3) = 12.0;
    ijkToLps.at(2, 3) = 40.0;
    return core::Volume({6, 4, 3}, ijkToLps, std::move(v));
}

TEST(DicomPetWriter, WritesOneInt16PetFilePerSliceWithItsOwnSlope) {
    TempDir dir;
    const core::Volume volume = smallBqmlVolume();
    auto written = core::writeDicomPetSeries(volume, core::PetSeriesInfo{}, dir / "pet");
    ASSERT_TRUE(written.ok()) << written.error().describe();
    EXPECT_EQ(written->fileCount, 3);

    const auto files = readPetFolder(dir / "pet");
    ASSERT_EQ(files.size(), 3u);
    for (std::size_t k = 0; k < files.size(); ++k) {
        const PetSliceFile& f = files[k];
        SCOPED_TRACE(f.path.string());
        EXPECT_EQ(f.transferSyntaxUid, kExplicitVrLittleEndian);
        EXPECT_EQ(f.mediaStorageSopClassUid, kPetImageStorage);
        EXPECT_EQ(f.sopClassUid, kPetImageStorage);
        EXPECT_EQ(f.seriesInstanceUid, written->seriesInstanceUid);
        EXPECT_EQ(f.frameOfReferenceUid, files[0].frameOfReferenceUid);
        EXPECT_EQ(f.modality, "PT");
        EXPECT_EQ(f.units, "BQML");
        EXPECT_EQ(f.rows, 4);
        EXPECT_EQ(f.columns, 6);
        EXPECT_EQ(f.bitsAllocated, 16);
        EXPECT_EQ(f.bitsStored, 16);
        EXPECT_EQ(f.highBit, 15);
        EXPECT_EQ(f.pixelRepresentation, 1) << "signed int16";
        EXPECT_EQ(f.imageIndex, static_cast<int>(k + 1));
        EXPECT_EQ(f.numberOfSlices, 3);
        EXPECT_EQ(f.rescaleIntercept, 0.0);

        const core::Vec3 expectedLps = volume.voxelCenterLps({0, 0, static_cast<double>(k)});
        EXPECT_LT(core::norm(f.positionLps - expectedLps), kPositionToleranceMm);
        EXPECT_EQ(f.orientation, (std::array<double, 6>{1, 0, 0, 0, 1, 0}));
        EXPECT_EQ(f.pixelSpacing, (std::array<double, 2>{2.0, 2.5})) << "row \\ column spacing";

        ASSERT_EQ(f.stored.size(), 24u);
        double maxAbs = 0.0;
        for (std::size_t p = 0; p < 24; ++p) {
            const double value = volume.voxels()[24 * k + p];
            maxAbs = std::max(maxAbs, std::abs(value));
            EXPECT_NEAR(f.stored[p] * f.rescaleSlope, value, f.rescaleSlope / 2 + 1e-9);
        }
        EXPECT_NEAR(f.rescaleSlope, maxAbs / 32767.0, 1e-9 * f.rescaleSlope)
            << "the slope is the slice's max |value| / 32767";
    }
    EXPECT_NE(files[0].rescaleSlope, files[2].rescaleSlope);
    EXPECT_NE(files[0].sopInstanceUid, files[1].sopInstanceUid);
}

TEST(DicomPetWriter, RefusesANonEmptyFolderUnlessOverwriting) {
    TempDir dir;
    fs::create_directories(dir / "pet");
    std::ofstream(dir / "pet" / "other.txt") << "someone else's file";
    auto refused = core::writeDicomPetSeries(smallBqmlVolume(), {}, dir / "pet");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::OutputExists);
    EXPECT_EQ(refused.error().file, dir / "pet");

    core::WriteOptions overwrite;
    overwrite.overwrite = true;
    ASSERT_TRUE(core::writeDicomPetSeries(smallBqmlVolume(), {}, dir / "pet", overwrite).ok());
    ASSERT_TRUE(core::writeDicomPetSeries(smallBqmlVolume(), {}, dir / "pet", overwrite).ok())
        << "overwrite replaces the files of the same names";
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir / "pet")) {
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names,
              (std::vector<std::string>{"IM_0001.dcm", "IM_0002.dcm", "IM_0003.dcm", "other.txt"}))
        << "no temporary file is left behind";
}

TEST(DicomPetWriter, RejectsValuesInt16CannotHoldWithoutWriting) {
    TempDir dir;
    core::Volume volume = smallBqmlVolume();
    volume.voxels()[30] = std::numeric_limits<float>::quiet_NaN();
    auto refused = core::writeDicomPetSeries(volume, {}, dir / "pet");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(fs::exists(dir / "pet"));
}

TEST(DicomPetWriter, DecaysTheDoseWithTheHalfLife) {
    core::PetSeriesInfo info;
    info.injectedDoseBq = 100e6;
    info.halfLifeS = 6586.2;
    info.injectionTimeOfDayS = 3600.0;
    info.seriesTimeOfDayS = 3600.0 + 6586.2;
    EXPECT_NEAR(info.decayedDoseBq(), 50e6, 1e-3);
    info.patientWeightKg = 50.0;
    EXPECT_NEAR(info.bqmlPerSuv(), 1000.0, 1e-9);
}

} // namespace
} // namespace voxdiff::test
