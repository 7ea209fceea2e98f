// SPDX-License-Identifier: BSD-3-Clause
#include "ScriptedServer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace voxdiff::test {

namespace {

/// Reads a request head (up to the blank line); empty when the client went away.
std::string readHead(int fd) {
    std::string head;
    char bytes[4096];
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10000) != 1) {
            return {};
        }
        const ssize_t n = ::read(fd, bytes, sizeof bytes);
        if (n <= 0) {
            return {};
        }
        head.append(bytes, static_cast<std::size_t>(n));
    }
    return head;
}

bool writeAll(int fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

int listenOnLoopback(int& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof a;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::listen(fd, 16) == 0 && ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) == 0) {
        port = ntohs(a.sin_port);
        return fd;
    }
    if (fd >= 0) {
        ::close(fd);
    }
    return -1;
}

ScriptedServer::ScriptedServer(Script script) : m_script(std::move(script)) {
    m_fd = listenOnLoopback(m_port);
    if (m_fd >= 0) {
        m_thread = std::thread([this] { serve(); });
    }
}

ScriptedServer::~ScriptedServer() {
    m_stop = true;
    if (m_thread.joinable()) {
        m_thread.join();
    }
    for (const int fd : m_held) {
        ::close(fd);
    }
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

std::string ScriptedServer::origin() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
}

std::vector<std::string> ScriptedServer::targets() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_targets;
}

std::string ScriptedServer::answer(int status, const std::string& contentType,
                                   const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
           body;
}

void ScriptedServer::serve() {
    while (!m_stop) {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, 50) != 1) {
            continue;
        }
        const int connection = ::accept(m_fd, nullptr, nullptr);
        if (connection < 0) {
            continue;
        }
        const std::string head = readHead(connection);
        const auto space = head.find(' ');
        const auto end = head.find(' ', space + 1);
        if (space == std::string::npos || end == std::string::npos) {
            ::close(connection);
            continue;
        }
        const std::string target = head.substr(space + 1, end - space - 1);
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_targets.push_back(target);
        }
        const ScriptedAnswer a = m_script(target);
        writeAll(connection, a.bytes);
        if (a.holdOpen) {
            m_held.push_back(connection);
        } else {
            ::shutdown(connection, SHUT_WR);
            ::close(connection);
        }
    }
}

} // namespace voxdiff::test
