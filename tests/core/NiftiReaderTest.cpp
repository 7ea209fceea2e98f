// SPDX-License-Identifier: BSD-3-Clause
// Synthetic NIfTI files written with nifti_clib, each probing one rule of the reader.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "NiftiWriter.h"
#include "TestData.h"
#include "voxdiff/NiftiReader.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

std::vector<unsigned char> ramp16(std::size_t n) {
    std::vector<std::int16_t> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = static_cast<std::int16_t>(i);
    }
    return bytesOf(v);
}

void setSform(nifti_image& nim, const double rows[3][4]) {
    nim.sform_code = NIFTI_XFORM_SCANNER_ANAT;
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 4; ++c) {
            nim.sto_xyz.m[r][c] = rows[r][c];
        }
    }
}

// qform for a 2 x 3 x 4 mm grid rotated 180 degrees about z (quaternion b=c=0, d=1).
void setQformRotZ(nifti_image& nim) {
    nim.qform_code = NIFTI_XFORM_SCANNER_ANAT;
    nim.quatern_b = 0;
    nim.quatern_c = 0;
    nim.quatern_d = 1;
    nim.qoffset_x = 10;
    nim.qoffset_y = 20;
    nim.qoffset_z = 30;
    nim.qfac = 1;
    nim.dx = nim.pixdim[1] = 2;
    nim.dy = nim.pixdim[2] = 3;
    nim.dz = nim.pixdim[3] = 4;
}

TEST(NiftiReader, UsesQformWhenOnlyQformIsSet) {
    TempDir dir;
    writeNifti(dir / "q.nii", {4, 5, 6}, DT_INT16, ramp16(120), setQformRotZ);
    auto v = core::readNifti(dir / "q.nii");
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->nifti()->affineSource, "qform");
    const core::Matrix4 ras = v->ijkToRas();
    // Rotation by 180 degrees about z: i runs to -x (R->L), j to -y.
    EXPECT_NEAR(ras.at(0, 0), -2.0, 1e-9);
    EXPECT_NEAR(ras.at(1, 1), -3.0, 1e-9);
    EXPECT_NEAR(ras.at(2, 2), 4.0, 1e-9);
    EXPECT_NEAR(ras.at(0, 3), 10.0, 1e-9);
    // The model stores LPS: x and y change sign, z does not.
    EXPECT_NEAR(v->ijkToLps().at(0, 0), 2.0, 1e-9);
    EXPECT_NEAR(v->ijkToLps().at(0, 3), -10.0, 1e-9);
    EXPECT_NEAR(v->ijkToLps().at(2, 3), 30.0, 1e-9);
    EXPECT_EQ(v->orientationCode(), "LPS");
}

TEST(NiftiReader, UsesSformWhenOnlySformIsSet) {
    TempDir dir;
    const double rows[3][4] = {{0, 0, 1.5, -5}, {2, 0, 0, 7}, {0, -3, 0, 9}};
    writeNifti(dir / "s.nii.gz", {4, 5, 6}, DT_INT16, ramp16(120),
               [&](nifti_image& n) { setSform(n, rows); });
    auto v = core::readNifti(dir / "s.nii.gz");
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->nifti()->affineSource, "sform");
    EXPECT_NEAR(v->ijkToRas().at(0, 2), 1.5, 1e-6);
    EXPECT_NEAR(v->ijkToRas().at(2, 1), -3.0, 1e-6);
    EXPECT_EQ(v->orientationCode(), "AIR");
    const core::Vec3 spacing = v->spacingMm();
    EXPECT_NEAR(spacing[0], 2.0, 1e-6);
    EXPECT_NEAR(spacing[1], 3.0, 1e-6);
    EXPECT_NEAR(spacing[2], 1.5, 1e-6);
}

TEST(NiftiReader, ANonFiniteSformIsRefusedNotPlacedSomewhere) {
    // A NaN in the translation passed the singularity test (NaN compares false) and gave an
    // all-NaN LPS-to-index matrix; Inf likewise.
    for (const double bad : {std::nan(""), std::numeric_limits<double>::infinity()}) {
        TempDir dir;
        const double rows[3][4] = {{2, 0, 0, bad}, {0, 2, 0, 7}, {0, 0, 2, 9}};
        writeNifti(dir / "s.nii", {4, 5, 6}, DT_INT16, ramp16(120),
                   [&](nifti_image& n) { setSform(n, rows); });
        auto v = core::readNifti(dir / "s.nii");
        ASSERT_FALSE(v.ok()) << bad;
        EXPECT_EQ(v.error().code, core::ErrorCode::CorruptHeader) << v.error().describe();
    }
}

TEST(NiftiReader, PrefersSformAndReportsDisagreementInMm) {
    TempDir dir;
    // sform: the same grid as the qform but shifted 2.5 mm along x.
    const double rows[3][4] = {{-2, 0, 0, 12.5}, {0, -3, 0, 20}, {0, 0, 4, 30}};
    writeNifti(dir / "both.nii", {4, 5, 6}, DT_INT16, ramp16(120), [&](nifti_image& n) {
        setQformRotZ(n);
        setSform(n, rows);
    });
    auto v = core::readNifti(dir / "both.nii");
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->nifti()->affineSource, "sform");
    EXPECT_NEAR(v->originRas()[0], 12.5, 1e-6);
    const auto& d = v->diagnostics();
    auto it = std::find_if(d.begin(), d.end(),
                           [](const auto& x) { return x.code == "qform_sform_disagree"; });
    ASSERT_NE(it, d.end());
    EXPECT_EQ(it->severity, core::Severity::Warning);
    EXPECT_NE(it->message.find("2.5 mm"), std::string::npos) << it->message;
}

TEST(NiftiReader, FallsBackToPixdimWhenNeitherTransformIsSet) {
    TempDir dir;
    writeNifti(dir / "none.nii", {4, 5, 6}, DT_INT16, ramp16(120), [](nifti_image& n) {
        n.dx = n.pixdim[1] = 0.5;
        n.dy = n.pixdim[2] = 0.75;
        n.dz = n.pixdim[3] = 2;
    });
    auto v = core::readNifti(dir / "none.nii");
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->nifti()->affineSource, "pixdim");
    EXPECT_NEAR(v->ijkToRas().at(0, 0), 0.5, 1e-9);
    EXPECT_NEAR(v->ijkToRas().at(1, 1), 0.75, 1e-9);
    EXPECT_NEAR(v->ijkToRas().at(2, 2), 2.0, 1e-9);
    EXPECT_NEAR(core::norm(v->originRas()), 0.0, 1e-12);
    EXPECT_EQ(v->diagnostics().front().code, "geometry_from_pixdim");
}

TEST(NiftiReader, IgnoresSclSlopeZero) {
    TempDir dir;
    writeNifti(dir / "s0.nii", {2, 2, 2}, DT_INT16, ramp16(8), [](nifti_image& n) {
        n.scl_slope = 0;
        n.scl_inter = 100;
    });
    auto v = core::readNifti(dir / "s0.nii");
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->scaling().kind, core::ScalingKind::None);
    EXPECT_FLOAT_EQ(v->value(1, 1, 1), 7.0f);
}

TEST(NiftiReader, AppliesSclSlopeAndIntercept) {
    TempDir dir;
    writeNifti(dir / "s.nii", {2, 2, 2}, DT_INT16, ramp16(8), [](nifti_image& n) {
        n.scl_slope = 0.5;
        n.scl_inter = -10;
    });
    auto v = core::readNifti(dir / "s.nii");
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->scaling().kind, core::ScalingKind::NiftiScl);
    EXPECT_FLOAT_EQ(v->value(1, 1, 1), 7.0f * 0.5f - 10.0f);
    EXPECT_DOUBLE_EQ(v->stats().min, -10.0);
}

TEST(NiftiReader, ReadsNifti2) {
    TempDir dir;
    writeNifti(dir / "two.nii", {3, 4, 5}, DT_INT16, ramp16(60), setQformRotZ, 2);
    auto v = core::readNifti(dir / "two.nii");
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->source().format, core::ImageFormat::Nifti2);
    EXPECT_EQ(v->nifti()->version, 2);
    EXPECT_FLOAT_EQ(v->value(2, 3, 4), 59.0f);
}

TEST(NiftiReader, SelectsOneVolumeOf4DAndRefusesAnIndexPastTheEnd) {
    TempDir dir;
    writeNifti(dir / "4d.nii.gz", {2, 2, 2, 3}, DT_INT16, ramp16(24));
    core::LoadOptions opt;
    opt.volumeIndex = 2;
    auto v = core::readNifti(dir / "4d.nii.gz", opt);
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->timePointCount(), 3);
    EXPECT_EQ(v->timeIndex(), 2);
    EXPECT_FLOAT_EQ(v->value(0, 0, 0), 16.0f);
    EXPECT_FLOAT_EQ(v->value(1, 1, 1), 23.0f);

    opt.volumeIndex = 3;
    auto bad = core::readNifti(dir / "4d.nii.gz", opt);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::NoSuchVolume);
    EXPECT_NE(bad.error().message.find("3 volume(s)"), std::string::npos) << bad.error().message;
}

TEST(NiftiReader, ReadsHdrImgPairFromEitherName) {
    TempDir dir;
    writeNifti(dir / "pair.hdr", {3, 3, 3}, DT_INT16, ramp16(27));
    ASSERT_TRUE(fs::exists(dir / "pair.img"));
    for (const char* name : {"pair.hdr", "pair.img"}) {
        auto v = core::readNifti(dir / name);
        ASSERT_TRUE(v.ok()) << v.error().describe();
        EXPECT_FLOAT_EQ(v->value(2, 2, 2), 26.0f);
        EXPECT_EQ(v->source().fileCount, 2);
    }
}

TEST(NiftiReader, ConvertsEveryScalarTypeIncludingUint64) {
    TempDir dir;
    std::vector<std::uint64_t> big = {0, 1, 4000000000ull, 9000000000000000000ull};
    writeNifti(dir / "u64.nii", {2, 2, 1}, DT_UINT64, bytesOf(big));
    auto v = core::readNifti(dir / "u64.nii");
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_FLOAT_EQ(v->value(0, 1, 0), 4e9f);
    EXPECT_FLOAT_EQ(v->value(1, 1, 0), 9e18f);
    EXPECT_EQ(v->scaling().storedType, "uint64");

    std::vector<std::int8_t> small = {-128, -1, 0, 127};
    writeNifti(dir / "i8.nii", {2, 2, 1}, DT_INT8, bytesOf(small));
    auto w = core::readNifti(dir / "i8.nii");
    ASSERT_TRUE(w.ok()) << w.error().describe();
    EXPECT_FLOAT_EQ(w->value(0, 0, 0), -128.0f);
    EXPECT_FLOAT_EQ(w->value(1, 1, 0), 127.0f);

    std::vector<double> f64 = {0.25, -1e300, 3.5, 1e-3};
    writeNifti(dir / "f64.nii", {2, 2, 1}, DT_FLOAT64, bytesOf(f64));
    auto x = core::readNifti(dir / "f64.nii");
    ASSERT_TRUE(x.ok()) << x.error().describe();
    EXPECT_FLOAT_EQ(x->value(0, 0, 0), 0.25f);
    EXPECT_TRUE(std::isinf(x->value(1, 0, 0))) << "float64 beyond float32's range becomes -inf";
}

TEST(NiftiReader, CountsNanAndInfInsteadOfDroppingThem) {
    TempDir dir;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> values = {1, nan, inf, 4, -inf, nan, 7, 8};
    writeNifti(dir / "nan.nii", {2, 2, 2}, DT_FLOAT32, bytesOf(values));
    auto v = core::readNifti(dir / "nan.nii");
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_TRUE(std::isnan(v->value(1, 0, 0)));
    EXPECT_EQ(v->stats().nanCount, 2);
    EXPECT_EQ(v->stats().infCount, 2);
    EXPECT_DOUBLE_EQ(v->stats().max, 8.0);
    EXPECT_DOUBLE_EQ(v->stats().mean, 5.0);
    const auto& d = v->diagnostics();
    EXPECT_TRUE(std::any_of(d.begin(), d.end(),
                            [](const auto& x) { return x.code == "non_finite_values"; }));
}

TEST(NiftiReader, RefusesATruncatedFileNamingTheSizes) {
    TempDir dir;
    writeNifti(dir / "t.nii", {10, 10, 10}, DT_INT16, ramp16(1000));
    fs::resize_file(dir / "t.nii", 352 + 1000);
    auto v = core::readNifti(dir / "t.nii");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::TruncatedData);
    EXPECT_EQ(v.error().file, dir / "t.nii");
    EXPECT_NE(v.error().message.find("1352 bytes"), std::string::npos) << v.error().message;
}

TEST(NiftiReader, RefusesATruncatedGzipFile) {
    TempDir dir;
    std::vector<float> noise(20000);
    for (std::size_t i = 0; i < noise.size(); ++i) {
        noise[i] = std::sin(static_cast<float>(i) * 12.9898f) * 43758.5453f;
    }
    writeNifti(dir / "t.nii.gz", {20, 20, 50}, DT_FLOAT32, bytesOf(noise));
    fs::resize_file(dir / "t.nii.gz", fs::file_size(dir / "t.nii.gz") / 2);
    auto v = core::readNifti(dir / "t.nii.gz");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::TruncatedData) << v.error().describe();
}

// Patches dim[1..3] of a written NIfTI-1 header in place.
void patchDims(const fs::path& p, std::int16_t d1, std::int16_t d2, std::int16_t d3) {
    std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(42);
    const std::int16_t dims[3] = {d1, d2, d3};
    f.write(reinterpret_cast<const char*>(dims), sizeof dims);
}

TEST(NiftiReader, RefusesAbsurdDimensionsBeforeAllocating) {
    TempDir dir;
    writeNifti(dir / "big.nii", {2, 2, 2}, DT_FLOAT32, bytesOf(std::vector<float>(8, 1.0f)));
    patchDims(dir / "big.nii", 32767, 32767, 32767);
    auto v = core::readNifti(dir / "big.nii");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::TruncatedData) << v.error().describe();

    writeNifti(dir / "zero.nii", {2, 2, 2}, DT_FLOAT32, bytesOf(std::vector<float>(8, 1.0f)));
    patchDims(dir / "zero.nii", 2, 0, 2);
    auto z = core::readNifti(dir / "zero.nii");
    ASSERT_FALSE(z.ok());
    EXPECT_EQ(z.error().code, ErrorCode::CorruptHeader);
    EXPECT_NE(z.error().message.find("dim[2] = 0"), std::string::npos) << z.error().message;
}

TEST(NiftiReader, RefusesAGzipWhoseHeaderClaimsMoreThanItCanHold) {
    TempDir dir;
    writeNifti(dir / "bomb.nii", {2, 2, 2}, DT_FLOAT32, bytesOf(std::vector<float>(8, 1.0f)));
    patchDims(dir / "bomb.nii", 30000, 30000, 30000);
    // Compress the patched file with nifti_clib's own znz layer.
    {
        std::ifstream in(dir / "bomb.nii", std::ios::binary);
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
        znzFile out = znzopen((dir / "bomb.nii.gz").c_str(), "wb", 1);
        znzwrite(bytes.data(), 1, bytes.size(), out);
        znzclose(out);
    }
    auto v = core::readNifti(dir / "bomb.nii.gz");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::CorruptHeader) << v.error().describe();
    EXPECT_NE(v.error().message.find("more than a compressed file"), std::string::npos);
}

TEST(NiftiReader, RefusesAVolumeOverTheMemoryBudget) {
    TempDir dir;
    writeNifti(dir / "m.nii", {10, 10, 10}, DT_INT16, ramp16(1000));
    core::LoadOptions opt;
    opt.maxVolumeBytes = 3999;
    auto v = core::readNifti(dir / "m.nii", opt);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::TooLarge);
}

TEST(NiftiReader, RefusesRgbAndComplexData) {
    TempDir dir;
    writeNifti(dir / "rgb.nii", {2, 2, 1}, DT_RGB24, std::vector<unsigned char>(12, 7));
    auto v = core::readNifti(dir / "rgb.nii");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::UnsupportedData);
    EXPECT_NE(v.error().message.find("RGB24"), std::string::npos);

    writeNifti(dir / "c.nii", {2, 2, 1}, DT_COMPLEX64, std::vector<unsigned char>(32, 0));
    auto c = core::readNifti(dir / "c.nii");
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, ErrorCode::UnsupportedData);
}

TEST(NiftiReader, NamesTheFileWhenItIsMissingOrNotNifti) {
    TempDir dir;
    auto missing = core::readNifti(dir / "nope.nii");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::FileNotFound);
    EXPECT_EQ(missing.error().file, dir / "nope.nii");

    std::ofstream(dir / "text.nii") << "this is not an image, just some text long enough";
    auto text = core::readNifti(dir / "text.nii");
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, ErrorCode::UnknownFormat);

    std::ofstream(dir / "short.nii") << "ab";
    auto shortFile = core::readNifti(dir / "short.nii");
    ASSERT_FALSE(shortFile.ok());
    EXPECT_EQ(shortFile.error().code, ErrorCode::TruncatedData);
}

} // namespace
} // namespace voxdiff::test
