// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli compare and voxdiff --export-report (the viewer's comparison, headless) give the
// same answer on every NIfTI/DICOM pair of ../shared/data: verdict, reason code, counts and
// max |difference|, and the same exit status. Runs without a display.
#include <gtest/gtest.h>

#include <algorithm>

#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

struct Pair {
    fs::path nifti;
    fs::path dicom;
    std::string name;
};

std::vector<Pair> niftiDicomPairs() {
    std::vector<Pair> pairs;
    for (const auto& dir : sharedCases()) {
        if (!fs::is_directory(dir / "dicom") || !fs::is_directory(dir / "nifti")) {
            continue;
        }
        std::vector<fs::path> niftis;
        for (const auto& e : fs::directory_iterator(dir / "nifti")) {
            const std::string name = e.path().filename().string();
            if (name.ends_with(".nii") || name.ends_with(".nii.gz")) {
                niftis.push_back(e.path());
            }
        }
        std::sort(niftis.begin(), niftis.end());
        for (const auto& n : niftis) {
            pairs.push_back({n, dir / "dicom", testNameOf(n.filename().string())});
        }
    }
    return pairs;
}

Json readJson(const fs::path& file) {
    auto parsed = Json::parse(readTextFile(file));
    return parsed.ok() ? parsed.value() : Json();
}

TEST(BothFacesAgree, OnEveryNiftiDicomPairOfTheSharedData) {
    const auto pairs = niftiDicomPairs();
    if (pairs.empty()) {
        VOXDIFF_MISSING_SHARED_DATA("../shared/data");
    }
    TempDir tmp;
    int compared = 0;
    for (const Pair& p : pairs) {
        SCOPED_TRACE(p.nifti.string());
        const fs::path cliJson = tmp / (p.name + "_cli.json");
        const fs::path viewerJson = tmp / (p.name + "_viewer.json");
        const auto cli = runCli(
            {"compare", p.nifti.string(), p.dicom.string(), "--json", cliJson.string(), "--quiet"});
        const auto viewer =
            runProcess(VOXDIFF_GUI_PATH, {p.nifti.string(), p.dicom.string(), "--export-report",
                                          viewerJson.string(), "--quiet"});
        ASSERT_EQ(cli.exitCode, viewer.exitCode) << cli.err << viewer.err;
        if (cli.exitCode > 1) {
            continue; // the pair does not load (the same error in both faces)
        }
        const Json a = readJson(cliJson);
        const Json b = readJson(viewerJson);
        ASSERT_TRUE(a.isObject() && b.isObject());
        EXPECT_EQ(a["verdict"].asString(), b["verdict"].asString());
        EXPECT_EQ(a["reason"].asString(), b["reason"].asString());
        for (const char* key : {"compared_voxels", "over_abs_tolerance", "over_rel_tolerance",
                                "nan_both", "non_finite_mismatch", "zero_both"}) {
            EXPECT_EQ(a["values"][key].asNumber(), b["values"][key].asNumber()) << key;
        }
        EXPECT_EQ(a["values"]["max_abs_diff"].asNumber(), b["values"]["max_abs_diff"].asNumber());
        EXPECT_EQ(a["settings"].dump(), b["settings"].dump());
        ++compared;
    }
    EXPECT_GT(compared, 10);
}

} // namespace
} // namespace voxdiff::test
