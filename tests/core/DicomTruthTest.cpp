// SPDX-License-Identifier: BSD-3-Clause
// Every DICOM series of the shared cases, read by VoxDiff and compared with the independent
// truth computed with pydicom and nibabel (shared/tools/truth.py).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "TestData.h"
#include "voxdiff/DicomSeries.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

constexpr double kAffineToleranceMm = 1e-3;
constexpr double kValueRelTolerance = 1e-5;

struct DicomCase {
    fs::path caseDir;
    std::string name;
};

std::vector<DicomCase> dicomCases() {
    std::vector<DicomCase> cases;
    for (const auto& dir : sharedCases()) {
        if (fs::is_directory(dir / "dicom")) {
            cases.push_back({dir, testNameOf(dir.filename().string())});
        }
    }
    if (cases.empty()) {
        cases.push_back({{}, kNoSharedData});
    }
    return cases;
}

void PrintTo(const DicomCase& c, std::ostream* os) {
    *os << c.name;
}

bool hasDiagnostic(const core::Volume& v, const std::string& code) {
    return std::any_of(v.diagnostics().begin(), v.diagnostics().end(),
                       [&](const core::Diagnostic& d) { return d.code == code; });
}

void expectRelNear(double actual, double expected, const char* what) {
    const double tol = kValueRelTolerance * std::max(1.0, std::abs(expected));
    EXPECT_NEAR(actual, expected, tol) << what;
}

/// Min, max and mean over every volume (time point) of the loaded series, compared with the
/// truth's statistics over the whole 3D/4D array.
void expectValuesOverAllVolumes(const fs::path& dir, const core::Volume& first,
                                const Json& values) {
    double lo = first.stats().min;
    double hi = first.stats().max;
    double sum = first.stats().mean * static_cast<double>(first.stats().finiteCount);
    std::int64_t count = first.stats().finiteCount;
    for (std::int64_t t = 1; t < first.timePointCount(); ++t) {
        core::LoadOptions opt;
        opt.volumeIndex = t;
        auto next = core::loadDicom(dir, opt);
        ASSERT_TRUE(next.ok()) << next.error().describe();
        const auto& s = next.value().stats();
        lo = std::min(lo, s.min);
        hi = std::max(hi, s.max);
        sum += s.mean * static_cast<double>(s.finiteCount);
        count += s.finiteCount;
    }
    EXPECT_EQ(count, static_cast<std::int64_t>(values["n_voxels"].asNumber()));
    expectRelNear(lo, values["min"].asNumber(), "min");
    expectRelNear(hi, values["max"].asNumber(), "max");
    expectRelNear(sum / static_cast<double>(count), values["mean"].asNumber(), "mean");
}

void expectAffine(const core::Matrix4& actual, const Json& affine, bool swapIj) {
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 4; ++c) {
            const int tc = swapIj && c < 2 ? 1 - c : c;
            EXPECT_NEAR(
                actual.at(r, c),
                affine[static_cast<std::size_t>(r)][static_cast<std::size_t>(tc)].asNumber(),
                kAffineToleranceMm)
                << "affine_lps[" << r << "][" << tc << "]";
        }
    }
}

void expectDims(const core::Volume& v, const Json& dims) {
    for (std::size_t a = 0; a < 3; ++a) {
        EXPECT_EQ(v.dims()[a], static_cast<std::int64_t>(dims[a].asNumber())) << "dim " << a;
    }
    EXPECT_EQ(v.timePointCount(),
              dims.size() > 3 ? static_cast<std::int64_t>(dims[3].asNumber()) : 1);
}

class DicomTruth : public ::testing::TestWithParam<DicomCase> {};

TEST_P(DicomTruth, ListsAndLoadsTheSeriesAsPydicomSeesIt) {
    const DicomCase& c = GetParam();
    VOXDIFF_REQUIRE_SHARED_DATA(c.name);
    const Json truth = loadTruth(c.caseDir)["dicom"];
    const fs::path dir = c.caseDir / "dicom";

    auto listing = core::scanDicom(dir);
    ASSERT_TRUE(listing.ok()) << listing.error().describe();
    EXPECT_EQ(listing->nonImage.size(), truth["non_image_objects"].size());
    const Json& geometry = truth["geometry"];
    auto loaded = core::loadDicom(dir);

    // Malformed on purpose: no geometry at all. VoxDiff refuses to invent a grid and names
    // the file; the listing still shows the series with its problem.
    if (geometry.contains("error")) {
        ASSERT_FALSE(loaded.ok());
        EXPECT_EQ(loaded.error().code, core::ErrorCode::MissingGeometry);
        EXPECT_FALSE(loaded.error().file.empty());
        ASSERT_EQ(listing->volumes.size(), 1u);
        EXPECT_FALSE(listing->volumes[0].problem.empty());
        return;
    }
    // Malformed on purpose: pixel data cut short. The file is skipped and named, the load
    // fails with TruncatedData.
    if (truth.contains("decode_errors") && !truth.contains("values")) {
        ASSERT_FALSE(loaded.ok());
        EXPECT_EQ(loaded.error().code, core::ErrorCode::TruncatedData);
        ASSERT_EQ(listing->skipped.size(), 1u);
        EXPECT_EQ(loaded.error().file, listing->skipped[0].file);
        return;
    }
    ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
    const core::Volume& v = loaded.value();
    ASSERT_EQ(listing->volumes.size(), 1u);
    EXPECT_EQ(listing->volumes[0].seriesInstanceUid, truth["series_instance_uid"].asString());
    EXPECT_EQ(v.source().seriesInstanceUid, truth["series_instance_uid"].asString());
    EXPECT_TRUE(listing->skipped.empty());

    // A Siemens mosaic is compared with its unpacked form (nibabel's MosaicWrapper, whose
    // first two array axes are row, column: swapped with VoxDiff's column, row).
    if (truth.contains("mosaic_resolved")) {
        const Json& mosaic = truth["mosaic_resolved"];
        expectDims(v, mosaic["dims"]);
        expectAffine(v.ijkToLps(), mosaic["affine_lps"], true);
        expectValuesOverAllVolumes(dir, v, mosaic["values"]);
        EXPECT_TRUE(hasDiagnostic(v, "mosaic_unpacked"));
        return;
    }

    expectDims(v, truth["dims"]);
    EXPECT_EQ(listing->volumes[0].dims, v.dims());
    expectAffine(v.ijkToLps(), geometry["affine_lps"], false);
    expectValuesOverAllVolumes(dir, v, truth["values"]);

    const Json& rescale = truth["rescale"];
    EXPECT_EQ(v.scaling().slopeVariesPerSlice(), rescale["per_slice_slope_varies"].asBool());
    EXPECT_EQ(hasDiagnostic(v, "rescale_slope_varies_per_slice"),
              rescale["per_slice_slope_varies"].asBool());
    const Json& perSlice = truth["per_slice"];
    for (std::size_t n = 0; n < perSlice.size(); ++n) {
        const Json& row = perSlice[n];
        if (row["t"].asNumber() != 0 || row["slope"].isNull()) {
            continue;
        }
        const auto k = static_cast<std::int64_t>(row["k"].asNumber());
        expectRelNear(v.scaling().slopeOfSlice(k), row["slope"].asNumber(), "slope of slice");
    }
    if (rescale["dose_grid_scaling_applied"].asBool()) {
        EXPECT_EQ(v.scaling().kind, core::ScalingKind::DoseGridScaling);
    }
    EXPECT_EQ(hasDiagnostic(v, "sheared_stack"), geometry["sheared"].asBool());
    EXPECT_EQ(hasDiagnostic(v, "nonuniform_slice_spacing"), !geometry["uniform_spacing"].asBool());
    EXPECT_EQ(hasDiagnostic(v, "single_slice"), geometry.contains("single_slice"));
}

INSTANTIATE_TEST_SUITE_P(SharedData, DicomTruth, ::testing::ValuesIn(dicomCases()),
                         [](const auto& p) { return p.param.name; });

} // namespace
} // namespace voxdiff::test
