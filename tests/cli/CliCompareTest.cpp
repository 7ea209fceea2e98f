// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli compare, run as a process: exit statuses, the JSON report against its schema,
// and the output-safety rules.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "JsonSchema.h"
#include "NiftiWriter.h"
#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

Json reportSchema() {
    auto parsed = Json::parse(
        readTextFile(fs::path(VOXDIFF_SOURCE_DIR) / "resources" / "report-schema.json"));
    EXPECT_TRUE(parsed.ok());
    return parsed.ok() ? parsed.value() : Json();
}

/// An axial 6x5x8 float volume of 2 mm voxels; `headToFeet` stores the k axis the other way.
void writePair(const fs::path& dir, bool headToFeet, float bump = 0.0f) {
    std::vector<float> v(6 * 5 * 8);
    for (std::size_t n = 0; n < v.size(); ++n) {
        v[n] = static_cast<float>(n % 97) * 0.5f;
    }
    auto setAffine = [](nifti_image& nim, bool reversed) {
        nim.sform_code = 1;
        nim.sto_xyz.m[0][0] = 2;
        nim.sto_xyz.m[1][1] = 2;
        nim.sto_xyz.m[2][2] = reversed ? -2 : 2;
        nim.sto_xyz.m[2][3] = reversed ? 100 + 2 * 7 : 100;
    };
    writeNifti(dir / "a.nii", {6, 5, 8}, DT_FLOAT32, bytesOf(v),
               [&](nifti_image& n) { setAffine(n, false); });
    std::vector<float> w(v.size());
    for (std::int64_t k = 0; k < 8; ++k) {
        const std::int64_t src = headToFeet ? 7 - k : k;
        std::copy(v.begin() + src * 30, v.begin() + src * 30 + 30, w.begin() + k * 30);
    }
    w[17] += bump;
    writeNifti(dir / "b.nii.gz", {6, 5, 8}, DT_FLOAT32, bytesOf(w),
               [&](nifti_image& n) { setAffine(n, headToFeet); });
}

TEST(CliCompare, ReportsTheSameGridWithAReversedKAxisAsIdentical) {
    TempDir dir;
    writePair(dir.path(), true);
    const auto r =
        runCli({"compare", (dir / "a.nii").string(), (dir / "b.nii.gz").string(), "--json",
                (dir / "report.json").string(), "--csv", (dir / "slices.csv").string()});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Verdict: IDENTICAL"), std::string::npos) << r.out;
    auto report = Json::parse(readTextFile(dir / "report.json"));
    ASSERT_TRUE(report.ok());
    const Json& j = report.value();
    const auto violations = validateJson(j, reportSchema());
    EXPECT_TRUE(violations.empty()) << violations.front();
    EXPECT_TRUE(j["geometry"]["same_grid"].asBool());
    EXPECT_TRUE(j["geometry"]["axis_map"][2]["flipped"].asBool());
    EXPECT_FALSE(j["geometry"]["axis_map"][0]["flipped"].asBool());
    EXPECT_EQ(j["verdict"].asString(), "identical");
    EXPECT_NE(j["geometry"]["details"].dump().find("100 + 2 x (8 - 1) = 114"), std::string::npos)
        << j["geometry"]["details"].dump();
    const std::string csv = readTextFile(dir / "slices.csv");
    EXPECT_EQ(csv.rfind("k,count,max_abs_diff", 0), 0u);
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 9) << "a header and 8 slices";
}

TEST(CliCompare, ExitsOneWhenTheImagesDiffer) {
    TempDir dir;
    writePair(dir.path(), false, 3.0f);
    const auto r = runCli({"compare", (dir / "a.nii").string(), (dir / "b.nii.gz").string(),
                           "--json", (dir / "r.json").string()});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    auto report = Json::parse(readTextFile(dir / "r.json"));
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report.value()["verdict"].asString(), "different");
    EXPECT_DOUBLE_EQ(report.value()["values"]["max_abs_diff"].asNumber(), 3.0);
    EXPECT_EQ(report.value()["values"]["max_abs_diff_location"]["index_first"][0].asNumber(), 5);

    // A tolerance that covers the difference makes them equivalent.
    const auto t = runCli(
        {"compare", (dir / "a.nii").string(), (dir / "b.nii.gz").string(), "--tolerance", "3"});
    EXPECT_EQ(t.exitCode, 0) << t.out;
    EXPECT_NE(t.out.find("EQUIVALENT"), std::string::npos);
}

TEST(CliCompare, NeverOverwritesAReportUnlessForced) {
    TempDir dir;
    writePair(dir.path(), false);
    std::ofstream(dir / "keep.json") << "precious";
    const auto r = runCli({"compare", (dir / "a.nii").string(), (dir / "b.nii.gz").string(),
                           "--json", (dir / "keep.json").string()});
    EXPECT_EQ(r.exitCode, 8);
    EXPECT_NE(r.err.find("keep.json"), std::string::npos);
    EXPECT_EQ(readTextFile(dir / "keep.json"), "precious");
    const auto f = runCli({"compare", (dir / "a.nii").string(), (dir / "b.nii.gz").string(),
                           "--json", (dir / "keep.json").string(), "--force"});
    EXPECT_EQ(f.exitCode, 0);
    EXPECT_TRUE(Json::parse(readTextFile(dir / "keep.json")).ok());
    for (const auto& e : fs::directory_iterator(dir.path())) {
        EXPECT_EQ(e.path().filename().string().find(".voxdiff-tmp"), std::string::npos)
            << "temporary left behind";
    }
}

TEST(CliCompare, NeverWritesIntoAnInputFolder) {
    TempDir dir;
    ASSERT_EQ(runCli({"demo", (dir / "demo").string()}).exitCode, 0);
    const fs::path series = dir / "demo" / "pet_dicom";
    const auto r = runCli({"compare", (dir / "demo" / "pet_suv.nii.gz").string(), series.string(),
                           "--json", (series / "report.json").string()});
    EXPECT_EQ(r.exitCode, 8) << r.err;
    EXPECT_NE(r.err.find("input folder"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(series / "report.json"));
}

TEST(CliCompare, RejectsBadArgumentsWithStatusTwo) {
    EXPECT_EQ(runCli({"compare", "only-one.nii"}).exitCode, 2);
    EXPECT_EQ(runCli({"compare", "a", "b", "--interpolation", "cubic"}).exitCode, 2);
    EXPECT_EQ(runCli({"compare", "a", "b", "--tolerance", "-1"}).exitCode, 2);
    EXPECT_EQ(runCli({"compare", "/no/such/a.nii", "/no/such/b.nii"}).exitCode, 3);
}

TEST(CliHelp, EverySubcommandAnswersHelp) {
    for (const char* command : {"compare", "info", "series", "demo"}) {
        const auto r = runCli({command, "--help"});
        EXPECT_EQ(r.exitCode, 0) << command << r.err;
        EXPECT_NE(r.out.find(std::string("usage: voxdiff-cli ") + command), std::string::npos)
            << r.out;
    }
    const auto compare = runCli({"compare", "--help"});
    for (const char* setting : {"--tolerance", "--rel-tolerance", "--suv-first", "--suv-second",
                                "--interpolation", "--volume", "--series", "--grid-tolerance"}) {
        EXPECT_NE(compare.out.find(setting), std::string::npos) << setting;
    }
}

TEST(CliCompare, TwoPatientsWarnAndAnonymizeLeavesThemOut) {
    const fs::path a = sharedDataDir() / "pet_ge_sts002_suv_perslice_slope" / "dicom";
    const fs::path b = sharedDataDir() / "pet_ge_sts009_suv_perslice_slope" / "dicom";
    if (!fs::exists(a) || !fs::exists(b)) {
        VOXDIFF_MISSING_SHARED_DATA("../shared/data/pet_ge_sts00{2,9}_suv_perslice_slope");
    }
    TempDir dir;
    const auto r = runCli({"compare", a.string(), b.string(), "--json",
                           (dir / "named.json").string(), "--html", (dir / "named.html").string()});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    const Json named = Json::parse(readTextFile(dir / "named.json")).value();
    EXPECT_TRUE(validateJson(named, reportSchema()).empty());
    EXPECT_EQ(named["reason_codes"][0].asString(), "patient_differs");
    EXPECT_NE(named["diagnostics"].dump().find("\"patient_differs\""), std::string::npos);
    ASSERT_TRUE(named["first_identity"]["patient_id"].isString());
    const std::string id = named["first_identity"]["patient_id"].asString();
    EXPECT_NE(readTextFile(dir / "named.html").find(id), std::string::npos);
    EXPECT_EQ(named["settings"]["grid-tolerance"].asString(), "0.1 voxel");

    const auto anon =
        runCli({"compare", a.string(), b.string(), "--anonymize", "--json",
                (dir / "anon.json").string(), "--html", (dir / "anon.html").string()});
    EXPECT_EQ(anon.exitCode, 1);
    EXPECT_EQ(readTextFile(dir / "anon.json").find(id), std::string::npos);
    EXPECT_EQ(readTextFile(dir / "anon.html").find(id), std::string::npos);
}

TEST(JsonSchemaValidator, RejectsAReportWithAMissingOrMistypedField) {
    TempDir dir;
    writePair(dir.path(), false);
    const auto r = runCli({"compare", (dir / "a.nii").string(), (dir / "b.nii.gz").string(),
                           "--json", (dir / "r.json").string()});
    ASSERT_EQ(r.exitCode, 0);
    Json j = Json::parse(readTextFile(dir / "r.json")).value();
    j["verdict"] = "maybe";
    j["geometry"]["same_grid"] = "yes";
    const auto violations = validateJson(j, reportSchema());
    ASSERT_EQ(violations.size(), 2u);
}

// The comparison's sums and the value statistics have an AVX2 loop and a portable one (picked
// at run time; VOXDIFF_NO_AVX2=1 forces the portable one). Both must give the same answer:
// the same verdict and counts exactly, the same sums to rounding. The pair has rows whose
// length is not a multiple of the vector width, NaN in both and in one only, an infinity,
// identical rows and rows that differ, and is large enough to be mapped (2^21 voxels).
TEST(CliCompare, TheVectorAndThePortableLoopsGiveTheSameAnswer) {
    TempDir dir;
    const std::vector<std::int64_t> dims{131, 129, 125};
    const std::size_t n = 131 * 129 * 125;
    std::vector<float> a(n);
    std::vector<float> b(n);
    for (std::size_t v = 0; v < n; ++v) {
        a[v] = static_cast<float>(std::fmod(static_cast<double>(v) * 0.37, 911.0) - 200.0);
        const std::size_t row = v / 131;
        b[v] = row % 3 == 0 ? a[v] : a[v] * 1.0001f + (row % 7 == 0 ? 0.5f : 0.0f);
    }
    a[5] = b[5] = std::numeric_limits<float>::quiet_NaN();
    a[1000] = std::numeric_limits<float>::quiet_NaN();
    b[n / 2] = std::numeric_limits<float>::infinity();
    a[77] = b[77] = 0.0f;
    writeNifti(dir / "a.nii", dims, DT_FLOAT32, bytesOf(a));
    writeNifti(dir / "b.nii", dims, DT_FLOAT32, bytesOf(b));
    auto run = [&](bool portable, const std::string& out) {
        const std::vector<std::string> env{portable ? "VOXDIFF_NO_AVX2=1" : "VOXDIFF_NO_AVX2=0"};
        auto r = runCliWithEnv(env, {"compare", (dir / "a.nii").string(), (dir / "b.nii").string(),
                                     "--json", (dir / out).string()});
        EXPECT_EQ(r.exitCode, 1) << r.err;
        auto parsed = Json::parse(readTextFile(dir / out));
        EXPECT_TRUE(parsed.ok());
        return parsed.ok() ? parsed.value() : Json();
    };
    const Json vector = run(false, "vector.json");
    const Json portable = run(true, "portable.json");
    ASSERT_TRUE(vector.isObject() && portable.isObject());
    EXPECT_EQ(vector["verdict"].asString(), portable["verdict"].asString());
    const Json& v = vector["values"];
    const Json& p = portable["values"];
    for (const char* key : {"compared_voxels", "nan_both", "non_finite_mismatch",
                            "over_abs_tolerance", "over_rel_tolerance", "zero_both"}) {
        EXPECT_EQ(v[key].asInt64(), p[key].asInt64()) << key;
    }
    EXPECT_EQ(v["nan_both"].asInt64(), 1);
    EXPECT_EQ(v["non_finite_mismatch"].asInt64(), 2);
    EXPECT_EQ(v["max_abs_diff"].asNumber(), p["max_abs_diff"].asNumber());
    EXPECT_EQ(v["histogram"]["counts"].dump(-1), p["histogram"]["counts"].dump(-1));
    EXPECT_EQ(v["percentiles_abs"].dump(-1), p["percentiles_abs"].dump(-1));
    for (const char* key : {"mean_diff", "mean_abs_diff", "rmse", "within_tolerance_fraction"}) {
        EXPECT_NEAR(v[key].asNumber(), p[key].asNumber(), 1e-9 * std::abs(p[key].asNumber()))
            << key;
    }
    for (const char* key : {"slope", "intercept", "r2"}) {
        EXPECT_NEAR(v["linear_fit"][key].asNumber(), p["linear_fit"][key].asNumber(), 1e-9) << key;
    }
    for (const char* side : {"first", "second"}) {
        const Json& sv = vector[side]["values"];
        const Json& sp = portable[side]["values"];
        for (const char* key : {"min", "max", "finite_count", "nan_count", "inf_count"}) {
            EXPECT_EQ(sv[key].dump(-1), sp[key].dump(-1)) << side << " " << key;
        }
        EXPECT_NEAR(sv["mean"].asNumber(), sp["mean"].asNumber(),
                    1e-12 * std::abs(sp["mean"].asNumber()))
            << side;
    }
    EXPECT_EQ(vector["second"]["values"]["inf_count"].asInt64(), 1);
    EXPECT_EQ(vector["first"]["values"]["nan_count"].asInt64(), 2);
}

} // namespace
} // namespace voxdiff::test
