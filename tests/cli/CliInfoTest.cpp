// SPDX-License-Identifier: BSD-3-Clause
#include <gtest/gtest.h>

#include <fstream>

#include "NiftiWriter.h"
#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

TEST(CliInfo, PrintsGeometryOfANiftiAsJson) {
    TempDir dir;
    std::vector<std::int16_t> v(24, 5);
    writeNifti(dir / "a.nii", {2, 3, 4}, DT_INT16, bytesOf(v), [](nifti_image& n) {
        n.sform_code = 1;
        n.sto_xyz.m[0][0] = -2;
        n.sto_xyz.m[1][1] = 2;
        n.sto_xyz.m[2][2] = 3;
        n.sto_xyz.m[0][3] = 10;
    });
    const auto r = runCli({"info", (dir / "a.nii").string(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = core::Json::parse(r.out);
    ASSERT_TRUE(j.ok()) << r.out;
    const core::Json& info = j.value();
    EXPECT_EQ(info["format"].asString(), "NIfTI-1");
    EXPECT_EQ(info["dims"][2].asNumber(), 4);
    EXPECT_EQ(info["ijk_to_ras"][0][0].asNumber(), -2);
    EXPECT_EQ(info["ijk_to_lps"][0][0].asNumber(), 2) << "LPS flips x";
    EXPECT_EQ(info["origin_ras"][0].asNumber(), 10);
    EXPECT_EQ(info["origin_lps"][0].asNumber(), -10);
    EXPECT_EQ(info["nifti"]["sform_code"].asNumber(), 1);
    EXPECT_EQ(info["values"]["mean"].asNumber(), 5);
}

TEST(CliInfo, ExitsWithDocumentedStatusesOnBadInput) {
    TempDir dir;
    EXPECT_EQ(runCli({"info", (dir / "missing.nii").string()}).exitCode, 3);
    std::ofstream(dir / "junk.bin") << "not an image at all";
    const auto junk = runCli({"info", (dir / "junk.bin").string()});
    EXPECT_EQ(junk.exitCode, 4);
    EXPECT_NE(junk.err.find("junk.bin"), std::string::npos) << "the message names the file";
    EXPECT_EQ(runCli({"info"}).exitCode, 2);
    EXPECT_EQ(runCli({"info", "a", "--bogus"}).exitCode, 2);
    EXPECT_EQ(runCli({"frobnicate"}).exitCode, 2);

    std::vector<std::int16_t> v(1000, 1);
    writeNifti(dir / "t.nii", {10, 10, 10}, DT_INT16, bytesOf(v));
    std::filesystem::resize_file(dir / "t.nii", 1000);
    EXPECT_EQ(runCli({"info", (dir / "t.nii").string()}).exitCode, 5);
}

TEST(CliInfo, PrintsAVersion) {
    const auto r = runCli({"--version"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out.rfind("voxdiff-cli ", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("\nLicense: BSD-3-Clause\n"), std::string::npos) << r.out;
}

} // namespace
} // namespace voxdiff::test
