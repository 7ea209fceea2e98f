// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli with DICOMweb URLs against a private Orthanc: compare NIFTI URL says what
// compare NIFTI FOLDER says; search and series list; bad credentials and unreachable servers
// have their own exit statuses; credentials appear in no output.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

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
constexpr int kExitUnreadable = 3;
constexpr int kExitCancelled = 10;

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

/// `url` with its scheme and authority replaced (the same path on another front).
std::string onAuthority(const std::string& url, const std::string& schemeAndAuthority) {
    const auto path = url.find('/', url.find("://") + 3);
    return schemeAndAuthority + url.substr(path);
}

TEST(DicomWebCli, HttpsWithAPrivateCaNeedsItsCaFileAndTheRightHostName) {
    VOXDIFF_REQUIRE_ORTHANC(server);
    if (!TlsFront::installed()) {
        if (runningUnderCi()) {
            FAIL() << "socat and openssl are not installed (scripts/setup.sh)";
        }
        GTEST_SKIP() << "SKIPPED: socat or openssl is missing; the TLS test did not run";
    }
    TempDir data;
    writeSmallSeries(data.path(), 3);
    ASSERT_TRUE(server->uploadFolder(data.path()).empty());
    TempDir work;
    ClientEnvironment env(work / "cache", OrthancServer::kPassword);
    const std::string httpUrl = onlySeriesUrl();
    TlsFront front;
    std::string why;
    ASSERT_TRUE(front.start(server->port(), "127.0.0.1", why)) << why;
    const std::string url =
        onAuthority(httpUrl, "https://127.0.0.1:" + std::to_string(front.port()));

    // The private CA is not among the system's: the server cannot be trusted without it.
    const ProcessResult untrusted = runCli({"info", url, "--json"});
    EXPECT_EQ(untrusted.exitCode, kExitUnreachable) << untrusted.err;
    expectNoCredentials(untrusted, "info over https without the CA");

    const ProcessResult plain = runCli({"info", httpUrl, "--json"});
    ASSERT_EQ(plain.exitCode, 0) << plain.err;
    auto plainJson = Json::parse(plain.out);
    ASSERT_TRUE(plainJson.ok()) << plain.out;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"info", url, "--json", "--ca-file", front.caFile().string()},
          std::vector<std::string>{"info", "--ca-file=" + front.caFile().string(), url,
                                   "--json"}}) {
        const ProcessResult trusted = runCli(args);
        expectNoCredentials(trusted, "info over https with --ca-file");
        ASSERT_EQ(trusted.exitCode, 0) << trusted.err;
        auto trustedJson = Json::parse(trusted.out);
        ASSERT_TRUE(trustedJson.ok()) << trusted.out;
        EXPECT_EQ(withoutInputPath(trustedJson.value(), url).dump(2),
                  withoutInputPath(plainJson.value(), httpUrl).dump(2));
    }
    const ProcessResult fromEnv =
        runCliWithEnv({"VOXDIFF_DICOMWEB_CA_FILE=" + front.caFile().string()},
                      {"search", onAuthority(server->dicomWebRoot(),
                                             "https://127.0.0.1:" + std::to_string(front.port()))});
    EXPECT_EQ(fromEnv.exitCode, 0) << fromEnv.err;
    EXPECT_NE(fromEnv.out.find(url), std::string::npos) << fromEnv.out;

    // A CA file that cannot be read names the file (before anything is asked of the server).
    const std::string missing = (work / "no-such-ca.pem").string();
    const ProcessResult noCa = runCli({"info", url, "--ca-file", missing});
    EXPECT_EQ(noCa.exitCode, kExitUnreadable) << noCa.err;
    EXPECT_NE(noCa.err.find(missing), std::string::npos) << noCa.err;

    // A certificate from the trusted CA, but for another host name: still refused.
    TlsFront elsewhere;
    ASSERT_TRUE(elsewhere.start(server->port(), "pacs.example.invalid", why)) << why;
    const std::string wrongHost =
        onAuthority(httpUrl, "https://127.0.0.1:" + std::to_string(elsewhere.port()));
    const ProcessResult mismatch =
        runCli({"info", wrongHost, "--ca-file", elsewhere.caFile().string()});
    EXPECT_EQ(mismatch.exitCode, kExitUnreachable) << mismatch.err;
}

TEST(DicomWebCli, ProgressGoesToStandardErrorOnlyWhenAskedOrOnATerminal) {
    VOXDIFF_REQUIRE_ORTHANC(server);
    TempDir data;
    writeSmallSeries(data.path(), 5);
    ASSERT_TRUE(server->uploadFolder(data.path()).empty());
    TempDir work;
    ClientEnvironment env(work / "cache", OrthancServer::kPassword);
    const std::string url = onlySeriesUrl();
    const ProcessResult quiet = runCli({"info", url});
    ASSERT_EQ(quiet.exitCode, 0) << quiet.err;
    EXPECT_EQ(quiet.err, "") << "standard error is not a terminal: no progress";
    fs::remove_all(work / "cache"); // retrieved again, not from the cache
    const ProcessResult logged = runCliWithEnv({"VOXDIFF_PROGRESS=1"}, {"info", url});
    ASSERT_EQ(logged.exitCode, 0) << logged.err;
    EXPECT_EQ(logged.out, quiet.out);
    std::size_t lines = 0;
    for (std::size_t at = 0; (at = logged.err.find("voxdiff-cli: ", at)) != std::string::npos;
         ++at) {
        ++lines;
    }
    EXPECT_GE(lines, 3u) << logged.err;
    EXPECT_LE(lines, 11u + 11u) << "a line per tenth of each step, not per instance";
    EXPECT_NE(logged.err.find("voxdiff-cli: 100 %"), std::string::npos) << logged.err;
    expectNoCredentials(logged, "info with progress");
}

/// Runs `voxdiff-cli COMMAND URL` against a server that never answers, sends SIGINT once the
/// request is out, and checks the command stops at once as cancelled, leaving the cache clean.
void expectCtrlCStops(const std::string& command, const std::string& path) {
    SCOPED_TRACE(command);
    SilentServer silent;
    ASSERT_GT(silent.port(), 0);
    TempDir work;
    ClientEnvironment env(work / "cache", "unused-password");
    const std::string url = "http://127.0.0.1:" + std::to_string(silent.port()) + path;
    const std::string cli = cliProgram();
    const std::string errFile = (work / "stderr.txt").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errFile.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args = {"voxdiff-cli", command, url};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t child = -1;
    ASSERT_EQ(::posix_spawn(&child, cli.c_str(), &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);

    // The request is out and the server keeps silent: without Ctrl-C the command would wait
    // for the 30 s stall timeout (then retry).
    ASSERT_TRUE(silent.requestArrived());
    const auto interrupted = std::chrono::steady_clock::now();
    ASSERT_EQ(::kill(child, SIGINT), 0);
    int status = 0;
    pid_t ended = 0;
    while ((ended = ::waitpid(child, &status, WNOHANG)) == 0 &&
           std::chrono::steady_clock::now() - interrupted < std::chrono::seconds(10)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (ended == 0) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
        FAIL() << "voxdiff-cli did not stop within 10 s of SIGINT";
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - interrupted).count();
    ASSERT_TRUE(WIFEXITED(status)) << "ended by a signal instead of stopping: " << status;
    EXPECT_EQ(WEXITSTATUS(status), kExitCancelled) << readTextFile(errFile);
    EXPECT_LT(seconds, 5.0);
    for (const char* sub : {"views", "incoming"}) {
        const fs::path dir = work / "cache" / sub;
        EXPECT_TRUE(!fs::exists(dir) || fs::is_empty(dir)) << dir;
    }
}

TEST(DicomWebCli, CtrlCStopsAStalledRetrieveOrSearchAtOnceAsCancelled) {
    expectCtrlCStops("info", "/dicom-web/studies/1.2.3/series/1.2.3.4");
    expectCtrlCStops("search", "/dicom-web");
    expectCtrlCStops("series", "/dicom-web/studies/1.2.3");
}

} // namespace
} // namespace voxdiff::test
