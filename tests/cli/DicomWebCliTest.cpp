// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli with DICOMweb URLs against a private Orthanc: compare NIFTI URL says what
// compare NIFTI FOLDER says; search and series list; bad credentials and unreachable servers
// have their own exit statuses; credentials appear in no output.
#include <gtest/gtest.h>

#include <cstdlib>

#include "OrthancServer.h"
#include "RunProcess.h"
#include "SmallSeries.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

constexpr int kExitAuthentication = 11; // docs/exit-codes.md
constexpr int kExitUnreachable = 12;

/// Sets the client's environment for the child processes; restores it on destruction.
class ClientEnvironment {
  public:
    ClientEnvironment(const fs::path& cacheDir, const std::string& password) {
        setenv("VOXDIFF_DICOMWEB_USER", OrthancServer::kUser, 1);
        setenv("VOXDIFF_DICOMWEB_PASSWORD", password.c_str(), 1);
        setenv("VOXDIFF_DICOMWEB_CACHE_DIR", cacheDir.c_str(), 1);
    }
    ~ClientEnvironment() {
        unsetenv("VOXDIFF_DICOMWEB_USER");
        unsetenv("VOXDIFF_DICOMWEB_PASSWORD");
        unsetenv("VOXDIFF_DICOMWEB_CACHE_DIR");
    }
    ClientEnvironment(const ClientEnvironment&) = delete;
    ClientEnvironment& operator=(const ClientEnvironment&) = delete;
};

void expectNoCredentials(const std::string& text, const std::string& where) {
    EXPECT_EQ(text.find(OrthancServer::kPassword), std::string::npos) << where;
    EXPECT_EQ(text.find(OrthancServer::kUser), std::string::npos) << where;
}

void expectNoCredentials(const ProcessResult& r, const std::string& where) {
    expectNoCredentials(r.out, where + " (stdout)");
    expectNoCredentials(r.err, where + " (stderr)");
}

/// The JSON report with every string naming `input` replaced by a placeholder.
Json withoutInputPath(const Json& j, const std::string& input) {
    if (j.isString()) {
        return j.asString() == input ? Json("<input>") : j;
    }
    if (j.isArray()) {
        Json out = Json::array();
        for (const auto& item : j.asArray()) {
            out.push(withoutInputPath(item, input));
        }
        return out;
    }
    if (j.isObject()) {
        Json out = Json::object();
        for (const auto& [key, value] : j.asObject()) {
            out[key] = withoutInputPath(value, input);
        }
        return out;
    }
    return j;
}

Json compareJson(const std::string& first, const std::string& second, const fs::path& out,
                 int& exitCode) {
    const ProcessResult r = runCli({"compare", first, second, "--json", out.string(), "--force"});
    expectNoCredentials(r, "compare " + second);
    exitCode = r.exitCode;
    auto parsed = Json::parse(readTextFile(out));
    EXPECT_TRUE(parsed.ok()) << r.err;
    return parsed.ok() ? withoutInputPath(parsed.value(), second) : Json();
}

std::string onlySeriesUrl() {
    const auto series = seriesOnServer(orthancClientOptions(fs::temp_directory_path()));
    EXPECT_EQ(series.size(), 1u);
    return series.empty() ? std::string()
                          : orthancRoot().seriesUrl(series.begin()->second, series.begin()->first);
}

TEST(DicomWebCli, PetComparedWithItsNiftiAsWithTheLocalFolder) {
    VOXDIFF_REQUIRE_ORTHANC(server);
    const auto cases = sharedCases();
    if (cases.empty()) {
        VOXDIFF_REQUIRE_SHARED_DATA(std::string(kNoSharedData));
    }
    int compared = 0;
    for (const auto& dir : cases) {
        if (dir.filename().string().rfind("pet_", 0) != 0 || !fs::is_directory(dir / "nifti")) {
            continue;
        }
        SCOPED_TRACE(dir.filename().string());
        ASSERT_TRUE(server->deleteAll());
        ASSERT_TRUE(server->uploadFolder(dir / "dicom").empty());
        TempDir work;
        ClientEnvironment env(work / "cache", OrthancServer::kPassword);
        const std::string url = onlySeriesUrl();
        for (const auto& nifti : fs::directory_iterator(dir / "nifti")) {
            if (nifti.path().string().find(".nii") == std::string::npos) {
                continue;
            }
            int localExit = -1;
            int webExit = -1;
            const Json local = compareJson(nifti.path().string(), (dir / "dicom").string(),
                                           work / "local.json", localExit);
            const Json web = compareJson(nifti.path().string(), url, work / "web.json", webExit);
            EXPECT_EQ(localExit, webExit) << nifti.path();
            EXPECT_EQ(local.dump(2), web.dump(2)) << nifti.path();
            ++compared;
        }
    }
    EXPECT_GT(compared, 0);
}

TEST(DicomWebCli, SearchAndSeriesListWithoutCredentialsInTheOutput) {
    VOXDIFF_REQUIRE_ORTHANC(server);
    TempDir data;
    writeSmallSeries(data.path(), 4);
    ASSERT_TRUE(server->uploadFolder(data.path()).empty());
    TempDir work;
    ClientEnvironment env(work / "cache", OrthancServer::kPassword);
    const ProcessResult search =
        runCli({"search", server->dicomWebRoot(), "--modality", "PT", "--json"});
    expectNoCredentials(search, "search");
    ASSERT_EQ(search.exitCode, 0) << search.err;
    auto listed = Json::parse(search.out);
    ASSERT_TRUE(listed.ok()) << search.out;
    ASSERT_EQ(listed.value()["studies"].size(), 1u);
    const Json& series = listed.value()["studies"][std::size_t{0}]["series"];
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[std::size_t{0}]["instance_count"].asNumber(), 4.0);
    const std::string url = series[std::size_t{0}]["url"].asString();

    const std::string studyUrl = url.substr(0, url.find("/series/"));
    const ProcessResult text = runCli({"series", studyUrl});
    expectNoCredentials(text, "series");
    EXPECT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find(url), std::string::npos);

    const ProcessResult info = runCli({"info", url, "--json"});
    expectNoCredentials(info, "info");
    EXPECT_EQ(info.exitCode, 0) << info.err;

    const ProcessResult nobody =
        runCli({"search", server->dicomWebRoot(), "--patient-id", "NOBODY"});
    EXPECT_EQ(nobody.exitCode, 0);
    EXPECT_TRUE(nobody.out.empty());

    const fs::path html = work / "report.html";
    const ProcessResult compare =
        runCli({"compare", url, data.path().string(), "--html", html.string(), "--force"});
    expectNoCredentials(compare, "compare");
    EXPECT_EQ(compare.exitCode, 0) << compare.err;
    expectNoCredentials(readTextFile(html), "HTML report");
    EXPECT_NE(readTextFile(html).find(url), std::string::npos) << "the report names the URL";
}

TEST(DicomWebCli, BadCredentialsAndUnreachableServersHaveTheirOwnStatus) {
    VOXDIFF_REQUIRE_ORTHANC(server);
    TempDir data;
    writeSmallSeries(data.path(), 2);
    ASSERT_TRUE(server->uploadFolder(data.path()).empty());
    TempDir work;
    const std::string url = onlySeriesUrl();
    {
        ClientEnvironment env(work / "cache", "wrong-password-1234");
        const ProcessResult r = runCli({"info", url});
        EXPECT_EQ(r.exitCode, kExitAuthentication) << r.err;
        expectNoCredentials(r, "info with a wrong password");
        EXPECT_EQ(r.err.find("wrong-password-1234"), std::string::npos);
        const ProcessResult s = runCli({"search", server->dicomWebRoot()});
        EXPECT_EQ(s.exitCode, kExitAuthentication) << s.err;
    }
    {
        ClientEnvironment env(work / "cache", OrthancServer::kPassword);
        const ProcessResult r = runCli({"search", "http://127.0.0.1:9/dicom-web"});
        EXPECT_EQ(r.exitCode, kExitUnreachable) << r.err;
        expectNoCredentials(r, "unreachable");
        const ProcessResult bad = runCli({"info", "http://someone:pw@127.0.0.1:9/x"});
        EXPECT_EQ(bad.exitCode, 2) << bad.err;
        EXPECT_EQ(bad.err.find(":pw@"), std::string::npos);
    }
}

} // namespace
} // namespace voxdiff::test
