// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "TestData.h"
#include "voxdiff/DicomWeb.h"

namespace voxdiff::test {

/// A private Orthanc (Debian's orthanc + orthanc-dicomweb) for DICOMweb tests: its own config,
/// storage and index in a temporary folder, HTTP on a free loopback port (never 8042), no
/// DICOM listener, basic authentication required. Started as a child process; stopped (by PID)
/// by stop() or the destructor.
class OrthancServer {
  public:
    static constexpr const char* kUser = "dicomweb-user-5b1e";
    static constexpr const char* kPassword = "Orthanc-Test-Secret-7c1d";

    OrthancServer();
    ~OrthancServer();
    OrthancServer(const OrthancServer&) = delete;
    OrthancServer& operator=(const OrthancServer&) = delete;

    /// True when /usr/sbin/Orthanc and the DICOMweb plugin are installed.
    static bool installed();

    /// Writes the config, starts Orthanc and waits until it answers. False (with `why`) if not.
    bool start(std::string& why);
    /// SIGTERM, then SIGKILL after a few seconds; waits for the child.
    void stop();
    /// SIGKILL now (a server that dies mid-answer); waits for the child.
    void kill();
    bool running() const { return m_pid > 0; }

    int port() const { return m_port; }
    /// http://127.0.0.1:PORT/dicom-web
    std::string dicomWebRoot() const;

    /// POST /instances. Returns the HTTP status (0 when the server could not be reached).
    long upload(const std::filesystem::path& file);
    /// Uploads every regular file under `folder`; returns those the server refused.
    std::vector<std::filesystem::path> uploadFolder(const std::filesystem::path& folder);
    /// Deletes every patient (so every instance) from the server.
    bool deleteAll();
    /// Deletes one instance (the first the server lists).
    bool deleteOneInstance();

    /// The server's own log (for failure messages).
    std::string log() const;

  private:
    struct Answer {
        long status = 0;
        std::string body;
    };
    Answer request(const std::string& method, const std::string& path, const std::string& body);
    bool waitUntilAnswering(std::string& why);

    std::filesystem::path m_dir;
    int m_port = 0;
    pid_t m_pid = -1;
};

/// HTTPS in front of a local HTTP port, for the TLS tests: socat (OPENSSL-LISTEN on a free
/// loopback port, forwarding each connection to the port). Debian's Orthanc 1.10 crashes on a
/// request to its own HTTPS (SslEnabled; a segfault right after the handshake, civetweb with
/// OpenSSL 3), and a front like this is how such servers are commonly deployed anyway.
/// The certificate is issued by a private CA made for the test with openssl, for `certHost`
/// (an IP address or a DNS name).
class TlsFront {
  public:
    TlsFront();
    ~TlsFront();
    TlsFront(const TlsFront&) = delete;
    TlsFront& operator=(const TlsFront&) = delete;

    /// True when socat and openssl are installed.
    static bool installed();
    /// Makes the CA and the certificate, starts socat and waits until it accepts connections.
    bool start(int backendPort, const std::string& certHost, std::string& why);
    void stop();

    int port() const { return m_port; }
    /// The private CA's certificate (PEM): what --ca-file is given.
    std::filesystem::path caFile() const { return m_dir / "ca.pem"; }

  private:
    bool makeCertificates(const std::string& certHost, std::string& why);

    std::filesystem::path m_dir;
    int m_port = 0;
    pid_t m_pid = -1;
};

/// A loopback TCP port that accepts connections (the kernel's backlog) and never answers: a
/// server that hangs, so that Cancel (or Ctrl-C) is what ends the work.
class SilentServer {
  public:
    SilentServer();
    ~SilentServer();
    SilentServer(const SilentServer&) = delete;
    SilentServer& operator=(const SilentServer&) = delete;
    int port() const { return m_port; }
    /// Waits (at most 10 s) for a client's connection and the first bytes of its request.
    bool requestArrived();

  private:
    int m_fd = -1;
    int m_connection = -1;
    int m_port = 0;
};

/// The Orthanc shared by one test binary: started on first use, restarted when a test
/// stopped it, stopped at exit. Skips the calling test when Orthanc is not installed (fails
/// under CI). Returns nullptr (after failing the test) when it cannot start.
OrthancServer* sharedOrthanc();

/// Client options for the shared server: its test user, the given cache folder, short
/// backoff so that failure tests stay quick.
core::DicomWebOptions orthancClientOptions(const std::filesystem::path& cacheDir);

/// The DICOMweb root of the shared server, parsed.
core::DicomWebUrl orthancRoot();

/// Every series the server holds: series UID -> study UID.
std::map<std::string, std::string> seriesOnServer(const core::DicomWebOptions& options);

} // namespace voxdiff::test

/// Start of a test that needs the shared Orthanc; binds `server`.
#define VOXDIFF_REQUIRE_ORTHANC(server)                                                            \
    if (!::voxdiff::test::OrthancServer::installed()) {                                            \
        if (::voxdiff::test::runningUnderCi()) {                                                   \
            FAIL() << "orthanc and orthanc-dicomweb are not installed (scripts/setup.sh)";         \
        }                                                                                          \
        GTEST_SKIP() << "SKIPPED: Orthanc is not installed; the DICOMweb tests did not run";       \
    }                                                                                              \
    ::voxdiff::test::OrthancServer* server = ::voxdiff::test::sharedOrthanc();                     \
    ASSERT_NE(server, nullptr);                                                                    \
    ASSERT_TRUE(server->deleteAll())
