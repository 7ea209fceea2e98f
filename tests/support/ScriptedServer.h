// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace voxdiff::test {

/// A TCP socket listening on a free loopback port: its descriptor (-1 on failure), and the
/// port in `port`.
int listenOnLoopback(int& port);

/// What a ScriptedServer sends for one request.
struct ScriptedAnswer {
    std::string bytes;     ///< the whole answer: status line, headers, body
    bool holdOpen = false; ///< keep the connection open after the bytes (until destruction)
};

/// A loopback HTTP server that answers each request with what `script` returns for its
/// request target ("/dicom-web/studies?..."): a server that misbehaves on purpose (capped
/// pages, huge answers, odd parts, a connection never closed), which a real server cannot be
/// made to do. One connection at a time, on a thread of its own; stopped by the destructor.
class ScriptedServer {
  public:
    using Script = std::function<ScriptedAnswer(const std::string& target)>;
    explicit ScriptedServer(Script script);
    ~ScriptedServer();
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    int port() const { return m_port; }
    /// http://127.0.0.1:PORT
    std::string origin() const;
    /// The request targets received so far, in order.
    std::vector<std::string> targets() const;

    /// An HTTP/1.1 answer with Content-Length and Connection: close.
    static std::string answer(int status, const std::string& contentType, const std::string& body);

  private:
    void serve();

    Script m_script;
    int m_fd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::vector<std::string> m_targets;
    std::vector<int> m_held;
    std::thread m_thread;
};

} // namespace voxdiff::test
