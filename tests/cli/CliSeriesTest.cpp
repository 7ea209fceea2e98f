// SPDX-License-Identifier: BSD-3-Clause
#include <gtest/gtest.h>

#include <fstream>

#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

TEST(CliSeries, ListsAVolumeWithDimsAndOrientationAsJson) {
    VOXDIFF_SHARED_PATH_OR_SKIP(dir, "mr_siemens_sagittal_5slice/dicom");
    const auto r = runCli({"series", dir.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = core::Json::parse(r.out);
    ASSERT_TRUE(j.ok()) << r.out;
    const core::Json& volumes = j.value()["volumes"];
    ASSERT_EQ(volumes.size(), 1u);
    EXPECT_EQ(volumes[0]["modality"].asString(), "MR");
    EXPECT_EQ(volumes[0]["dims"][0].asNumber(), 42);
    EXPECT_EQ(volumes[0]["dims"][1].asNumber(), 64);
    EXPECT_EQ(volumes[0]["dims"][2].asNumber(), 5);
    EXPECT_EQ(volumes[0]["file_count"].asNumber(), 5);
    EXPECT_EQ(volumes[0]["orientation"].asString(), "PIR");
    EXPECT_TRUE(volumes[0]["problem"].isNull());
}

TEST(CliSeries, PrintsOneLinePerVolumeAndNamesSkippedFiles) {
    VOXDIFF_SHARED_PATH_OR_SKIP(dir, "mr_pydicom_truncated/dicom");
    const auto r = runCli({"series", dir.string()});
    EXPECT_EQ(r.exitCode, 7) << "nothing loadable";
    EXPECT_NE(r.out.find("skipped: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("MR_truncated.dcm"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("truncated"), std::string::npos) << r.out;
}

TEST(CliSeries, ExitsWithDocumentedStatusesOnBadInput) {
    TempDir dir;
    EXPECT_EQ(runCli({"series", (dir / "missing").string()}).exitCode, 3);
    EXPECT_EQ(runCli({"series"}).exitCode, 2);
    std::ofstream(dir / "junk.bin") << "not dicom";
    const auto junk = runCli({"series", dir.path().string(), "--json"});
    EXPECT_EQ(junk.exitCode, 7);
    auto j = core::Json::parse(junk.out);
    ASSERT_TRUE(j.ok()) << junk.out;
    ASSERT_EQ(j.value()["skipped"].size(), 1u);
    EXPECT_NE(j.value()["skipped"][0]["file"].asString().find("junk.bin"), std::string::npos);
}

TEST(CliInfoDicom, DescribesADicomFolder) {
    VOXDIFF_SHARED_PATH_OR_SKIP(dir, "ct_tiny_classic_3slice/dicom");
    const auto r = runCli({"info", dir.string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = core::Json::parse(r.out);
    ASSERT_TRUE(j.ok()) << r.out;
    EXPECT_EQ(j.value()["dims"][0].asNumber(), 23);
    EXPECT_EQ(j.value()["dims"][2].asNumber(), 3);
}

} // namespace
} // namespace voxdiff::test
