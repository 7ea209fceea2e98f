// SPDX-License-Identifier: BSD-3-Clause
// core::exportDicom: PET and Parametric Map series written beside a reference series, read
// back by VoxDiff and checked by dciodvfy (dicom3tools).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include "ExportTestSupport.h"
#include "voxdiff/DicomExport.h"
#include "voxdiff/DicomPetWriter.h"
#include "voxdiff/DicomSeries.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::DicomExportKind;
using core::ErrorCode;
using core::Matrix4;
using core::Verdict;

constexpr double kPositionToleranceMm = 1e-4;

/// 12 columns x 9 rows x 7 slices of Bq/ml, each slice with its own range, k along -z.
core::Volume referenceBqml() {
    const core::Index3 dims{12, 9, 7};
    std::vector<float> v(12 * 9 * 7);
    for (std::size_t n = 0; n < v.size(); ++n) {
        const double k = static_cast<double>(n / 108);
        v[n] = static_cast<float>(std::fmod(static_cast<double>(n) * 7.31, 50.0) * 113.7 *
                                  (1.0 + 9.0 * k * k));
    }
    Matrix4 ijkToLps = Matrix4::identity();
    ijkToLps.at(0, 0) = 4.0;
    ijkToLps.at(1, 1) = 4.0;
    ijkToLps.at(2, 2) = -3.27;
    ijkToLps.at(0, 3) = -22.123456;
    ijkToLps.at(1, 3) = 15.5;
    ijkToLps.at(2, 3) = -629.02;
    return core::Volume(dims, ijkToLps, std::move(v));
}

/// A reference PET series on disk and its values as VoxDiff reads them.
struct Reference {
    TempDir dir;
    fs::path folder;
    core::Volume values; ///< Bq/ml as read back
    core::Volume suv;    ///< SUVbw as read back
};

void makeReference(Reference& ref) {
    ref.folder = ref.dir / "reference";
    auto written = core::writeDicomPetSeries(referenceBqml(), core::PetSeriesInfo{}, ref.folder);
    ASSERT_TRUE(written.ok()) << written.error().describe();
    auto values = core::loadDicom(ref.folder);
    ASSERT_TRUE(values.ok()) << values.error().describe();
    ref.values = std::move(values.value());
    core::LoadOptions suv;
    suv.suv = true;
    auto suvValues = core::loadDicom(ref.folder, suv);
    ASSERT_TRUE(suvValues.ok()) << suvValues.error().describe();
    ref.suv = std::move(suvValues.value());
}

/// A float input volume with the values of `v` (dropping how they were stored).
core::Volume floatCopy(const core::Volume& v) {
    core::Volume copy(v.dims(), v.ijkToLps(), v.voxels());
    copy.refreshStats();
    return copy;
}

/// The same voxels with the k axis reversed (the seed case: the same physical grid).
core::Volume reversedK(const core::Volume& v) {
    const core::Index3& d = v.dims();
    std::vector<float> voxels(v.voxels().size());
    const std::size_t slice = static_cast<std::size_t>(d[0] * d[1]);
    for (std::int64_t k = 0; k < d[2]; ++k) {
        std::copy_n(v.voxels().begin() +
                        static_cast<std::ptrdiff_t>(slice * static_cast<std::size_t>(d[2] - 1 - k)),
                    slice,
                    voxels.begin() +
                        static_cast<std::ptrdiff_t>(slice * static_cast<std::size_t>(k)));
    }
    Matrix4 m = v.ijkToLps();
    const core::Vec3 last = v.voxelCenterLps({0.0, 0.0, static_cast<double>(d[2] - 1)});
    for (int r = 0; r < 3; ++r) {
        m.at(r, 2) = -m.at(r, 2);
        m.at(r, 3) = last[static_cast<std::size_t>(r)];
    }
    return core::Volume(d, m, std::move(voxels));
}

void expectSameIjkToLps(const core::Volume& a, const core::Volume& b) {
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 4; ++c) {
            EXPECT_NEAR(a.ijkToLps().at(r, c), b.ijkToLps().at(r, c), kPositionToleranceMm)
                << "row " << r << " column " << c;
        }
    }
}

void expectValidDicom(const fs::path& folder) {
    int checked = 0;
    for (const auto& e : fs::directory_iterator(folder)) {
        for (const std::string& line : dciodvfyErrors(e.path())) {
            ADD_FAILURE() << e.path() << ": " << line;
        }
        ++checked;
    }
    EXPECT_GT(checked, 0);
}

TEST(ExportDicom, PetSeriesVerifiesWithinEachSlicesQuantizationAndInfersTheUnits) {
    Reference ref;
    ASSERT_NO_FATAL_FAILURE(makeReference(ref));
    const fs::path out = ref.dir / "export";
    core::DicomExportOptions options;
    options.kind = DicomExportKind::Pet;
    auto result = core::exportDicom(floatCopy(ref.values), ref.folder, out, options);
    ASSERT_TRUE(result.ok()) << result.error().describe();
    EXPECT_TRUE(result->verified) << result->roundTrip.verdictReason;
    EXPECT_NE(result->roundTrip.verdict, Verdict::Different);
    EXPECT_EQ(result->units, "BQML");
    EXPECT_EQ(result->unitsSource, core::UnitsSource::ReferenceValues);
    EXPECT_FALSE(result->reordered);
    EXPECT_EQ(result->fileCount, 7);
    expectSameIjkToLps(result->readBack, ref.values);
    EXPECT_TRUE(result->readBack.scaling().slopeVariesPerSlice());
    EXPECT_EQ(result->readBack.source().seriesInstanceUid.rfind("2.25.", 0), 0u);
    expectValidDicom(out);
}

TEST(ExportDicom, InfersGmlWhenTheInputIsTheReferencesSuvbw) {
    Reference ref;
    ASSERT_NO_FATAL_FAILURE(makeReference(ref));
    auto result = core::exportDicom(floatCopy(ref.suv), ref.folder, ref.dir / "export", {});
    ASSERT_TRUE(result.ok()) << result.error().describe();
    EXPECT_EQ(result->units, "GML");
    EXPECT_EQ(result->unitsSource, core::UnitsSource::ReferenceSuvbw);
    EXPECT_TRUE(result->verified) << result->roundTrip.verdictReason;
}

TEST(ExportDicom, ParametricMapRoundTripIsIdenticalAndPassesDciodvfy) {
    Reference ref;
    ASSERT_NO_FATAL_FAILURE(makeReference(ref));
    core::Volume input = floatCopy(ref.suv);
    input.voxels()[5] = std::nanf("");
    core::DicomExportOptions options;
    options.kind = DicomExportKind::ParametricMap;
    options.units = "GML";
    const fs::path out = ref.dir / "map";
    auto result = core::exportDicom(input, ref.folder, out, options);
    ASSERT_TRUE(result.ok()) << result.error().describe();
    EXPECT_EQ(result->roundTrip.verdict, Verdict::Identical) << result->roundTrip.verdictReason;
    EXPECT_TRUE(result->verified);
    EXPECT_EQ(result->fileCount, 1);
    EXPECT_EQ(result->readBack.scaling().storedType, "float32");
    EXPECT_EQ(result->readBack.valueUnits(), "g/ml");
    expectSameIjkToLps(result->readBack, ref.values);
    expectValidDicom(out);
}

TEST(ExportDicom, ReordersAKReversedInputOntoTheReferenceOrderExactly) {
    Reference ref;
    ASSERT_NO_FATAL_FAILURE(makeReference(ref));
    core::DicomExportOptions options;
    options.kind = DicomExportKind::ParametricMap;
    auto result =
        core::exportDicom(reversedK(floatCopy(ref.values)), ref.folder, ref.dir / "map", options);
    ASSERT_TRUE(result.ok()) << result.error().describe();
    EXPECT_TRUE(result->reordered);
    EXPECT_EQ(result->axisMap, "i->+i j->+j k->-k");
    EXPECT_EQ(result->roundTrip.verdict, Verdict::Identical) << result->roundTrip.verdictReason;
    expectSameIjkToLps(result->readBack, ref.values);
    for (std::size_t n = 0; n < ref.values.voxels().size(); ++n) {
        ASSERT_EQ(result->readBack.voxels()[n], ref.values.voxels()[n]) << n;
    }
}

TEST(ExportDicom, RefusesAnInputOnAnotherGridAndWritesNothing) {
    Reference ref;
    ASSERT_NO_FATAL_FAILURE(makeReference(ref));
    core::Volume shifted = floatCopy(ref.values);
    Matrix4 m = shifted.ijkToLps();
    m.at(0, 3) += 1.3;
    shifted.setIjkToLps(m);
    const fs::path out = ref.dir / "export";
    auto result = core::exportDicom(shifted, ref.folder, out, {});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(fs::exists(out));
    for (const auto& e : fs::directory_iterator(ref.dir.path())) {
        EXPECT_EQ(e.path().filename().string().rfind(".export", 0), std::string::npos)
            << "no staging folder left behind: " << e.path();
    }
}

TEST(ExportDicom, RequiresUnitsWhenTheyCannotBeInferred) {
    Reference ref;
    ASSERT_NO_FATAL_FAILURE(makeReference(ref));
    core::Volume scaled = floatCopy(ref.values);
    for (float& v : scaled.voxels()) {
        v *= 1.7F;
    }
    auto refused = core::exportDicom(scaled, ref.folder, ref.dir / "a", {});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    core::DicomExportOptions options;
    options.units = "CNTS";
    auto given = core::exportDicom(scaled, ref.folder, ref.dir / "b", options);
    ASSERT_TRUE(given.ok()) << given.error().describe();
    EXPECT_EQ(given->unitsSource, core::UnitsSource::Given);
    EXPECT_TRUE(given->verified);
}

TEST(ExportDicom, NeverOverwritesAndReplacesOnlyAFolderOfFilesWhenAsked) {
    Reference ref;
    ASSERT_NO_FATAL_FAILURE(makeReference(ref));
    const fs::path out = ref.dir / "export";
    fs::create_directories(out);
    std::ofstream(out / "keep.txt") << "not ours";
    auto refused = core::exportDicom(floatCopy(ref.values), ref.folder, out, {});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::OutputExists);
    EXPECT_TRUE(fs::exists(out / "keep.txt"));

    fs::create_directories(out / "sub");
    core::DicomExportOptions force;
    force.replaceExisting = true;
    auto withFolder = core::exportDicom(floatCopy(ref.values), ref.folder, out, force);
    ASSERT_FALSE(withFolder.ok());
    EXPECT_EQ(withFolder.error().code, ErrorCode::OutputExists);
    fs::remove(out / "sub");

    auto replaced = core::exportDicom(floatCopy(ref.values), ref.folder, out, force);
    ASSERT_TRUE(replaced.ok()) << replaced.error().describe();
    EXPECT_FALSE(fs::exists(out / "keep.txt"));
    EXPECT_TRUE(fs::exists(out / "IM_0001.dcm"));
}

TEST(ExportDicom, NeverWritesIntoTheReferenceFolder) {
    Reference ref;
    ASSERT_NO_FATAL_FAILURE(makeReference(ref));
    auto result = core::exportDicom(floatCopy(ref.values), ref.folder, ref.folder / "export", {});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::WriteFailed);
}

TEST(ExportDicom, OneSlopeForTheVolumeLosesPrecisionAndIsNotVerified) {
    Reference ref;
    ASSERT_NO_FATAL_FAILURE(makeReference(ref));
    core::DicomExportOptions perSlice;
    auto good = core::exportDicom(floatCopy(ref.values), ref.folder, ref.dir / "a", perSlice);
    core::DicomExportOptions oneSlope;
    oneSlope.petQuantization = core::PetQuantization::OneSlopeForVolume;
    auto lossy = core::exportDicom(floatCopy(ref.values), ref.folder, ref.dir / "b", oneSlope);
    ASSERT_TRUE(good.ok() && lossy.ok());
    EXPECT_FALSE(lossy->verified);
    EXPECT_FALSE(lossy->readBack.scaling().slopeVariesPerSlice());
    // The slice with the smallest values: one slope for the volume gives it few levels.
    const std::size_t sliceVoxels = 12 * 9;
    std::size_t quiet = 0;
    float quietMax = std::numeric_limits<float>::max();
    for (std::size_t k = 0; k < 7; ++k) {
        const auto begin =
            ref.values.voxels().begin() + static_cast<std::ptrdiff_t>(k * sliceVoxels);
        const float sliceMax =
            *std::max_element(begin, begin + static_cast<std::ptrdiff_t>(sliceVoxels));
        if (sliceMax < quietMax) {
            quietMax = sliceMax;
            quiet = k;
        }
    }
    EXPECT_GT(lossy->roundTrip.values.perSlice[quiet].maxAbsDiff,
              10.0 * good->roundTrip.values.perSlice[quiet].maxAbsDiff);
}

} // namespace
} // namespace voxdiff::test
