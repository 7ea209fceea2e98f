// SPDX-License-Identifier: BSD-3-Clause
// The DICOMweb load reads each instance's header while the next ones arrive (HeaderStream),
// then loads from those headers. For every DICOM case of the shared data, handing the files
// over in reverse order must give exactly what loadDicom gives for the folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "TestData.h"
#include "dicom/HeaderStream.h"
#include "voxdiff/DicomSeries.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> dicomCaseDirs() {
    std::vector<std::string> dirs;
    for (const auto& dir : sharedCases()) {
        if (fs::is_directory(dir / "dicom")) {
            dirs.push_back((dir / "dicom").string());
        }
    }
    if (dirs.empty()) {
        dirs.emplace_back(kNoSharedData);
    }
    return dirs;
}

std::vector<std::string> codesOf(const core::Volume& v) {
    std::vector<std::string> codes;
    for (const auto& d : v.diagnostics()) {
        codes.push_back(d.code);
    }
    return codes;
}

class HeaderStreamLoad : public ::testing::TestWithParam<std::string> {};

TEST_P(HeaderStreamLoad, GivesWhatLoadDicomGivesWhateverTheOrderOfArrival) {
    VOXDIFF_REQUIRE_SHARED_DATA(GetParam());
    const fs::path dir = GetParam();
    const auto expected = core::loadDicom(dir);

    std::vector<fs::path> files = core::dicom::collectFiles(dir);
    ASSERT_FALSE(files.empty());
    std::reverse(files.begin(), files.end());
    core::dicom::HeaderStream stream;
    for (const fs::path& f : files) {
        stream.add(f);
    }
    const auto streamed = core::dicom::loadDicomHeaders(dir, stream.finish(nullptr), {});

    ASSERT_EQ(streamed.ok(), expected.ok());
    if (!expected.ok()) {
        EXPECT_EQ(streamed.error().code, expected.error().code);
        EXPECT_EQ(streamed.error().file, expected.error().file);
        return;
    }
    const core::Volume& a = expected.value();
    const core::Volume& b = streamed.value();
    EXPECT_EQ(b.dims(), a.dims());
    EXPECT_EQ(b.ijkToLps().m, a.ijkToLps().m);
    ASSERT_EQ(b.voxels().size(), a.voxels().size());
    EXPECT_EQ(std::memcmp(b.voxels().data(), a.voxels().data(), a.voxels().size() * sizeof(float)),
              0);
    EXPECT_EQ(b.stats().mean, a.stats().mean);
    EXPECT_EQ(b.stats().finiteCount, a.stats().finiteCount);
    EXPECT_EQ(codesOf(b), codesOf(a));
    EXPECT_EQ(b.source().fileCount, a.source().fileCount);
    EXPECT_EQ(b.source().seriesInstanceUid, a.source().seriesInstanceUid);
}

INSTANTIATE_TEST_SUITE_P(SharedData, HeaderStreamLoad, ::testing::ValuesIn(dicomCaseDirs()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                             return p.param == kNoSharedData
                                        ? std::string(kNoSharedData)
                                        : testNameOf(
                                              fs::path(p.param).parent_path().filename().string());
                         });

TEST(HeaderStream, ReadsEveryFileEvenWhenFinishedAtOnce) {
    VOXDIFF_SHARED_PATH_OR_SKIP(dir, "ct_ge_3slice_intercept/dicom");
    core::dicom::HeaderStream stream;
    const std::vector<fs::path> files = core::dicom::collectFiles(dir);
    for (const fs::path& f : files) {
        stream.add(f);
    }
    const core::dicom::HeaderScan scan = stream.finish(nullptr);
    ASSERT_EQ(scan.images.size(), files.size());
    for (std::size_t n = 0; n < files.size(); ++n) {
        EXPECT_EQ(scan.images[n].file, files[n]); // in path order
    }
}

TEST(DicomSeriesLoader, GivesTheSameValueStatisticsWhateverTheFilesAreCalled) {
    // The statistics are summed slice by slice in slice order: renaming the files (here in the
    // reverse of their slice order) must not change even the last digit of the mean.
    VOXDIFF_SHARED_PATH_OR_SKIP(dir, "pet_ge_sts009_suv_perslice_slope/dicom");
    const std::vector<fs::path> files = core::dicom::collectFiles(dir);
    TempDir renamed;
    for (std::size_t n = 0; n < files.size(); ++n) {
        fs::copy_file(files[n], renamed / ("x" + std::to_string(files.size() - n) + ".dcm"));
    }
    const auto a = core::loadDicom(dir);
    const auto b = core::loadDicom(renamed.path());
    ASSERT_TRUE(a.ok()) << a.error().describe();
    ASSERT_TRUE(b.ok()) << b.error().describe();
    EXPECT_EQ(b->stats().mean, a->stats().mean);
    EXPECT_EQ(b->stats().min, a->stats().min);
    EXPECT_EQ(b->stats().max, a->stats().max);
}

} // namespace
} // namespace voxdiff::test
