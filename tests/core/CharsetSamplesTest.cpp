// SPDX-License-Identifier: BSD-3-Clause
// The character set samples of ../shared/data/charset_samples: every object's text, read through
// the core API, equals pydicom's decoding in text_truth.json.
#include <gtest/gtest.h>

#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>

#include "CharsetSamples.h"
#include "TestData.h"
#include "dicom/text/DatasetText.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

/// The text the listing gives for its one file, wherever the file was listed.
const core::DicomText* textOf(const core::DicomListing& listing) {
    if (!listing.volumes.empty()) {
        return &listing.volumes.front().text;
    }
    for (const auto* list : {&listing.nonImage, &listing.skipped}) {
        if (!list->empty()) {
            return &list->front().text;
        }
    }
    return nullptr;
}

void expectField(const Json& truth, const char* key, const std::string& actual) {
    const Json& expected = truth[key];
    EXPECT_TRUE(core::isValidUtf8(actual)) << key;
    if (expected.isNull()) {
        EXPECT_EQ(actual, "") << key;
    } else {
        EXPECT_EQ(actual, expected.asString()) << key;
    }
}

class CharsetSamples : public ::testing::TestWithParam<std::string> {};

TEST_P(CharsetSamples, DecodesTheTextAsPydicomDoes) {
    VOXDIFF_REQUIRE_SHARED_DATA(GetParam());
    const Json truth = charsetSamplesTruth();
    const Json& expected = charsetSampleTruth(truth, GetParam());
    ASSERT_TRUE(expected.isObject());
    auto listing = core::scanDicom(charsetSamplesDir() / "objects" / GetParam());
    ASSERT_TRUE(listing.ok()) << listing.error().describe();
    const core::DicomText* text = textOf(listing.value());
    ASSERT_NE(text, nullptr);
    expectField(expected, "patient_name", text->patientName);
    expectField(expected, "study_description", text->studyDescription);
    expectField(expected, "series_description", text->seriesDescription);
    EXPECT_TRUE(text->issues.empty()) << text->issues.front();
    if (!listing->volumes.empty()) {
        EXPECT_EQ(listing->volumes.front().seriesDescription, text->seriesDescription);
    }
}

INSTANTIATE_TEST_SUITE_P(SharedData, CharsetSamples, ::testing::ValuesIn(charsetSampleFiles()),
                         [](const auto& p) { return testNameOf(p.param); });

/// Person Name (0010,0010) of the first item of Requested Procedure Code Sequence (0032,1064),
/// decoded with the item's own character set or, without one, the dataset's.
std::string itemPersonName(const fs::path& file) {
    gdcm::Reader reader;
    reader.SetFileName(file.c_str());
    EXPECT_TRUE(reader.Read()) << file;
    const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
    const auto top = core::dicom::text::characterSetOf(ds);
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq =
        ds.GetDataElement(gdcm::Tag(0x0032, 0x1064)).GetValueAsSQ();
    if (!sq || sq->GetNumberOfItems() == 0) {
        ADD_FAILURE() << "no item in " << file;
        return {};
    }
    const gdcm::DataSet& item = sq->GetItem(1).GetNestedDataSet();
    core::dicom::text::CharsetIssues issues = 0;
    auto name = core::dicom::text::decodedTextOf(item, gdcm::Tag(0x0010, 0x0010),
                                                 core::dicom::text::characterSetOf(item, top),
                                                 core::dicom::text::TextVr::PersonName, issues);
    EXPECT_EQ(issues, 0u);
    return name.value_or("");
}

TEST(CharsetSamplesSequences, DecodeAnItemWithTheSetItDeclaresOrInherits) {
    const fs::path dir = charsetSamplesDir();
    VOXDIFF_REQUIRE_SHARED_DATA(fs::is_directory(dir / "objects") ? dir.string() : kNoSharedData);
    // pydicom 2.3.1 reads the same name in both files: chrSQEncoding's item declares
    // ISO 2022 IR 13 + IR 87 under an ISO_IR 192 dataset; chrSQEncoding1's item inherits them.
    const std::string expected = "\uff94\uff8f\uff80\uff9e^\uff80\uff9b\uff73="
                                 "\u5c71\u7530^\u592a\u90ce="
                                 "\u3084\u307e\u3060^\u305f\u308d\u3046";
    EXPECT_EQ(itemPersonName(dir / "objects" / "chrSQEncoding.dcm"), expected);
    EXPECT_EQ(itemPersonName(dir / "objects" / "chrSQEncoding1.dcm"), expected);
}

} // namespace
} // namespace voxdiff::test
