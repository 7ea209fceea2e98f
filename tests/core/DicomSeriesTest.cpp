// SPDX-License-Identifier: BSD-3-Clause
// Synthetic series written with GDCM in the test: sorting, per-slice rescale, bit masking,
// splitting and bad files, each checked against values known by construction.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include <gdcmAttribute.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmWriter.h>

#include "TestData.h"
#include "voxdiff/DicomSeries.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Vec3;

constexpr int kSide = 4;
constexpr double kToleranceMm = 1e-6;

struct SliceSpec {
    Vec3 positionLps{0, 0, 0};
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
    int instance = 1;
    double slope = 1.0;
    double intercept = 0.0;
    std::uint16_t stored = 0; ///< every pixel's stored value
    int bitsStored = 16;
    std::string seriesUid = "1.2.3.4";
    bool withRows = true;
    std::string slopeText; ///< written instead of `slope` when not empty
    std::string spacingText = "0.5\\0.5";
    std::string thicknessText; ///< SliceThickness, written when not empty
};

std::string joined(const double* v, int n) {
    std::string s;
    for (int c = 0; c < n; ++c) {
        s += (c ? "\\" : "") + std::to_string(v[c]);
    }
    return s;
}

template <std::uint16_t G, std::uint16_t E, typename T> void put(gdcm::DataSet& ds, const T& v) {
    gdcm::Attribute<G, E> a;
    a.SetValue(v);
    ds.Replace(a.GetAsDataElement());
}

void putText(gdcm::DataSet& ds, const gdcm::Tag& tag, const gdcm::VR& vr, std::string text) {
    if (text.size() % 2 != 0) {
        text += ' ';
    }
    gdcm::DataElement de(tag);
    de.SetVR(vr);
    de.SetByteValue(text.c_str(), static_cast<std::uint32_t>(text.size()));
    ds.Replace(de);
}

void writeSlice(const fs::path& file, const SliceSpec& s) {
    gdcm::Writer writer;
    gdcm::DataSet& ds = writer.GetFile().GetDataSet();
    const std::string sopInstance = "1.2.3.4.5." + std::to_string(s.instance) + "." +
                                    std::to_string(std::hash<std::string>{}(file.string()) % 9973);
    putText(ds, gdcm::Tag(0x0008, 0x0016), gdcm::VR::UI,
            s.withRows ? "1.2.840.10008.5.1.4.1.1.4" : "1.2.840.10008.5.1.4.1.1.88.11");
    putText(ds, gdcm::Tag(0x0008, 0x0018), gdcm::VR::UI, sopInstance);
    putText(ds, gdcm::Tag(0x0008, 0x0060), gdcm::VR::CS, s.withRows ? "MR" : "SR");
    putText(ds, gdcm::Tag(0x0020, 0x000E), gdcm::VR::UI, s.seriesUid);
    putText(ds, gdcm::Tag(0x0020, 0x0013), gdcm::VR::IS, std::to_string(s.instance));
    if (s.withRows) {
        putText(ds, gdcm::Tag(0x0020, 0x0032), gdcm::VR::DS, joined(s.positionLps.data(), 3));
        putText(ds, gdcm::Tag(0x0020, 0x0037), gdcm::VR::DS, joined(s.orientation.data(), 6));
        putText(ds, gdcm::Tag(0x0028, 0x0030), gdcm::VR::DS, s.spacingText);
        if (!s.thicknessText.empty()) {
            putText(ds, gdcm::Tag(0x0018, 0x0050), gdcm::VR::DS, s.thicknessText);
        }
        putText(ds, gdcm::Tag(0x0028, 0x1053), gdcm::VR::DS,
                s.slopeText.empty() ? std::to_string(s.slope) : s.slopeText);
        putText(ds, gdcm::Tag(0x0028, 0x1052), gdcm::VR::DS, std::to_string(s.intercept));
        putText(ds, gdcm::Tag(0x0028, 0x0004), gdcm::VR::CS, "MONOCHROME2");
        put<0x0028, 0x0002>(ds, std::uint16_t{1});
        put<0x0028, 0x0010>(ds, std::uint16_t{kSide});
        put<0x0028, 0x0011>(ds, std::uint16_t{kSide});
        put<0x0028, 0x0100>(ds, std::uint16_t{16});
        put<0x0028, 0x0101>(ds, static_cast<std::uint16_t>(s.bitsStored));
        put<0x0028, 0x0102>(ds, static_cast<std::uint16_t>(s.bitsStored - 1));
        put<0x0028, 0x0103>(ds, std::uint16_t{0});
        std::vector<std::uint16_t> pixels(kSide * kSide, s.stored);
        gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
        pixelData.SetVR(gdcm::VR::OW);
        pixelData.SetByteValue(reinterpret_cast<const char*>(pixels.data()),
                               static_cast<std::uint32_t>(pixels.size() * 2));
        ds.Replace(pixelData);
    }
    gdcm::FileMetaInformation& meta = writer.GetFile().GetHeader();
    meta.SetDataSetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
    writer.SetFileName(file.c_str());
    ASSERT_TRUE(writer.Write()) << file;
}

/// `count` axial slices 1 mm apart, files prefix0.dcm, prefix1.dcm...
void writeAxialStack(const fs::path& dir, const std::string& prefix, int count) {
    for (int k = 0; k < count; ++k) {
        SliceSpec s;
        s.positionLps = {0, 0, 1.0 * k};
        s.instance = k + 1;
        writeSlice(dir / (prefix + std::to_string(k) + ".dcm"), s);
    }
}

bool hasDiagnostic(const core::Volume& v, const std::string& code) {
    return std::any_of(v.diagnostics().begin(), v.diagnostics().end(),
                       [&](const core::Diagnostic& d) { return d.code == code; });
}

TEST(DicomSeriesLoader, SortsSlicesAlongNormalNotByInstanceNumberOrFileName) {
    TempDir dir;
    // Sagittal slices: row along +y (posterior), column along -z, so the normal is -x.
    const std::array<double, 6> sagittal{0, 1, 0, 0, 0, -1};
    const double xs[4] = {14, 10, 16, 12};
    for (int n = 0; n < 4; ++n) {
        SliceSpec s;
        s.orientation = sagittal;
        s.positionLps = {xs[n], -20, 30};
        s.instance = n + 1;
        s.stored = static_cast<std::uint16_t>(xs[n]);
        writeSlice(dir / ("a" + std::to_string(n) + ".dcm"), s);
    }
    auto v = core::loadDicom(dir.path());
    ASSERT_TRUE(v.ok()) << v.error().describe();
    ASSERT_EQ(v->dims()[2], 4);
    // k grows along the normal (-x): x = 16, 14, 12, 10.
    EXPECT_NEAR(v->originLps()[0], 16, kToleranceMm);
    EXPECT_NEAR(v->ijkToLps().column(2)[0], -2, kToleranceMm);
    for (int k = 0; k < 4; ++k) {
        EXPECT_EQ(v->value(0, 0, k), 16.0F - 2.0F * static_cast<float>(k));
    }
    EXPECT_EQ(v->orientationCode(), "PIR");
}

TEST(DicomSeriesLoader, RescalesEachSliceWithItsOwnSlopeAndKeepsThem) {
    TempDir dir;
    for (int k = 0; k < 3; ++k) {
        SliceSpec s;
        s.positionLps = {0, 0, 2.0 * k};
        s.instance = k + 1;
        s.slope = 0.5 * (k + 1);
        s.intercept = -10.0 * k;
        s.stored = 100;
        writeSlice(dir / ("s" + std::to_string(k) + ".dcm"), s);
    }
    auto v = core::loadDicom(dir.path());
    ASSERT_TRUE(v.ok()) << v.error().describe();
    ASSERT_EQ(v->scaling().perSliceK.size(), 3u);
    EXPECT_TRUE(v->scaling().slopeVariesPerSlice());
    EXPECT_TRUE(hasDiagnostic(v.value(), "rescale_slope_varies_per_slice"));
    for (int k = 0; k < 3; ++k) {
        EXPECT_FLOAT_EQ(v->value(1, 1, k), static_cast<float>(100 * 0.5 * (k + 1) - 10.0 * k));
        EXPECT_DOUBLE_EQ(v->scaling().slopeOfSlice(k), 0.5 * (k + 1));
    }
}

TEST(DicomSeriesLoader, ASlopeOrSpacingThatIsNotANumberIsRefusedNotTakenAsAbsent) {
    // "0,5" (a comma-decimal locale's way of writing it) was read as 0 by strtod, or as no
    // slope at all (1): a silently wrong image either way.
    const std::pair<std::string, std::string> bad[] = {
        {"0,5", "0.5\\0.5"}, {"2.5x", "0.5\\0.5"}, {"1", "0,5\\0,5"}, {"1", "0.5\\"}};
    for (const auto& [slope, spacing] : bad) {
        TempDir dir;
        SliceSpec s;
        s.slopeText = slope;
        s.spacingText = spacing;
        s.stored = 100;
        writeSlice(dir / "one.dcm", s);
        auto v = core::loadDicom(dir.path());
        ASSERT_FALSE(v.ok()) << slope << " " << spacing << ": loaded, value " << v->value(0, 0, 0);
        EXPECT_EQ(v.error().code, core::ErrorCode::CorruptHeader) << v.error().describe();
        EXPECT_EQ(v.error().file.filename(), "one.dcm") << v.error().describe();
    }
    // Well-formed forms still read: a leading '+', an exponent, padding.
    TempDir dir;
    SliceSpec s;
    s.slopeText = "+2.5E-1 ";
    s.stored = 100;
    writeSlice(dir / "one.dcm", s);
    auto v = core::loadDicom(dir.path());
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_FLOAT_EQ(v->value(0, 0, 0), 25.0F);
}

TEST(DicomSeriesLoader, AnOrientationOrSpacingThatCannotPlaceSlicesIsRefused) {
    // Zero or parallel cosines put every slice at one position (they loaded as N single-slice
    // volumes); a zero pixel spacing made the grid singular.
    const std::array<double, 6> zeros{0, 0, 0, 0, 0, 0};
    const std::array<double, 6> parallel{1, 0, 0, 1, 0, 0};
    const std::array<double, 6> unitless{3, 0, 0, 0, 3, 0};
    for (const auto& orientation : {zeros, parallel, unitless}) {
        TempDir dir;
        for (int k = 0; k < 3; ++k) {
            SliceSpec s;
            s.orientation = orientation;
            s.positionLps = {0, 0, 1.0 * k};
            s.instance = k + 1;
            writeSlice(dir / ("s" + std::to_string(k) + ".dcm"), s);
        }
        auto v = core::loadDicom(dir.path());
        ASSERT_FALSE(v.ok()) << orientation[0] << " " << orientation[3];
        EXPECT_EQ(v.error().code, core::ErrorCode::CorruptHeader) << v.error().describe();
    }
    TempDir dir;
    SliceSpec s;
    s.spacingText = "0\\0.5";
    writeSlice(dir / "one.dcm", s);
    auto v = core::loadDicom(dir.path());
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, core::ErrorCode::CorruptHeader) << v.error().describe();
}

TEST(DicomSeriesLoader, ASingleSliceOfThicknessZeroGetsTheDefaultStep) {
    TempDir dir;
    SliceSpec s;
    s.thicknessText = "0";
    writeSlice(dir / "one.dcm", s);
    auto v = core::loadDicom(dir.path());
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_NEAR(v->spacingMm()[2], 1.0, kToleranceMm);
    bool invertible = false;
    v->ijkToLps().inverse(&invertible);
    EXPECT_TRUE(invertible);
}

TEST(DicomSeriesLoader, MasksStoredValuesToBitsStored) {
    TempDir dir;
    SliceSpec s;
    s.bitsStored = 12;
    s.stored = 0xF123; // garbage in the 4 unused high bits
    writeSlice(dir / "one.dcm", s);
    auto v = core::loadDicom(dir.path());
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->value(0, 0, 0), static_cast<float>(0x123));
    EXPECT_TRUE(hasDiagnostic(v.value(), "single_slice"));
}

TEST(DicomSeriesLoader, LoadsTheGoodFilesAndNamesTheBadOnesAndNonImages) {
    TempDir dir;
    writeAxialStack(dir.path(), "s", 3);
    std::ofstream(dir / "stray.bin") << "stray bytes, not DICOM";
    SliceSpec report;
    report.withRows = false;
    writeSlice(dir / "report.dcm", report);

    auto listing = core::scanDicom(dir.path());
    ASSERT_TRUE(listing.ok()) << listing.error().describe();
    ASSERT_EQ(listing->volumes.size(), 1u);
    ASSERT_EQ(listing->skipped.size(), 1u);
    EXPECT_EQ(listing->skipped[0].file.filename(), "stray.bin");
    ASSERT_EQ(listing->nonImage.size(), 1u);
    EXPECT_EQ(listing->nonImage[0].file.filename(), "report.dcm");

    auto v = core::loadDicom(dir.path());
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->dims()[2], 3);
    const auto& d = v->diagnostics();
    EXPECT_TRUE(std::any_of(d.begin(), d.end(), [](const core::Diagnostic& x) {
        return x.code == "file_skipped" && x.message.find("stray.bin") != std::string::npos;
    }));
}

/// Hand-made DICOM bytes for malformed files: a preamble, an explicit-VR meta header naming
/// implicit VR little endian, then whatever elements a test appends.
class ImplicitDicomBytes {
  public:
    ImplicitDicomBytes() {
        m_bytes.assign(128, '\0');
        m_bytes += "DICM";
        std::string meta;
        explicitUi(meta, 0x0002, "1.2.840.10008.5.1.4.1.1.4");
        explicitUi(meta, 0x0003, "1.2.3.4");
        explicitUi(meta, 0x0010, "1.2.840.10008.1.2");
        u16(m_bytes, 0x0002);
        u16(m_bytes, 0x0000);
        m_bytes += "UL";
        u16(m_bytes, 4);
        u32(m_bytes, static_cast<std::uint32_t>(meta.size()));
        m_bytes += meta;
    }
    ImplicitDicomBytes& tag(std::uint16_t g, std::uint16_t e, std::uint32_t length) {
        u16(m_bytes, g);
        u16(m_bytes, e);
        u32(m_bytes, length);
        return *this;
    }
    ImplicitDicomBytes& raw(const std::string& value) {
        m_bytes += value;
        return *this;
    }
    void write(const fs::path& file) const { std::ofstream(file, std::ios::binary) << m_bytes; }

  private:
    static void u16(std::string& out, std::uint16_t v) {
        out += static_cast<char>(v & 0xFF);
        out += static_cast<char>(v >> 8);
    }
    static void u32(std::string& out, std::uint32_t v) {
        u16(out, static_cast<std::uint16_t>(v & 0xFFFF));
        u16(out, static_cast<std::uint16_t>(v >> 16));
    }
    static void explicitUi(std::string& out, std::uint16_t e, std::string value) {
        value += '\0';
        u16(out, 0x0002);
        u16(out, e);
        out += "UI";
        u16(out, static_cast<std::uint16_t>(value.size()));
        out += value;
    }
    std::string m_bytes;
};

constexpr std::uint32_t kUndefined = 0xFFFFFFFF;

/// An item start tag where a data element belongs: Debian's GDCM keeps its assert()s and
/// aborts on it (found by FuzzDicomFile); built byte by byte, owing nothing to shared data.
void writeItemTagInsideItem(const fs::path& file) {
    ImplicitDicomBytes()
        .tag(0x0008, 0x1115, kUndefined)
        .tag(0xFFFE, 0xE000, kUndefined)
        .tag(0xFFFE, 0xE000, kUndefined)
        .tag(0x0008, 0x1150, 4)
        .raw(std::string("1.2\0", 4))
        .write(file);
}

TEST(DicomStructure, RefusesAnElementLongerThanTheFileBeforeGdcmAllocatesIt) {
    TempDir dir;
    // 3 GB declared, 4 bytes present: GDCM would allocate and zero 3 GB first.
    ImplicitDicomBytes().tag(0x0008, 0x0016, 3000000000u).raw("1.2\0").write(dir / "huge.dcm");
    auto v = core::loadDicom(dir / "huge.dcm");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, core::ErrorCode::TruncatedData);
    EXPECT_NE(v.error().message.find("(0008,0016) declares 3000000000 bytes"), std::string::npos)
        << v.error().message;
}

TEST(DicomStructure, RefusesAMetaHeaderElementWithoutAValueRepresentation) {
    // The meta header is explicit VR by definition; GDCM asserts on a missing VR there (found
    // by FuzzDicomFile), so VoxDiff refuses the file before GDCM reads it.
    TempDir dir;
    std::string bytes(128, '\0');
    bytes += "DICM";
    bytes += std::string("\x02\x00\x00\x00\x00\x00\x04\x00\x10\x00\x00\x00", 12);
    bytes += std::string(16, '\x01');
    std::ofstream(dir / "meta.dcm", std::ios::binary) << bytes;
    auto v = core::loadDicom(dir / "meta.dcm");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, core::ErrorCode::CorruptHeader);
    EXPECT_NE(v.error().message.find("(0002,0000) has no valid value representation"),
              std::string::npos)
        << v.error().message;
}

TEST(DicomStructure, RefusesSequencesNestedAbsurdlyDeep) {
    TempDir dir;
    ImplicitDicomBytes bytes;
    for (int depth = 0; depth < 40; ++depth) {
        bytes.tag(0x0008, 0x1115, kUndefined).tag(0xFFFE, 0xE000, kUndefined);
    }
    bytes.write(dir / "deep.dcm");
    auto v = core::loadDicom(dir / "deep.dcm");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, core::ErrorCode::CorruptHeader);
    EXPECT_NE(v.error().message.find("nested more than"), std::string::npos) << v.error().message;
}

TEST(DicomSeriesLoader, RefusesAFileOnWhichGdcmWouldAbortAndLoadsTheOthers) {
    // GDCM asserts on an item tag where an element belongs; the structure walk refuses the
    // file first, so GDCM never sees it.
    TempDir dir;
    writeItemTagInsideItem(dir / "broken.dcm");
    auto alone = core::loadDicom(dir / "broken.dcm");
    ASSERT_FALSE(alone.ok());
    EXPECT_EQ(alone.error().code, core::ErrorCode::CorruptHeader);
    EXPECT_EQ(alone.error().context, "structure rule item_tag_outside_sequence");
    EXPECT_EQ(alone.error().file, dir / "broken.dcm");

    writeAxialStack(dir.path(), "s", 3);
    auto v = core::loadDicom(dir.path());
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->dims()[2], 3);
    const auto& d = v->diagnostics();
    EXPECT_TRUE(std::any_of(d.begin(), d.end(), [](const core::Diagnostic& x) {
        return x.code == "file_skipped" && x.message.find("broken.dcm") != std::string::npos;
    }));
}

TEST(DicomSeriesScanner, SplitsASeriesThatMixesOrientations) {
    TempDir dir;
    writeAxialStack(dir.path(), "ax", 2);
    for (int k = 0; k < 2; ++k) {
        SliceSpec coronal;
        coronal.orientation = {1, 0, 0, 0, 0, -1};
        coronal.positionLps = {0, 1.0 * k, 0};
        coronal.instance = k + 10;
        writeSlice(dir / ("co" + std::to_string(k) + ".dcm"), coronal);
    }
    auto listing = core::scanDicom(dir.path());
    ASSERT_TRUE(listing.ok()) << listing.error().describe();
    ASSERT_EQ(listing->volumes.size(), 2u);
    EXPECT_NE(listing->volumes[0].orientation, listing->volumes[1].orientation);
    EXPECT_FALSE(listing->volumes[0].label.empty());
    core::LoadOptions second;
    second.subVolume = 1;
    auto v = core::loadDicom(dir.path(), second);
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->dims()[2], 2);
    EXPECT_TRUE(hasDiagnostic(v.value(), "other_volumes"));
}

TEST(DicomSuv, ConvertsBqmlWithDecayFromInjectionToSeriesTime) {
    VOXDIFF_SHARED_PATH_OR_SKIP(dir, "pet_acrin_flt_single_slice_a/dicom");
    auto bqml = core::loadDicom(dir);
    core::LoadOptions options;
    options.suv = true;
    auto suv = core::loadDicom(dir, options);
    ASSERT_TRUE(bqml.ok()) << bqml.error().describe();
    ASSERT_TRUE(suv.ok()) << suv.error().describe();
    // The file's header: PatientWeight 69.7344 kg, RadionuclideTotalDose 1.7834e8 Bq, half-life
    // 6586.2 s, injection 14:17:00, SeriesTime 15:23:16.921 (3976.921 s later), DecayCorrection
    // START.
    const double decay = std::exp2(-3976.921 / 6586.2);
    const double factor = 69734.4 / (1.7834e8 * decay);
    EXPECT_NEAR(suv->stats().max, bqml->stats().max * factor, 1e-5 * suv->stats().max);
    EXPECT_EQ(suv->valueUnits(), "g/ml (SUVbw)");
    EXPECT_TRUE(hasDiagnostic(suv.value(), "suv_bw"));
}

TEST(DicomSuv, LeavesValuesAlreadyInGmlAlone) {
    VOXDIFF_SHARED_PATH_OR_SKIP(dir, "pet_ge_sts002_suv_perslice_slope/dicom");
    core::LoadOptions options;
    options.suv = true;
    auto suv = core::loadDicom(dir, options);
    auto plain = core::loadDicom(dir);
    ASSERT_TRUE(suv.ok()) << suv.error().describe();
    ASSERT_TRUE(plain.ok()) << plain.error().describe();
    EXPECT_EQ(suv->voxels(), plain->voxels());
}

TEST(DicomSeriesScanner, NamesAMissingPath) {
    auto listing = core::scanDicom("/nonexistent/folder");
    ASSERT_FALSE(listing.ok());
    EXPECT_EQ(listing.error().code, core::ErrorCode::FileNotFound);
    EXPECT_EQ(listing.error().file, fs::path("/nonexistent/folder"));
}

} // namespace
} // namespace voxdiff::test
