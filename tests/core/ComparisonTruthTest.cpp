// SPDX-License-Identifier: BSD-3-Clause
// Every shared case with both a DICOM series and a NIfTI: VoxDiff's verdict on the grid and
// its largest value difference, against truth.json's independent comparison (numpy).
#include <gtest/gtest.h>

#include <cmath>

#include "TestData.h"
#include "voxdiff/Comparison.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/NiftiReader.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

struct PairCase {
    fs::path caseDir;
    std::size_t nifti = 0;
    std::size_t entry = 0;
    std::string name;
};

void PrintTo(const PairCase& c, std::ostream* os) {
    *os << c.name;
}

/// truth.json describes the DICOM side in up to three ways; VoxDiff's reader produces exactly
/// one of them: for Siemens mosaics the volume "resolved by nibabel.nicom", otherwise the
/// "sorted DICOM volume" with its real (possibly tilted) geometry.
bool appliesToVoxDiff(const Json& caseTruth, const Json& entry) {
    const std::string what = entry["dicom_volume"].asString();
    const bool mosaic = caseTruth["dicom"].contains("mosaic_resolved");
    if (what.find("tilt ignored") != std::string::npos) {
        return false; // VoxDiff keeps the tilt (diagnostic), it never projects it away
    }
    if (mosaic) {
        return what.find("mosaic resolved") != std::string::npos;
    }
    return what == "sorted DICOM volume";
}

std::vector<PairCase> pairCases() {
    std::vector<PairCase> cases;
    for (const auto& dir : sharedCases()) {
        const Json truth = loadTruth(dir);
        const Json& list = truth["nifti"];
        for (std::size_t n = 0; n < list.size(); ++n) {
            const Json& entries = list[n]["comparison_with_dicom"];
            for (std::size_t e = 0; e < entries.size(); ++e) {
                if (appliesToVoxDiff(truth, entries[e])) {
                    cases.push_back(
                        {dir, n, e,
                         testNameOf(dir.filename().string() + "__" + list[n]["file"].asString())});
                }
            }
        }
    }
    if (cases.empty()) {
        cases.push_back({{}, 0, 0, kNoSharedData});
    }
    return cases;
}

class ComparisonTruth : public ::testing::TestWithParam<PairCase> {};

TEST_P(ComparisonTruth, SameGridAndMaxAbsDiffAgreeWithTruth) {
    const PairCase& c = GetParam();
    VOXDIFF_REQUIRE_SHARED_DATA(c.name);
    const Json truth = loadTruth(c.caseDir);
    const Json& nifti = truth["nifti"][c.nifti];
    const Json& expected = nifti["comparison_with_dicom"][c.entry];

    auto first = core::readNifti(c.caseDir / "nifti" / nifti["file"].asString());
    ASSERT_TRUE(first.ok()) << first.error().describe();
    auto second = core::loadDicom(c.caseDir / "dicom");
    ASSERT_TRUE(second.ok()) << second.error().describe();
    auto result = core::compareVolumes(first.value(), second.value());
    ASSERT_TRUE(result.ok()) << result.error().describe();
    const core::Comparison& cmp = result.value();

    EXPECT_EQ(cmp.geometry.sameGrid, expected["same_grid"].asBool()) << cmp.geometry.explanation;
    if (expected["same_grid"].asBool() && cmp.geometry.sameGrid) {
        const double want = expected["max_abs_diff"].asNumber();
        // Both sides are float32 here and float64 in truth.py: allow float32 rounding of the
        // values compared.
        const double range = std::max(std::abs(second->stats().max), std::abs(second->stats().min));
        const double tol = std::max(1e-6, 4e-7 * range) + 1e-6 * want;
        EXPECT_NEAR(cmp.values.maxAbsDiff, want, tol);
        EXPECT_EQ(cmp.values.comparedVoxels + cmp.values.nanBoth + cmp.values.nonFiniteMismatch,
                  static_cast<std::int64_t>(expected["overlap_voxels"].asNumber()) /
                      std::max<std::int64_t>(1, first->timePointCount()));
    }
}

INSTANTIATE_TEST_SUITE_P(SharedData, ComparisonTruth, ::testing::ValuesIn(pairCases()),
                         [](const auto& p) {
                             return p.param.name + "_" + std::to_string(p.param.entry);
                         });

} // namespace
} // namespace voxdiff::test
