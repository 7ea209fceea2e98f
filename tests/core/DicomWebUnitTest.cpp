// SPDX-License-Identifier: BSD-3-Clause
// The DICOMweb client's pieces that need no server: URLs, the multipart parser, options.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "voxdiff/DicomWeb.h"
#include "voxdiff/DicomWebMultipart.h"

namespace {

using namespace voxdiff;

struct Collected {
    std::vector<core::MultipartHeaders> headers;
    std::vector<std::string> bodies;
};

core::MultipartCallbacks collectInto(Collected& c) {
    return {[&c](const core::MultipartHeaders& h) {
                c.headers.push_back(h);
                c.bodies.emplace_back();
                return core::Status(core::Ok{});
            },
            [&c](const char* d, std::size_t n) {
                c.bodies.back().append(d, n);
                return core::Status(core::Ok{});
            },
            [] { return core::Status(core::Ok{}); }};
}

std::string binaryBody(std::size_t size, unsigned seed) {
    std::string s(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        s[i] = static_cast<char>((i * 131 + seed * 7) % 256);
    }
    // Delimiter look-alikes inside the body must not end it.
    return s + "\r\n--bound\r\n--boun" + s.substr(0, size / 2);
}

std::string streamOf(const std::vector<std::string>& bodies) {
    std::string s = "preamble to ignore\r\n";
    for (const auto& b : bodies) {
        s += "--bound-ary\r\nContent-Type: application/dicom\r\nX-Extra:  v \r\n\r\n" + b + "\r\n";
    }
    return s + "--bound-ary--\r\nepilogue";
}

TEST(DicomWebMultipart, SplitsPartsWhateverTheChunkSize) {
    const std::vector<std::string> bodies = {binaryBody(300, 1), binaryBody(0, 2),
                                             binaryBody(77, 3)};
    const std::string stream = streamOf(bodies);
    for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7},
                              std::size_t{64}, stream.size()}) {
        Collected c;
        core::MultipartParser parser("bound-ary", collectInto(c));
        for (std::size_t at = 0; at < stream.size(); at += chunk) {
            ASSERT_TRUE(parser.feed(stream.data() + at, std::min(chunk, stream.size() - at)).ok());
        }
        ASSERT_TRUE(parser.finish().ok()) << "chunk " << chunk;
        EXPECT_EQ(parser.partCount(), 3);
        EXPECT_EQ(c.bodies, bodies) << "chunk " << chunk;
        ASSERT_EQ(c.headers.size(), 3u);
        EXPECT_EQ(c.headers[0][0].first, "content-type");
        EXPECT_EQ(c.headers[0][1].second, "v");
    }
}

TEST(DicomWebMultipart, StreamEndingBeforeTheClosingDelimiterIsTruncated) {
    const std::string stream = streamOf({binaryBody(100, 4)});
    Collected c;
    core::MultipartParser parser("bound-ary", collectInto(c));
    ASSERT_TRUE(parser.feed(stream.data(), stream.size() / 2).ok());
    const auto st = parser.finish();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::TruncatedData);
}

TEST(DicomWebMultipart, LimitsBoundHeadersAndParts) {
    core::MultipartLimits limits;
    limits.maxHeaderBytes = 64;
    limits.maxPartBytes = 100;
    Collected c;
    core::MultipartParser headers("b", collectInto(c), limits);
    const std::string longHeader = "--b\r\nX: " + std::string(200, 'a');
    const auto st = headers.feed(longHeader.data(), longHeader.size());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::TooLarge);

    Collected d;
    core::MultipartParser body("b", collectInto(d), limits);
    const std::string bigPart = "--b\r\n\r\n" + std::string(500, 'x');
    const auto st2 = body.feed(bigPart.data(), bigPart.size());
    ASSERT_FALSE(st2.ok());
    EXPECT_EQ(st2.error().code, core::ErrorCode::TooLarge);
}

TEST(DicomWebMultipart, GarbageAfterADelimiterIsCorrupt) {
    Collected c;
    core::MultipartParser parser("b", collectInto(c));
    const std::string s = "--bXY\r\n";
    const auto st = parser.feed(s.data(), s.size());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, core::ErrorCode::CorruptHeader);
    EXPECT_FALSE(parser.feed("x", 1).ok()) << "a failed parser stays failed";
}

TEST(DicomWebMultipart, BoundaryIsReadQuotedOrNot) {
    auto quoted = core::MultipartParser::boundaryOf(
        "multipart/related; type=\"application/dicom\"; boundary=\"ab; c\"");
    ASSERT_TRUE(quoted.ok());
    EXPECT_EQ(quoted.value(), "ab; c");
    auto plain = core::MultipartParser::boundaryOf("Multipart/Related;boundary=xyz;type=a");
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain.value(), "xyz");
    EXPECT_FALSE(core::MultipartParser::boundaryOf("application/dicom").ok());
    EXPECT_FALSE(core::MultipartParser::boundaryOf("multipart/related; type=x").ok());
}

TEST(DicomWebUrl, TellsServerStudyAndSeriesApart) {
    auto server = core::parseDicomWebUrl("https://pacs.example:8443/dicom-web/");
    ASSERT_TRUE(server.ok());
    EXPECT_EQ(server->kind, core::DicomWebUrlKind::Server);
    EXPECT_EQ(server->base, "https://pacs.example:8443/dicom-web");
    EXPECT_EQ(server->authority, "pacs.example:8443");
    auto study = core::parseDicomWebUrl("http://h/wado/rs/studies/1.2.3");
    ASSERT_TRUE(study.ok());
    EXPECT_EQ(study->kind, core::DicomWebUrlKind::Study);
    EXPECT_EQ(study->base, "http://h/wado/rs");
    auto series = core::parseDicomWebUrl("http://h/studies/1.2.3/series/4.5");
    ASSERT_TRUE(series.ok());
    EXPECT_EQ(series->kind, core::DicomWebUrlKind::Series);
    EXPECT_EQ(series->seriesUid, "4.5");
    EXPECT_EQ(series->text(), "http://h/studies/1.2.3/series/4.5");
}

TEST(DicomWebUrl, RefusesCredentialsQueriesAndBadUids) {
    for (const char* bad : {"http://user:secret@h/dicom-web", "http://h/studies/1.2?x=1",
                            "http://h/studies/1.2/series/abc", "ftp://h/x", "http:///x"}) {
        auto url = core::parseDicomWebUrl(bad);
        ASSERT_FALSE(url.ok()) << bad;
        EXPECT_EQ(url.error().code, core::ErrorCode::InvalidArgument);
        EXPECT_EQ(url.error().describe().find("secret"), std::string::npos);
    }
}

TEST(DicomWebOptions, CacheFollowsXdgCacheHome) {
    const char* old = std::getenv("XDG_CACHE_HOME");
    const std::string saved = old != nullptr ? old : "";
    setenv("XDG_CACHE_HOME", "/tmp/xdg-test", 1);
    EXPECT_EQ(core::defaultDicomWebCacheDir(),
              std::filesystem::path("/tmp/xdg-test/voxdiff/dicomweb"));
    if (old != nullptr) {
        setenv("XDG_CACHE_HOME", saved.c_str(), 1);
    } else {
        unsetenv("XDG_CACHE_HOME");
    }
}

TEST(DicomWebOptions, UnreachableServerIsItsOwnError) {
    core::DicomWebOptions options;
    options.attempts = 2;
    options.firstBackoffMs = 10;
    options.connectTimeoutSeconds = 2;
    // Port 9 (discard) on loopback: nothing listens there in a test environment.
    auto url = core::parseDicomWebUrl("http://127.0.0.1:9/dicom-web");
    ASSERT_TRUE(url.ok());
    auto studies = core::searchStudies(url.value(), {}, options);
    ASSERT_FALSE(studies.ok());
    EXPECT_EQ(studies.error().code, core::ErrorCode::ServerUnreachable);
}

} // namespace
