// SPDX-License-Identifier: BSD-3-Clause
// The DICOMweb client against a server that misbehaves on purpose (ScriptedServer): pages
// shorter than asked, a search answer too large to hold, parts in odd case or of another
// series, a connection left open after the last part, broken framing, a series larger than
// the cache bound. A real server (Orthanc, DicomWebOrthancTest) cannot be made to do these.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "ScriptedServer.h"
#include "SmallSeries.h"
#include "TestData.h"
#include "dicomweb/InstanceCache.h"
#include "voxdiff/DicomWeb.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

std::string fileBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// The value of `key=` in a request target's query (empty when absent).
std::string queryValue(const std::string& target, const std::string& key) {
    for (const char sep : {'?', '&'}) {
        const auto at = target.find(sep + key + "=");
        if (at != std::string::npos) {
            const auto from = at + key.size() + 2;
            return target.substr(from, target.find('&', from) - from);
        }
    }
    return {};
}

std::string studyJson(int i) {
    return "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3." + std::to_string(i) + "\"]}}";
}

core::DicomWebOptions quickOptions(const fs::path& cacheDir) {
    core::DicomWebOptions options;
    options.cacheDir = cacheDir;
    options.attempts = 2;
    options.firstBackoffMs = 10;
    options.connectTimeoutSeconds = 5;
    options.stallTimeoutSeconds = 10;
    return options;
}

core::DicomWebUrl parsed(const std::string& text) {
    auto url = core::parseDicomWebUrl(text);
    EXPECT_TRUE(url.ok()) << text;
    return url.ok() ? url.value() : core::DicomWebUrl{};
}

constexpr int kStudies = 25;

TEST(DicomWebHostileServer, PagesShorterThanAskedAreFollowedNotSkipped) {
    // The server returns at most 10 studies per page whatever limit asks (as PS3.18 allows).
    ScriptedServer server([](const std::string& target) {
        const int offset = std::stoi("0" + queryValue(target, "offset"));
        std::string body = "[";
        for (int i = offset; i < std::min(offset + 10, kStudies); ++i) {
            body += (i > offset ? "," : "") + studyJson(i);
        }
        return ScriptedAnswer{ScriptedServer::answer(200, "application/dicom+json", body + "]")};
    });
    TempDir cache;
    auto studies =
        core::searchStudies(parsed(server.origin() + "/dicom-web"), {}, quickOptions(cache.path()));
    ASSERT_TRUE(studies.ok()) << studies.error().describe();
    EXPECT_EQ(studies->size(), static_cast<std::size_t>(kStudies));
}

TEST(DicomWebHostileServer, ASearchAnswerTooLargeToHoldIsAServerError) {
    const std::string huge = "[" + std::string(65u << 20, ' ') + "]";
    ScriptedServer server([&huge](const std::string&) {
        return ScriptedAnswer{ScriptedServer::answer(200, "application/dicom+json", huge)};
    });
    TempDir cache;
    auto studies =
        core::searchStudies(parsed(server.origin() + "/dicom-web"), {}, quickOptions(cache.path()));
    ASSERT_FALSE(studies.ok());
    EXPECT_EQ(studies.error().code, ErrorCode::ServerError);
}

/// A server with one series of one instance (`instance`), whose retrieve answer is
/// `multipartBody` under boundary "B"; the connection is held open after it when asked.
class OneSeriesServer {
  public:
    OneSeriesServer(std::string seriesUid, std::string multipartBody, bool holdOpen)
        : m_series(std::move(seriesUid)), m_body(std::move(multipartBody)),
          m_server(
              [this, holdOpen](const std::string& target) { return answer(target, holdOpen); }) {}

    std::string seriesUrl() const {
        return m_server.origin() + "/dicom-web/studies/1.2.3/series/" + m_series;
    }

  private:
    ScriptedAnswer answer(const std::string& target, bool holdOpen) const {
        if (target.find("/series?") != std::string::npos) {
            const std::string body = queryValue(target, "offset") != "0"
                                         ? "[]"
                                         : "[{\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"" +
                                               m_series +
                                               "\"]},\"00201209\":{\"vr\":\"IS\",\"Value\":[1]}}]";
            return {ScriptedServer::answer(200, "application/dicom+json", body)};
        }
        std::string bytes = ScriptedServer::answer(
            200, "multipart/related; type=\"application/dicom\"; boundary=B", m_body);
        if (holdOpen) {
            // Announce more than is sent, and keep the connection: only the closing
            // delimiter says the answer is complete.
            const auto length = bytes.find("Content-Length: ") + 16;
            bytes.replace(length, bytes.find('\r', length) - length,
                          std::to_string(m_body.size() + 1000));
        }
        return {bytes, holdOpen};
    }

    std::string m_series;
    std::string m_body;
    ScriptedServer m_server;
};

struct TwoInstances {
    std::string bytes; ///< an instance of `seriesUid`
    std::string seriesUid;
    std::string sopUid;
    std::string otherBytes; ///< an instance of another series
    std::string otherSopUid;
};

/// The one file `folder` holds, with its UIDs.
core::dicomweb::InstanceUids onlyInstance(const fs::path& folder, std::string& bytes) {
    for (const auto& item : fs::directory_iterator(folder)) {
        auto uids = core::dicomweb::readInstanceUids(item.path());
        EXPECT_TRUE(uids.ok()) << item.path();
        bytes = fileBytes(item.path());
        return uids.ok() ? uids.value() : core::dicomweb::InstanceUids{};
    }
    ADD_FAILURE() << "no instance in " << folder;
    return {};
}

TwoInstances twoInstances(const fs::path& scratch) {
    writeSmallSeries(scratch / "a", 1);
    writeSmallSeries(scratch / "b", 1);
    TwoInstances t;
    const auto first = onlyInstance(scratch / "a", t.bytes);
    t.seriesUid = first.seriesInstanceUid;
    t.sopUid = first.sopInstanceUid;
    const auto other = onlyInstance(scratch / "b", t.otherBytes);
    t.otherSopUid = other.sopInstanceUid;
    EXPECT_NE(other.seriesInstanceUid, t.seriesUid);
    return t;
}

std::size_t filesIn(const fs::path& folder) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& item : fs::directory_iterator(folder)) {
        ++n;
    }
    return n;
}

std::size_t cachedInstances(const fs::path& cacheDir) {
    return filesIn(cacheDir / "instances");
}

TEST(DicomWebHostileServer, RetrieveEndsAtTheClosingDelimiterAndStoresOnlyTheSeriesInstances) {
    TempDir scratch;
    const TwoInstances t = twoInstances(scratch.path());
    ASSERT_FALSE(t.seriesUid.empty());
    // The instance's part type in upper case (media types ignore case), a metadata part that
    // is not an instance, and an instance of another series that must not enter the cache.
    const std::string body = "--B\r\nContent-Type: Application/DICOM\r\n\r\n" + t.bytes +
                             "\r\n--B\r\nContent-Type: application/dicom+xml\r\n\r\n<x/>"
                             "\r\n--B\r\nContent-Type: application/dicom\r\n\r\n" +
                             t.otherBytes + "\r\n--B--\r\n";
    OneSeriesServer server(t.seriesUid, body, /*holdOpen=*/true);
    TempDir cache;
    core::DicomWebOptions options = quickOptions(cache.path());
    const auto start = std::chrono::steady_clock::now();
    auto retrieved = core::retrieveSeries(parsed(server.seriesUrl()), options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(retrieved.ok()) << retrieved.error().describe();
    EXPECT_EQ(retrieved->downloaded, 1);
    ASSERT_EQ(retrieved->files.size(), 1u);
    EXPECT_EQ(retrieved->files[0].stem().string(), t.sopUid);
    EXPECT_EQ(cachedInstances(cache.path()), 1u);
    EXPECT_FALSE(fs::exists(cache.path() / "instances" / (t.otherSopUid + ".dcm")));
    // The stall timeout (10 s) was not waited for: the closing delimiter ended the transfer.
    EXPECT_LT(seconds, 5.0);
}

TEST(DicomWebHostileServer, BrokenFramingAndAStreamCutShortAreServerErrors) {
    TempDir scratch;
    const TwoInstances t = twoInstances(scratch.path());
    const std::string part = "--B\r\nContent-Type: application/dicom\r\n\r\n" + t.bytes;
    for (const std::string& body : {part + "\r\n--Bgarbage\r\n", part}) {
        OneSeriesServer server(t.seriesUid, body, /*holdOpen=*/false);
        TempDir cache;
        auto retrieved =
            core::retrieveSeries(parsed(server.seriesUrl()), quickOptions(cache.path()));
        ASSERT_FALSE(retrieved.ok());
        EXPECT_EQ(retrieved.error().code, ErrorCode::ServerError) << retrieved.error().describe();
        // No half-received part is left (a part complete before the garbage may stay cached).
        EXPECT_EQ(filesIn(cache.path() / "incoming"), 0u);
    }
}

TEST(DicomWebHostileServer, ASeriesLargerThanTheCacheBoundStopsAndLeavesNothing) {
    TempDir scratch;
    const TwoInstances t = twoInstances(scratch.path());
    const std::string body =
        "--B\r\nContent-Type: application/dicom\r\n\r\n" + t.bytes + "\r\n--B--\r\n";
    OneSeriesServer server(t.seriesUid, body, /*holdOpen=*/false);
    TempDir cache;
    core::DicomWebOptions options = quickOptions(cache.path());
    options.cacheMaxBytes = t.bytes.size() / 2;
    auto retrieved = core::retrieveSeries(parsed(server.seriesUrl()), options);
    ASSERT_FALSE(retrieved.ok());
    EXPECT_EQ(retrieved.error().code, ErrorCode::WriteFailed) << retrieved.error().describe();
    EXPECT_EQ(cachedInstances(cache.path()), 0u);
    EXPECT_EQ(filesIn(cache.path() / "incoming"), 0u);
}

TEST(DicomWebUrl, NoPartOfAPasswordIsShownWhateverItHolds) {
    for (const char* bad :
         {"https://alice@example.org:S3cret@pacs/dicom-web/studies/1.2/series/1.2.3",
          "https://alice:S3/cret@pacs/dicom-web/studies/1.2/series/1.2.3",
          "https://alice:S3cret@pacs/dicom-web/studies/1.2/series/1.2.3?x=1"}) {
        auto url = core::parseDicomWebUrl(bad);
        ASSERT_FALSE(url.ok()) << bad;
        EXPECT_EQ(url.error().code, ErrorCode::InvalidArgument);
        const std::string shown = url.error().describe();
        EXPECT_EQ(shown.find("S3"), std::string::npos) << shown;
        EXPECT_EQ(shown.find("alice"), std::string::npos) << shown;
        EXPECT_NE(shown.find("pacs/dicom-web"), std::string::npos) << shown;
    }
    EXPECT_EQ(core::inputAsShown("/home/a@b/x.nii"), "/home/a@b/x.nii");
    EXPECT_EQ(core::inputAsShown("http://u:p@h/x"), "http://...@h/x");
}

TEST(TerminalText, ControlCharactersFromAServerAreShownNotObeyed) {
    const std::string shown = core::forTerminalLine("M\xc3\xbcller\x1b[2J\x07\r\nX\x7f\xc2\x9b"
                                                    "31m\xff");
    for (const char c : shown) {
        EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f) << shown;
    }
    EXPECT_EQ(shown.find("\xc2\x9b"), std::string::npos);
    EXPECT_EQ(shown.rfind("M\xc3\xbcller", 0), 0u); // UTF-8 text is kept
    EXPECT_TRUE(core::isValidUtf8(shown));
}

} // namespace
} // namespace voxdiff::test
