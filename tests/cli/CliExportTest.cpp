// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli export-dicom, run as a process on the shared PET cases that have a real DICOM
// reference: the IBSI NIfTI (float SUV) exported beside its own DICOM series as PET and as a
// Parametric Map, verified by the command itself and checked with dciodvfy.
#include <gtest/gtest.h>

#include <fstream>

#include "../core/ExportTestSupport.h"
#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

constexpr int kExitUsage = 2;
constexpr int kExitOutput = 8;

std::vector<std::string> petCases() {
    std::vector<std::string> names;
    for (const char* name :
         {"pet_ge_sts002_suv_perslice_slope", "pet_ge_sts009_suv_perslice_slope"}) {
        if (!sharedDataDir().empty() && fs::exists(sharedDataDir() / name)) {
            names.emplace_back(name);
        }
    }
    if (names.empty()) {
        names.emplace_back(kNoSharedData);
    }
    return names;
}

Json readReport(const fs::path& path) {
    auto parsed = Json::parse(readTextFile(path));
    EXPECT_TRUE(parsed.ok()) << path;
    return parsed.ok() ? parsed.value() : Json();
}

void expectValidDicom(const fs::path& folder, std::size_t expectedFiles) {
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(folder)) {
        ++files;
        // dciodvfy takes ~50 ms a file: every file of the small cases.
        for (const std::string& line : dciodvfyErrors(e.path())) {
            ADD_FAILURE() << e.path() << ": " << line;
        }
    }
    EXPECT_EQ(files, expectedFiles);
}

class CliExportSharedPet : public ::testing::TestWithParam<std::string> {};

TEST_P(CliExportSharedPet, ExportsTheNiftiBesideItsDicomAsPetAndVerifiesIt) {
    VOXDIFF_REQUIRE_SHARED_DATA(GetParam());
    const fs::path caseDir = sharedDataDir() / GetParam();
    const Json truth = loadTruth(caseDir);
    TempDir dir;
    const auto r =
        runCli({"export-dicom", (caseDir / "nifti" / "PET_image_ibsi.nii.gz").string(),
                "--reference", (caseDir / "dicom").string(), "--out", (dir / "pet").string(),
                "--as", "pet", "--report", (dir / "report.json").string()});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    const Json report = readReport(dir / "report.json");
    EXPECT_EQ(report["export"]["units"].asString(), "GML") << "inferred from the reference";
    EXPECT_EQ(report["export"]["units_source"].asString(), "reference_values");
    EXPECT_TRUE(report["export"]["verified"].asBool());
    const std::string verdict = report["export"]["round_trip_verdict"].asString();
    EXPECT_TRUE(verdict == "equivalent" || verdict == "identical") << verdict;
    expectValidDicom(dir / "pet", static_cast<std::size_t>(truth["dicom"]["n_files"].asNumber()));
}

TEST_P(CliExportSharedPet, ExportsTheNiftiAsAParametricMapThatRoundTripsIdentically) {
    VOXDIFF_REQUIRE_SHARED_DATA(GetParam());
    const fs::path caseDir = sharedDataDir() / GetParam();
    TempDir dir;
    const auto r =
        runCli({"export-dicom", (caseDir / "nifti" / "PET_image_ibsi.nii.gz").string(),
                "--reference", (caseDir / "dicom").string(), "--out", (dir / "map").string(),
                "--as", "parametric-map", "--report", (dir / "report.json").string()});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    const Json report = readReport(dir / "report.json");
    EXPECT_EQ(report["export"]["round_trip_verdict"].asString(), "identical");
    EXPECT_EQ(report["export"]["files"].asNumber(), 1.0);
    expectValidDicom(dir / "map", 1);

    // The export reads back on the reference's grid.
    const auto info =
        runCli({"compare", (caseDir / "dicom").string(), (dir / "map").string(), "--quiet"});
    EXPECT_EQ(info.exitCode, 0) << info.out << info.err;
}

INSTANTIATE_TEST_SUITE_P(SharedPet, CliExportSharedPet, ::testing::ValuesIn(petCases()),
                         [](const auto& p) { return testNameOf(p.param); });

TEST(CliExport, RefusesAnExistingOutputFolderWithExit8) {
    const auto cases = petCases();
    VOXDIFF_REQUIRE_SHARED_DATA(cases.front());
    const fs::path caseDir = sharedDataDir() / cases.front();
    TempDir dir;
    fs::create_directories(dir / "out");
    std::ofstream(dir / "out" / "keep.txt") << "not ours";
    const auto r = runCli({"export-dicom", (caseDir / "nifti" / "PET_image_ibsi.nii.gz").string(),
                           "--reference", (caseDir / "dicom").string(), "--out",
                           (dir / "out").string(), "--as", "pet"});
    EXPECT_EQ(r.exitCode, kExitOutput) << r.err;
    EXPECT_TRUE(fs::exists(dir / "out" / "keep.txt"));
}

TEST(CliExport, RejectsABadCommandLineWithExit2) {
    EXPECT_EQ(runCli({"export-dicom"}).exitCode, kExitUsage);
    EXPECT_EQ(runCli({"export-dicom", "a.nii", "--out", "x", "--as", "pet"}).exitCode, kExitUsage)
        << "--reference is required";
    EXPECT_EQ(
        runCli({"export-dicom", "a.nii", "--reference", "r", "--out", "x", "--as", "png"}).exitCode,
        kExitUsage);
}

} // namespace
} // namespace voxdiff::test
