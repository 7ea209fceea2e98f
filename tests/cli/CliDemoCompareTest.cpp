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

TEST_F(DemoPair, WithoutSuvTheUnitChangeIsRescaledByTheSuvFactor) {
    const auto json = m_dir / "bqml.json";
    const auto r = runCli({"compare", dicom(), nifti(), "--suv-second", "--json", json.string()});
    EXPECT_EQ(r.exitCode, 1) << r.out;
    const Json j = readJson(json);
    EXPECT_EQ(j["verdict"].asString(), "rescaled");
    EXPECT_EQ(j["reason"].asString(), "suv_rescale") << "the DICOM side's SUVbw factor";
    EXPECT_EQ(j["rescale"]["suv_side"].asString(), "first");
    EXPECT_FALSE(j["rescale"]["suv_inputs"].asString().empty());
    EXPECT_TRUE(j["geometry"]["same_grid"].asBool());
    const Json& fit = j["values"]["linear_fit"];
    // Bq/ml per SUV = decayed dose / weight: 370 MBq decayed over 60 min, / 75000 g.
    EXPECT_NEAR(fit["slope"].asNumber(), 1.0 / 3377.52, 1e-7);
    EXPECT_GT(fit["r2"].asNumber(), 0.999999);
}

TEST_F(DemoPair, WithTheDicomInBqmlTheReasonNamesItsSuvFactor) {
    // DICOM converted to SUVbw against the NIfTI in SUV: equivalent. NIfTI in SUV first, DICOM
    // left in Bq/ml second: second = 3377.52 x first, 1 / the DICOM side's SUVbw factor.
    const auto json = m_dir / "suv_first.json";
    const auto r = runCli({"compare", dicom(), nifti(), "--suv-first", "--json", json.string()});
    EXPECT_EQ(r.exitCode, 0) << r.out << "the NIfTI is in SUV already: equivalent";
    const auto bq = m_dir / "bq.json";
    const auto r2 = runCli({"compare", nifti(), dicom(), "--json", bq.string()});
    EXPECT_EQ(r2.exitCode, 1) << r2.out;
    const Json j = readJson(bq);
    EXPECT_EQ(j["verdict"].asString(), "rescaled");
    EXPECT_EQ(j["reason"].asString(), "suv_rescale");
    EXPECT_EQ(j["rescale"]["suv_side"].asString(), "second");
}

} // namespace
} // namespace voxdiff::test
