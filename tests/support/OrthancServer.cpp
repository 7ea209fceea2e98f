// SPDX-License-Identifier: BSD-3-Clause
#include "OrthancServer.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include "RunProcess.h"
#include "ScriptedServer.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {

namespace fs = std::filesystem;

namespace {

constexpr const char* kOrthanc = "/usr/sbin/Orthanc";
constexpr const char* kDicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

int freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

/// Starts `program` with `args` (argv[1...]), its output appended to `logFile`.
pid_t startLogged(const std::string& program, const std::vector<std::string>& args,
                  const std::string& logFile) {
    std::vector<std::string> all = args;
    all.insert(all.begin(), program);
    std::vector<char*> argv;
    for (auto& a : all) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int out = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        ::dup2(out, 1);
        ::dup2(out, 2);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::string configText(const fs::path& dir, int port) {
    core::Json users = core::Json::object();
    users[OrthancServer::kUser] = OrthancServer::kPassword;
    core::Json dicomWeb = core::Json::object();
    dicomWeb["Enable"] = true;
    dicomWeb["Root"] = "/dicom-web/";
    core::Json c = core::Json::object();
    c["Name"] = "voxdiff-test";
    c["StorageDirectory"] = (dir / "storage").string();
    c["IndexDirectory"] = (dir / "index").string();
    c["HttpPort"] = port;
    c["DicomServerEnabled"] = false;
    c["RemoteAccessAllowed"] = false;
    c["AuthenticationEnabled"] = true;
    c["RegisteredUsers"] = std::move(users);
    c["Plugins"] = core::Json::Array{kDicomWebPlugin};
    c["DicomWeb"] = std::move(dicomWeb);
    c["HttpCompressionEnabled"] = false;
    c["SaveJobs"] = false;
    return c.dump(2);
}

} // namespace

OrthancServer::OrthancServer() {
    std::random_device random;
    m_dir = fs::temp_directory_path() /
            ("voxdiff-orthanc-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(m_dir);
}

OrthancServer::~OrthancServer() {
    stop();
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

bool OrthancServer::installed() {
    std::error_code ec;
    return fs::exists(kOrthanc, ec) && fs::exists(kDicomWebPlugin, ec);
}

std::string OrthancServer::dicomWebRoot() const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/dicom-web";
}

bool OrthancServer::start(std::string& why) {
    if (m_port == 0) {
        m_port = freeLoopbackPort(); // kept across restarts: URLs stay valid
    }
    const fs::path config = m_dir / "orthanc.json";
    std::ofstream(config) << configText(m_dir, m_port);
    m_pid = startLogged(kOrthanc, {config.string()}, (m_dir / "orthanc.log").string());
    if (m_pid < 0) {
        why = "fork failed";
        return false;
    }
    return waitUntilAnswering(why);
}

bool OrthancServer::waitUntilAnswering(std::string& why) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            why = "Orthanc exited at start:\n" + log();
            return false;
        }
        if (request("GET", "/system", "").status == 200) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    why = "Orthanc did not answer within 30 s:\n" + log();
    stop();
    return false;
}

void OrthancServer::stop() {
    if (m_pid <= 0) {
        return;
    }
    ::kill(m_pid, SIGTERM);
    for (int i = 0; i < 100; ++i) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill();
}

void OrthancServer::kill() {
    if (m_pid <= 0) {
        return;
    }
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

std::string OrthancServer::log() const {
    std::ifstream in(m_dir / "orthanc.log");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

OrthancServer::Answer OrthancServer::request(const std::string& method, const std::string& path,
                                             const std::string& body) {
    Answer answer;
    CURL* curl = curl_easy_init();
    const std::string url = "http://127.0.0.1:" + std::to_string(m_port) + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_USERNAME, kUser);
    curl_easy_setopt(curl, CURLOPT_PASSWORD, kPassword);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    if (method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    if (curl_easy_perform(curl) == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    }
    curl_easy_cleanup(curl);
    return answer;
}

long OrthancServer::upload(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return request("POST", "/instances", bytes.str()).status;
}

std::vector<fs::path> OrthancServer::uploadFolder(const fs::path& folder) {
    std::vector<fs::path> refused;
    std::vector<fs::path> files;
    for (const auto& item : fs::recursive_directory_iterator(folder)) {
        if (item.is_regular_file()) {
            files.push_back(item.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        if (upload(file) != 200) {
            refused.push_back(file);
        }
    }
    return refused;
}

bool OrthancServer::deleteAll() {
    const Answer patients = request("GET", "/patients", "");
    auto list = core::Json::parse(patients.body);
    if (patients.status != 200 || !list || !list->isArray()) {
        return false;
    }
    bool ok = true;
    for (const auto& id : list->asArray()) {
        ok = ok && id.isString() &&
             request("DELETE", "/patients/" + id.asString(), "").status == 200;
    }
    return ok;
}

bool OrthancServer::deleteOneInstance() {
    const Answer found = request("GET", "/instances", "");
    auto list = core::Json::parse(found.body);
    if (found.status != 200 || !list || !list->isArray() || list->size() == 0 ||
        !list.value()[std::size_t{0}].isString()) {
        return false;
    }
    return request("DELETE", "/instances/" + list.value()[std::size_t{0}].asString(), "").status ==
           200;
}

TlsFront::TlsFront() {
    std::random_device random;
    m_dir = fs::temp_directory_path() /
            ("voxdiff-tls-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(m_dir);
}

TlsFront::~TlsFront() {
    stop();
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

bool TlsFront::installed() {
    return !findProgram("socat").empty() && !findProgram("openssl").empty();
}

bool TlsFront::makeCertificates(const std::string& certHost, std::string& why) {
    const std::string d = m_dir.string() + "/";
    const bool isIp = certHost.find_first_not_of("0123456789.") == std::string::npos;
    std::ofstream(m_dir / "server.ext") << "subjectAltName=" << (isIp ? "IP:" : "DNS:") << certHost
                                        << "\nbasicConstraints=CA:FALSE\n";
    const std::vector<std::vector<std::string>> steps = {
        {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", d + "ca.key", "-out", d + "ca.pem", "-days", "2", "-subj",
         "/CN=VoxDiff test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
         "keyUsage=critical,keyCertSign"},
        {"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", d + "server.key", "-out", d + "server.csr", "-subj", "/CN=" + certHost},
        {"x509", "-req", "-in", d + "server.csr", "-CA", d + "ca.pem", "-CAkey", d + "ca.key",
         "-CAcreateserial", "-out", d + "server.crt", "-days", "2", "-extfile", d + "server.ext"}};
    for (const auto& args : steps) {
        const ProcessResult r = runProcess(findProgram("openssl"), args);
        if (r.exitCode != 0) {
            why = "openssl " + args[0] + " failed: " + r.err;
            return false;
        }
    }
    return true;
}

bool TlsFront::start(int backendPort, const std::string& certHost, std::string& why) {
    if (!makeCertificates(certHost, why)) {
        return false;
    }
    m_port = freeLoopbackPort();
    const std::string listen =
        "OPENSSL-LISTEN:" + std::to_string(m_port) +
        ",bind=127.0.0.1,reuseaddr,fork,verify=0,cert=" + (m_dir / "server.crt").string() +
        ",key=" + (m_dir / "server.key").string();
    const std::string backend = "TCP:127.0.0.1:" + std::to_string(backendPort);
    m_pid = startLogged(findProgram("socat"), {listen, backend}, (m_dir / "socat.log").string());
    if (m_pid < 0) {
        why = "fork failed";
        return false;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<std::uint16_t>(m_port));
        const bool accepted =
            ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        ::close(fd);
        if (accepted) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    why = "socat did not listen within 10 s";
    stop();
    return false;
}

void TlsFront::stop() {
    if (m_pid <= 0) {
        return;
    }
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

SilentServer::SilentServer() {
    m_fd = listenOnLoopback(m_port);
}

SilentServer::~SilentServer() {
    for (const int fd : {m_connection, m_fd}) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
}

bool SilentServer::requestArrived() {
    pollfd listening{m_fd, POLLIN, 0};
    if (::poll(&listening, 1, 10000) != 1) {
        return false;
    }
    m_connection = ::accept(m_fd, nullptr, nullptr);
    pollfd request{m_connection, POLLIN, 0};
    char bytes[64];
    return m_connection >= 0 && ::poll(&request, 1, 10000) == 1 &&
           ::read(m_connection, bytes, sizeof bytes) > 0;
}

OrthancServer* sharedOrthanc() {
    static std::unique_ptr<OrthancServer> server;
    if (!server) {
        server = std::make_unique<OrthancServer>();
    }
    if (!server->running()) {
        std::string why;
        if (!server->start(why)) {
            ADD_FAILURE() << "cannot start Orthanc: " << why;
            return nullptr;
        }
    }
    return server.get();
}

core::DicomWebOptions orthancClientOptions(const std::filesystem::path& cacheDir) {
    core::DicomWebOptions options;
    options.credentials.user = OrthancServer::kUser;
    options.credentials.password = OrthancServer::kPassword;
    options.cacheDir = cacheDir;
    options.attempts = 3;
    options.firstBackoffMs = 50;
    options.stallTimeoutSeconds = 10;
    return options;
}

core::DicomWebUrl orthancRoot() {
    auto url = core::parseDicomWebUrl(sharedOrthanc()->dicomWebRoot());
    EXPECT_TRUE(url.ok());
    return url.ok() ? url.value() : core::DicomWebUrl{};
}

std::map<std::string, std::string> seriesOnServer(const core::DicomWebOptions& options) {
    std::map<std::string, std::string> found;
    const core::DicomWebUrl root = orthancRoot();
    auto studies = core::searchStudies(root, {}, options);
    EXPECT_TRUE(studies.ok()) << (studies.ok() ? "" : studies.error().describe());
    if (!studies) {
        return found;
    }
    for (const auto& study : studies.value()) {
        core::DicomWebUrl studyUrl = root;
        studyUrl.kind = core::DicomWebUrlKind::Study;
        studyUrl.studyUid = study.studyUid;
        auto series = core::searchSeries(studyUrl, "", options);
        EXPECT_TRUE(series.ok()) << (series.ok() ? "" : series.error().describe());
        for (const auto& s : series.ok() ? series.value() : std::vector<core::DicomWebSeries>{}) {
            found[s.seriesUid] = study.studyUid;
        }
    }
    return found;
}

} // namespace voxdiff::test
