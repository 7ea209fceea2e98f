// SPDX-License-Identifier: BSD-3-Clause
// Text through the real voxdiff-cli: the character set samples' names in `series --json`, and a
// Latin-1 description (under a folder whose name is not UTF-8) as valid UTF-8 in every output.
#include <gtest/gtest.h>

#include <gdcmReader.h>
#include <gdcmWriter.h>

#include "CharsetSamples.h"
#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/DicomPetWriter.h"
#include "voxdiff/Json.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

/// The entry of the listing that describes its one file: a volume, or a file passed over.
const Json& entryOf(const Json& listing) {
    for (const char* list : {"volumes", "non_image", "skipped"}) {
        if (listing[list].size() > 0) {
            return listing[list][0];
        }
    }
    static const Json kNull;
    return kNull;
}

class CliCharsetSamples : public ::testing::TestWithParam<std::string> {};

TEST_P(CliCharsetSamples, SeriesJsonGivesTheTextAsPydicomDecodesIt) {
    VOXDIFF_REQUIRE_SHARED_DATA(GetParam());
    const Json truth = charsetSamplesTruth();
    const Json& expected = charsetSampleTruth(truth, GetParam());
    ASSERT_TRUE(expected.isObject());
    const auto r =
        runCli({"series", (charsetSamplesDir() / "objects" / GetParam()).string(), "--json"});
    ASSERT_TRUE(r.exitCode == 0 || r.exitCode == 7) << r.err;
    ASSERT_TRUE(core::isValidUtf8(r.out));
    auto listing = Json::parse(r.out);
    ASSERT_TRUE(listing.ok()) << r.out;
    const Json& entry = entryOf(listing.value());
    ASSERT_TRUE(entry.isObject()) << r.out;
    for (const char* key : {"patient_name", "study_description", "series_description"}) {
        if (expected[key].isNull()) {
            EXPECT_TRUE(entry[key].isNull()) << key << ": " << r.out;
        } else {
            ASSERT_TRUE(entry[key].isString()) << key << ": " << r.out;
            EXPECT_EQ(entry[key].asString(), expected[key].asString()) << key;
        }
    }
    EXPECT_EQ(entry["text_issues"].size(), 0u) << r.out;
}

INSTANTIATE_TEST_SUITE_P(SharedData, CliCharsetSamples, ::testing::ValuesIn(charsetSampleFiles()),
                         [](const auto& p) { return testNameOf(p.param); });

/// Adds Specific Character Set `term` to every file of `folder`.
void declareCharacterSet(const fs::path& folder, const std::string& term) {
    for (const auto& e : fs::directory_iterator(folder)) {
        gdcm::Reader reader;
        reader.SetFileName(e.path().c_str());
        ASSERT_TRUE(reader.Read()) << e.path();
        gdcm::DataElement de(gdcm::Tag(0x0008, 0x0005));
        de.SetVR(gdcm::VR::CS);
        const std::string padded = term.size() % 2 == 0 ? term : term + " ";
        de.SetByteValue(padded.data(), static_cast<std::uint32_t>(padded.size()));
        reader.GetFile().GetDataSet().Replace(de);
        gdcm::Writer writer;
        writer.SetFile(reader.GetFile());
        writer.SetFileName(e.path().c_str());
        ASSERT_TRUE(writer.Write()) << e.path();
    }
}

TEST(CliCharset, ALatin1DescriptionIsValidUtf8InSeriesJsonCsvAndHtml) {
    TempDir dir;
    // A folder name that is not UTF-8 (Linux paths are bytes) holding an ISO_IR 100 series.
    const fs::path series = dir / "s\xe9rie";
    std::vector<float> v(4 * 4 * 3, 100.0F);
    core::Matrix4 m = core::Matrix4::identity();
    core::PetSeriesInfo info;
    info.seriesDescription = "K\xf6rper";
    info.patientName = "M\xfcller^J\xfcrgen";
    auto written =
        core::writeDicomPetSeries(core::Volume({4, 4, 3}, m, std::move(v)), info, series);
    ASSERT_TRUE(written.ok()) << written.error().describe();
    declareCharacterSet(series, "ISO_IR 100");

    const auto listed = runCli({"series", series.string(), "--json"});
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    ASSERT_TRUE(core::isValidUtf8(listed.out));
    auto listing = Json::parse(listed.out);
    ASSERT_TRUE(listing.ok()) << listed.out;
    const Json& volume = listing.value()["volumes"][0];
    EXPECT_EQ(volume["series_description"].asString(), "K\u00f6rper");
    EXPECT_EQ(volume["patient_name"].asString(), "M\u00fcller^J\u00fcrgen");
    EXPECT_EQ(volume["specific_character_set"].asString(), "ISO_IR 100");

    const auto text = runCli({"series", series.string()});
    EXPECT_TRUE(core::isValidUtf8(text.out));
    EXPECT_NE(text.out.find("K\u00f6rper"), std::string::npos) << text.out;

    const fs::path json = dir / "r.json";
    const fs::path csv = dir / "r.csv";
    const fs::path html = dir / "r.html";
    const auto r = runCli({"compare", series.string(), series.string(), "--json", json.string(),
                           "--csv", csv.string(), "--html", html.string()});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_TRUE(core::isValidUtf8(r.out));
    for (const fs::path& file : {json, csv, html}) {
        EXPECT_TRUE(core::isValidUtf8(readTextFile(file))) << file;
    }
    auto report = Json::parse(readTextFile(json));
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report.value()["first"]["description"].asString(), "K\u00f6rper");
    EXPECT_NE(readTextFile(html).find("K\u00f6rper"), std::string::npos);
    EXPECT_NE(report.value()["first"]["path"].asString().find("s\ufffdrie"), std::string::npos);
}

} // namespace
} // namespace voxdiff::test
