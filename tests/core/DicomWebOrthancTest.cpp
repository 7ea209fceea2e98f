// SPDX-License-Identifier: BSD-3-Clause
// The DICOMweb client against a real Orthanc (Debian orthanc + orthanc-dicomweb): every shared
// DICOM case loads over DICOMweb as from its folder; failures of the server and of the
// credentials are clean errors with their own codes.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <set>
#include <stdexcept>

#include "OrthancServer.h"
#include "SmallSeries.h"
#include "TestData.h"
#include "voxdiff/DicomPetWriter.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/DicomWeb.h"

namespace {

using namespace voxdiff;
namespace fs = std::filesystem;

constexpr double kMatrixTolerance = 1e-9;

std::int64_t differingVoxels(const core::Volume& a, const core::Volume& b) {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < a.voxels().size(); ++i) {
        n += std::memcmp(&a.voxels()[i], &b.voxels()[i], sizeof(float)) != 0 ? 1 : 0;
    }
    return n;
}

void expectSameVolume(const core::Volume& local, const core::Volume& remote) {
    EXPECT_EQ(local.dims(), remote.dims());
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 4; ++c) {
            EXPECT_NEAR(local.ijkToLps().at(r, c), remote.ijkToLps().at(r, c), kMatrixTolerance);
        }
    }
    EXPECT_EQ(local.timePointCount(), remote.timePointCount());
    EXPECT_EQ(local.modality(), remote.modality());
    EXPECT_EQ(local.source().fileCount, remote.source().fileCount);
    ASSERT_EQ(local.voxels().size(), remote.voxels().size());
    EXPECT_EQ(differingVoxels(local, remote), 0);
}

core::DicomWebUrl seriesUrl(const std::string& study, const std::string& series) {
    auto url = core::parseDicomWebUrl(test::orthancRoot().seriesUrl(study, series));
    EXPECT_TRUE(url.ok());
    return url.ok() ? url.value() : core::DicomWebUrl{};
}

/// The only series on the server (the tests that use it upload one).
core::DicomWebUrl onlySeries(const core::DicomWebOptions& options) {
    const auto series = test::seriesOnServer(options);
    EXPECT_EQ(series.size(), 1u);
    return series.empty() ? core::DicomWebUrl{}
                          : seriesUrl(series.begin()->second, series.begin()->first);
}

/// A PET series of 512 x 512 x `slices` written with VoxDiff's own writer (tens of MB: more
/// than the loopback socket buffers hold, so a server stopped mid-answer is seen mid-answer).
void writeLargeSeries(const fs::path& folder, std::int64_t slices) {
    constexpr std::int64_t kSide = 512;
    std::vector<float> v(static_cast<std::size_t>(kSide * kSide * slices));
    for (std::size_t n = 0; n < v.size(); ++n) {
        v[n] = static_cast<float>((n * 2654435761u) % 30000);
    }
    const core::Volume volume({kSide, kSide, slices}, core::Matrix4::identity(), std::move(v));
    auto written = core::writeDicomPetSeries(volume, core::PetSeriesInfo{}, folder);
    ASSERT_TRUE(written.ok()) << written.error().describe();
}

std::vector<std::string> dicomCases() {
    std::vector<std::string> names;
    for (const auto& dir : test::sharedCases()) {
        if (fs::is_directory(dir / "dicom")) {
            names.push_back(dir.filename().string());
        }
    }
    if (names.empty()) {
        names.push_back(test::kNoSharedData);
    }
    return names;
}

class DicomWebCase : public ::testing::TestWithParam<std::string> {};

TEST_P(DicomWebCase, LoadsOverDicomWebAsFromItsFolder) {
    VOXDIFF_REQUIRE_SHARED_DATA(GetParam());
    VOXDIFF_REQUIRE_ORTHANC(server);
    const fs::path folder = test::sharedDataDir() / GetParam() / "dicom";
    const auto refused = server->uploadFolder(folder);
    test::TempDir cache;
    const auto options = test::orthancClientOptions(cache.path());
    const auto remote = test::seriesOnServer(options);
    auto listing = core::scanDicom(folder);
    ASSERT_TRUE(listing.ok()) << listing.error().describe();
    std::set<std::string> localSeries;
    for (const auto& v : listing->volumes) {
        localSeries.insert(v.seriesInstanceUid);
    }
    for (const auto& uid : localSeries) {
        SCOPED_TRACE("series " + uid);
        core::LoadOptions load;
        load.seriesUid = uid;
        auto local = core::loadDicom(folder, load);
        if (remote.count(uid) == 0) {
            // Orthanc refused every file of the series: the local loader must refuse it too.
            EXPECT_FALSE(local.ok()) << "the server refused " << refused.size()
                                     << " files, the local loader reads the series";
            continue;
        }
        auto viaWeb = core::loadDicomWebSeries(seriesUrl(remote.at(uid), uid), load, options);
        if (!refused.empty() && !local.ok()) {
            continue; // the server kept only the files it could parse; nothing to compare
        }
        ASSERT_EQ(local.ok(), viaWeb.ok())
            << (local.ok() ? "" : "local: " + local.error().describe())
            << (viaWeb.ok() ? "" : " DICOMweb: " + viaWeb.error().describe());
        if (local.ok()) {
            expectSameVolume(local.value(), viaWeb.value());
            EXPECT_EQ(viaWeb->source().path.string(), seriesUrl(remote.at(uid), uid).text());
        } else {
            EXPECT_EQ(local.error().code, viaWeb.error().code);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(SharedData, DicomWebCase, ::testing::ValuesIn(dicomCases()),
                         [](const auto& p) { return test::testNameOf(p.param); });

/// One series uploaded to the shared Orthanc, with a fresh cache for the client.
class DicomWebOrthanc : public ::testing::Test {
  protected:
    void SetUp() override {
        VOXDIFF_REQUIRE_ORTHANC(server);
        m_server = server;
        m_options = test::orthancClientOptions(m_cache.path());
    }

    /// Writes a series with `write` into a fresh folder, uploads it, and sets m_url to it.
    void uploadSeries(const std::function<void(const fs::path&)>& write) {
        write(m_data.path());
        ASSERT_TRUE(m_server->uploadFolder(m_data.path()).empty());
        m_url = onlySeries(m_options);
    }
    void uploadSmallSeries(std::int64_t slices) {
        uploadSeries([slices](const fs::path& folder) { test::writeSmallSeries(folder, slices); });
    }

    test::OrthancServer* m_server = nullptr;
    test::TempDir m_data;
    test::TempDir m_cache;
    core::DicomWebOptions m_options;
    core::DicomWebUrl m_url;
};

TEST_F(DicomWebOrthanc, SecondRetrieveComesFromTheCache) {
    uploadSmallSeries(6);
    auto first = core::retrieveSeries(m_url, m_options);
    ASSERT_TRUE(first.ok()) << first.error().describe();
    EXPECT_EQ(first->downloaded, 6);
    auto second = core::retrieveSeries(m_url, m_options);
    ASSERT_TRUE(second.ok()) << second.error().describe();
    EXPECT_EQ(second->fromCache, 6);
    EXPECT_EQ(second->downloaded, 0);
}

TEST_F(DicomWebOrthanc, WrongOrMissingCredentialsAreAuthenticationFailures) {
    m_options.credentials.password = "not-the-password";
    auto wrong = core::searchStudies(test::orthancRoot(), {}, m_options);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, core::ErrorCode::AuthenticationFailed);
    EXPECT_EQ(wrong.error().describe().find("not-the-password"), std::string::npos);
    m_options.credentials = {};
    auto none = core::loadDicomWebSeries(seriesUrl("1.2.3", "1.2.3.4"), {}, m_options);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, core::ErrorCode::AuthenticationFailed);
}

TEST_F(DicomWebOrthanc, PartialSeriesIsAnErrorCountingTheMissingInstances) {
    uploadSmallSeries(5);
    // After the search has counted 5 instances, one disappears before the retrieve.
    bool deleted = false;
    m_options.progress = [&](double, const std::string&) {
        if (!deleted) {
            deleted = m_server->deleteOneInstance();
        }
    };
    auto retrieved = core::retrieveSeries(m_url, m_options);
    ASSERT_TRUE(deleted);
    ASSERT_FALSE(retrieved.ok());
    EXPECT_EQ(retrieved.error().code, core::ErrorCode::IncompleteSeries);
    EXPECT_NE(retrieved.error().message.find("1 of 5"), std::string::npos)
        << retrieved.error().message;
}

TEST_F(DicomWebOrthanc, ServerStoppedMidRetrieveIsUnreachableNotAVolume) {
    uploadSeries([](const fs::path& folder) { writeLargeSeries(folder, 96); });
    m_options.progress = [&](double fraction, const std::string&) {
        if (fraction > 0.0 && m_server->running()) {
            m_server->kill();
        }
    };
    auto volume = core::loadDicomWebSeries(m_url, {}, m_options);
    EXPECT_FALSE(m_server->running());
    ASSERT_FALSE(volume.ok());
    EXPECT_EQ(volume.error().code, core::ErrorCode::ServerUnreachable);
}

TEST_F(DicomWebOrthanc, AnExceptionFromTheProgressCallbackStopsTheRetrieveCleanly) {
    // The callback runs inside libcurl's transfer: what it throws must not cross libcurl's C
    // frames, but come back as an error; the next open then works.
    uploadSmallSeries(4);
    m_options.progress = [](double fraction, const std::string&) {
        if (fraction > 0.0) {
            throw std::runtime_error("the caller's own failure");
        }
    };
    auto stopped = core::loadDicomWebSeries(m_url, {}, m_options);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.error().code, core::ErrorCode::Internal);
    m_options.progress = {};
    auto volume = core::loadDicomWebSeries(m_url, {}, m_options);
    ASSERT_TRUE(volume.ok()) << volume.error().describe();
    EXPECT_EQ(volume->dims()[2], 4);
}

TEST_F(DicomWebOrthanc, CancelStopsTheRetrieve) {
    uploadSmallSeries(3);
    std::atomic<bool> cancel{false};
    m_options.cancel = &cancel;
    m_options.progress = [&](double, const std::string&) { cancel = true; };
    auto volume = core::loadDicomWebSeries(m_url, {}, m_options);
    ASSERT_FALSE(volume.ok());
    EXPECT_EQ(volume.error().code, core::ErrorCode::Cancelled);
}

TEST_F(DicomWebOrthanc, SearchFiltersAndPagesStudies) {
    for (int i = 0; i < 3; ++i) {
        test::TempDir data;
        test::writeSmallSeries(data.path(), 1); // a new study each time
        ASSERT_TRUE(m_server->uploadFolder(data.path()).empty());
    }
    core::DicomWebQuery query;
    query.pageSize = 2; // three studies: two pages
    auto all = core::searchStudies(test::orthancRoot(), query, m_options);
    ASSERT_TRUE(all.ok()) << all.error().describe();
    EXPECT_EQ(all->size(), 3u);
    query.modality = "PT";
    auto pet = core::searchStudies(test::orthancRoot(), query, m_options);
    ASSERT_TRUE(pet.ok());
    EXPECT_EQ(pet->size(), 3u);
    query.modality = "MR";
    auto mr = core::searchStudies(test::orthancRoot(), query, m_options);
    ASSERT_TRUE(mr.ok());
    EXPECT_TRUE(mr->empty());
    query.modality.clear();
    query.patientId = "NOBODY";
    auto none = core::searchStudies(test::orthancRoot(), query, m_options);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
}

} // namespace
