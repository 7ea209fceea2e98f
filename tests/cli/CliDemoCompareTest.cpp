// SPDX-License-Identifier: BSD-3-Clause
// The README's first job, end to end: the built-in demo pair written by voxdiff-cli demo and
// judged by voxdiff-cli compare, as a user would run them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "DemoPairFixture.h"
#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

using core::Json;

Json readJson(const std::filesystem::path& p) {
    auto j = Json::parse(readTextFile(p));
    EXPECT_TRUE(j.ok()) << p;
    return j.ok() ? j.value() : Json();
}

using DemoPair = DemoPairFixture;

TEST_F(DemoPair, IsTheSameGridWithKReversedAndEquivalentInSuv) {
    const auto json = m_dir / "suv.json";
    const auto r = runCli({"compare", nifti(), dicom(), "--suv", "--json", json.string()});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    const Json j = readJson(json);
    EXPECT_EQ(j["verdict"].asString(), "equivalent");
    const Json& g = j["geometry"];
    EXPECT_TRUE(g["same_grid"].asBool());
    EXPECT_FALSE(g["axis_map"][0]["flipped"].asBool());
    EXPECT_FALSE(g["axis_map"][1]["flipped"].asBool());
    EXPECT_TRUE(g["axis_map"][2]["flipped"].asBool());
    EXPECT_EQ(g["axis_map"][2]["axis"].asNumber(), 2);
    EXPECT_NE(g["explanation"].asString().find("k axis reversed"), std::string::npos);
    const std::string details = g["details"].dump();
    EXPECT_NE(details.find("other end of the k axis"), std::string::npos) << details;
    EXPECT_NE(details.find("- 3 x (72 - 1) ="), std::string::npos) << details;

    const Json& v = j["values"];
    EXPECT_TRUE(v["quantization_applies"].asBool());
    EXPECT_EQ(v["quantization_side"].asString(), "second");
    EXPECT_DOUBLE_EQ(v["within_quantization_fraction"].asNumber(), 1.0)
        << "every difference explained";
    EXPECT_GT(v["max_abs_diff"].asNumber(), 0.0) << "int16 storage must leave some difference";
    // The bound is in SUV: half the largest per-slice step, far below the values (SUV ~ 1-15).
    EXPECT_LT(v["quantization_bound_max"].asNumber(), 1e-3);
    EXPECT_LE(v["max_abs_diff"].asNumber(), v["quantization_bound_max"].asNumber() * 1.01);
    EXPECT_TRUE(j["second"]["scaling"]["slope_varies_per_slice"].asBool());
    EXPECT_EQ(j["second"]["units"].asString(), "g/ml (SUVbw)");
    EXPECT_NE(j["verdict_reason"].asString().find("explained by integer storage"),
              std::string::npos);
}

TEST_F(DemoPair, WithoutSuvItIsRescaledByTheSuvFactorWithinTheInt16Quantization) {
    // The int16 storage leaves R^2 just under 1 - 1e-9, but every residual of the line is
    // within half its slice's slope: rescaled (values differ, exit 1), the SUVbw factor named.
    const auto json = m_dir / "bqml.json";
    const auto r = runCli({"compare", nifti(), dicom(), "--json", json.string()});
    EXPECT_EQ(r.exitCode, 1) << r.out;
    const Json j = readJson(json);
    EXPECT_TRUE(j["geometry"]["same_grid"].asBool());
    EXPECT_EQ(j["verdict"].asString(), "rescaled");
    EXPECT_EQ(j["reason"].asString(), "suv_rescale");
    ASSERT_EQ(j["reason_codes"].size(), 2u);
    EXPECT_EQ(j["reason_codes"][1].asString(), "residuals_within_quantization");
    EXPECT_TRUE(j["rescale"]["suv_factor"].asBool());
    EXPECT_EQ(j["rescale"]["suv_side"].asString(), "second");
    const Json& fit = j["values"]["linear_fit"];
    // Bq/ml per SUV = decayed dose / weight: 370 MBq decayed over 60 min, / 75000 g.
    EXPECT_NEAR(fit["slope"].asNumber(), 3377.52, 0.5);
    EXPECT_GT(fit["r2"].asNumber(), 0.999999);
    EXPECT_LT(fit["r2"].asNumber(), 1.0 - 1e-9);
    EXPECT_TRUE(fit["residuals_checked"].asBool());
    EXPECT_EQ(fit["residuals_over_bound"].asNumber(), 0.0);
}

TEST_F(DemoPair, WithTheDicomConvertedToSuvItIsEquivalent) {
    const auto json = m_dir / "suv_first.json";
    const auto r = runCli({"compare", dicom(), nifti(), "--suv-first", "--json", json.string()});
    EXPECT_EQ(r.exitCode, 0) << r.out << "the NIfTI is in SUV already: equivalent";
    EXPECT_EQ(readJson(json)["verdict"].asString(), "equivalent");
}

} // namespace
} // namespace voxdiff::test
