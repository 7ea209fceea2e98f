// SPDX-License-Identifier: BSD-3-Clause
// The report's pictures: slices cut in physical space with the display convention, the PNG
// written by cairo (chunks checked with zlib, pixels read back through libpng) and base64.
#include <cairo.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>

#include "voxdiff/ReportImage.h"

namespace voxdiff::core {
namespace {

constexpr float kBright = 100.0f;
const Index3 kDims{10, 12, 8};
const Index3 kBrightVoxel{3, 4, 5}; // LPS (6, 12, 20): right of centre (x = 9), anterior

Matrix4 diagonal(double si, double sj, double sk) {
    return Matrix4::fromRows({{{si, 0, 0, 0}, {0, sj, 0, 0}, {0, 0, sk, 0}, {0, 0, 0, 1}}});
}

// 10 x 12 x 8 voxels of 2 x 3 x 4 mm at the LPS origin, one bright voxel.
Volume reference() {
    Volume v(kDims, diagonal(2, 3, 4),
             std::vector<float>(static_cast<std::size_t>(kDims[0] * kDims[1] * kDims[2]), 0.0f));
    v.voxels()[static_cast<std::size_t>(v.linearIndex(3, 4, 5))] = kBright;
    v.refreshStats();
    return v;
}

// The same voxels stored with another index layout: `toReference` maps this volume's (i, j, k)
// to the reference's.
template <typename Map>
Volume relaid(const Index3& dims, const Matrix4& ijkToLps, Map toReference) {
    const Volume ref = reference();
    std::vector<float> values(static_cast<std::size_t>(dims[0] * dims[1] * dims[2]));
    Volume v(dims, ijkToLps, values);
    for (std::int64_t k = 0; k < dims[2]; ++k) {
        for (std::int64_t j = 0; j < dims[1]; ++j) {
            for (std::int64_t i = 0; i < dims[0]; ++i) {
                const Index3 r = toReference(i, j, k);
                v.voxels()[static_cast<std::size_t>(v.linearIndex(i, j, k))] =
                    ref.value(r[0], r[1], r[2]);
            }
        }
    }
    v.refreshStats();
    return v;
}

SlicePlane planeThroughBrightVoxel(SliceOrientation o) {
    // The voxel-corner box of the reference: x -1..19, y -1.5..34.5, z -2..30 (mm).
    return SlicePlane{o, {6, 12, 20}, {-1, -1.5, -2}, {19, 34.5, 30}, 1.0};
}

float at(const std::vector<float>& slice, const SlicePlane& p, int x, int y) {
    return slice[static_cast<std::size_t>(y * p.width() + x)];
}

TEST(SliceRenderer, BrightVoxelLandsAtTheExpectedPixelInEachOrientation) {
    const Volume v = reference();
    struct Case {
        SliceOrientation o;
        int x, y, w, h;
    };
    // Axial: x grows to the patient's left, y to posterior. Coronal and sagittal: head up
    // (z = 20 is 10 mm below the top at z = 30). Sagittal: anterior (small y) on the left.
    for (const Case& c : {Case{SliceOrientation::Axial, 7, 13, 20, 36},
                          Case{SliceOrientation::Coronal, 7, 10, 20, 32},
                          Case{SliceOrientation::Sagittal, 13, 10, 36, 32}}) {
        const SlicePlane p = planeThroughBrightVoxel(c.o);
        ASSERT_EQ(p.width(), c.w) << sliceOrientationName(c.o);
        ASSERT_EQ(p.height(), c.h) << sliceOrientationName(c.o);
        const std::vector<float> s = sampleSlice(v, p);
        EXPECT_EQ(at(s, p, c.x, c.y), kBright) << sliceOrientationName(c.o);
        const auto px = p.pixelOfPointLps({6, 12, 20});
        EXPECT_EQ(px[0], c.x) << sliceOrientationName(c.o);
        EXPECT_EQ(px[1], c.y) << sliceOrientationName(c.o);
        // Four pixels away along either direction is another voxel (spacing 2 to 4 mm).
        EXPECT_EQ(at(s, p, c.x + 4, c.y), 0.0f) << sliceOrientationName(c.o);
        EXPECT_EQ(at(s, p, c.x, c.y + 5), 0.0f) << sliceOrientationName(c.o);
    }
}

TEST(SliceRenderer, AxialAndCoronalAreRadiologicalSagittalHasAnteriorLeft) {
    const SideLabels axial = sideLabelsOf(SliceOrientation::Axial);
    EXPECT_EQ(axial.left, "R");
    EXPECT_EQ(axial.right, "L");
    EXPECT_EQ(axial.top, "A");
    EXPECT_EQ(axial.bottom, "P");
    const SideLabels coronal = sideLabelsOf(SliceOrientation::Coronal);
    EXPECT_EQ(coronal.left, "R");
    EXPECT_EQ(coronal.top, "S");
    const SideLabels sagittal = sideLabelsOf(SliceOrientation::Sagittal);
    EXPECT_EQ(sagittal.left, "A");
    EXPECT_EQ(sagittal.right, "P");
    EXPECT_EQ(sagittal.bottom, "I");
    // The bright voxel lies on the patient's right of the centre: the left half of an axial
    // picture.
    const SlicePlane p = planeThroughBrightVoxel(SliceOrientation::Axial);
    EXPECT_LT(p.pixelOfPointLps({6, 12, 20})[0], p.width() / 2);
}

TEST(SliceRenderer, ReversedAndPermutedIndexAxesShowTheSameAnatomyInTheSamePlace) {
    const Volume ref = reference();
    // k reversed: voxel (i, j, k) is the reference's (i, j, 7 - k); origin at the last slice.
    Matrix4 reversed = diagonal(2, 3, -4);
    reversed.at(2, 3) = 28.0;
    const Volume kReversed =
        relaid(kDims, reversed, [](std::int64_t i, std::int64_t j, std::int64_t k) {
            return Index3{i, j, 7 - k};
        });
    // i and k swapped (a sagittal-like storage order): this i runs along z, this k along x.
    const Matrix4 permuted =
        Matrix4::fromRows({{{0, 0, 2, 0}, {0, 3, 0, 0}, {4, 0, 0, 0}, {0, 0, 0, 1}}});
    const Volume ikSwapped =
        relaid({8, 12, 10}, permuted, [](std::int64_t i, std::int64_t j, std::int64_t k) {
            return Index3{k, j, i};
        });
    for (SliceOrientation o :
         {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
        const SlicePlane p = planeThroughBrightVoxel(o);
        const std::vector<float> expected = sampleSlice(ref, p);
        const std::vector<float> a = sampleSlice(kReversed, p);
        const std::vector<float> b = sampleSlice(ikSwapped, p);
        ASSERT_EQ(a.size(), expected.size());
        ASSERT_EQ(b.size(), expected.size());
        for (std::size_t n = 0; n < expected.size(); ++n) {
            ASSERT_EQ(std::isnan(a[n]), std::isnan(expected[n])) << sliceOrientationName(o) << n;
            ASSERT_EQ(std::isnan(b[n]), std::isnan(expected[n])) << sliceOrientationName(o) << n;
            if (!std::isnan(expected[n])) {
                ASSERT_EQ(a[n], expected[n]) << sliceOrientationName(o) << " pixel " << n;
                ASSERT_EQ(b[n], expected[n]) << sliceOrientationName(o) << " pixel " << n;
            }
        }
    }
}

TEST(SliceRenderer, PixelsOutsideTheVolumeAreNaN) {
    const Volume v = reference();
    SlicePlane p = planeThroughBrightVoxel(SliceOrientation::Axial);
    p.boxMinLps = {-50, -50, -50};
    const std::vector<float> s = sampleSlice(v, p);
    EXPECT_TRUE(std::isnan(s[0]));
}

TEST(ColorMaps, DivergingIsWhiteAtZeroBlueBelowRedAbove) {
    const std::vector<float> values{-1.0f, 0.0f, 1.0f, std::nanf("")};
    const RgbImage img = colorize(values, 4, 1, ColorMap::Diverging, {0.0, 1.0});
    EXPECT_GT(img.pixel(0, 0)[2], img.pixel(0, 0)[0]) << "negative is blue";
    EXPECT_EQ(img.pixel(1, 0)[0], 255);
    EXPECT_EQ(img.pixel(1, 0)[1], 255);
    EXPECT_EQ(img.pixel(1, 0)[2], 255);
    EXPECT_GT(img.pixel(2, 0)[0], img.pixel(2, 0)[2]) << "positive is red";
    EXPECT_LT(img.pixel(3, 0)[0], 100) << "no data is dark";
}

TEST(ColorMaps, AutoWindowOfNonNegativeImageStartsAtZero) {
    const Volume v = reference();
    const Window w = autoWindow(v);
    EXPECT_EQ(w.low, 0.0);
    EXPECT_GT(w.high, 0.0);
}

std::uint32_t u32(const std::string& s, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

TEST(PngEncoder, ChunksHaveValidCrcsAndThePixelsReadBackExactly) {
    RgbImage img(3, 2);
    for (std::size_t n = 0; n < img.rgb.size(); ++n) {
        img.rgb[n] = static_cast<std::uint8_t>(n * 13);
    }
    const std::string png = encodePng(img);
    ASSERT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    std::size_t pos = 8;
    std::string idat;
    std::vector<std::string> types;
    while (pos + 12 <= png.size()) {
        const std::uint32_t length = u32(png, pos);
        const std::string type = png.substr(pos + 4, 4);
        const std::string typedData = png.substr(pos + 4, 4 + length);
        const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(typedData.data()),
                               static_cast<uInt>(typedData.size()));
        EXPECT_EQ(u32(png, pos + 8 + length), crc) << type;
        if (type == "IHDR") {
            EXPECT_EQ(u32(png, pos + 8), 3u);
            EXPECT_EQ(u32(png, pos + 12), 2u);
            EXPECT_EQ(png[pos + 16], 8) << "bit depth";
            EXPECT_EQ(png[pos + 17], 2) << "RGB";
        }
        if (type == "IDAT") {
            idat += png.substr(pos + 8, length);
        }
        types.push_back(type);
        pos += 12 + length;
    }
    EXPECT_EQ(pos, png.size());
    ASSERT_EQ(types.front(), "IHDR");
    ASSERT_EQ(types.back(), "IEND");
    EXPECT_FALSE(idat.empty());

    struct Reader {
        const std::string* bytes;
        std::size_t at = 0;
    } reader{&png};
    auto read = [](void* closure, unsigned char* data, unsigned int length) {
        auto* r = static_cast<Reader*>(closure);
        if (r->at + length > r->bytes->size()) {
            return CAIRO_STATUS_READ_ERROR;
        }
        std::copy_n(r->bytes->data() + r->at, length, data);
        r->at += length;
        return CAIRO_STATUS_SUCCESS;
    };
    cairo_surface_t* decoded = cairo_image_surface_create_from_png_stream(read, &reader);
    ASSERT_EQ(cairo_surface_status(decoded), CAIRO_STATUS_SUCCESS);
    ASSERT_EQ(cairo_image_surface_get_width(decoded), 3);
    ASSERT_EQ(cairo_image_surface_get_height(decoded), 2);
    const unsigned char* data = cairo_image_surface_get_data(decoded);
    const int stride = cairo_image_surface_get_stride(decoded);
    for (int y = 0; y < 2; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
        for (int x = 0; x < 3; ++x) {
            const std::uint8_t* expected = img.pixel(x, y);
            EXPECT_EQ((row[x] >> 16) & 0xffu, expected[0]) << x << "," << y;
            EXPECT_EQ((row[x] >> 8) & 0xffu, expected[1]) << x << "," << y;
            EXPECT_EQ(row[x] & 0xffu, expected[2]) << x << "," << y;
        }
    }
    cairo_surface_destroy(decoded);
}

TEST(Base64, EncodesWithPadding) {
    EXPECT_EQ(base64Encode("Man"), "TWFu");
    EXPECT_EQ(base64Encode("Ma"), "TWE=");
    EXPECT_EQ(base64Encode("M"), "TQ==");
    EXPECT_EQ(base64Encode(""), "");
    EXPECT_EQ(base64Encode(std::string("\xff\xfe\xfd", 3)), "//79");
}

} // namespace
} // namespace voxdiff::core
