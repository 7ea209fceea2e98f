// SPDX-License-Identifier: BSD-3-Clause
#include "Interactive.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace voxdiff::cli {

namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void onInterrupt(int) {
    g_interrupted.store(true);
}

void handle(int signal, void (*handler)(int), int flags) {
    struct sigaction action {};
    action.sa_handler = handler;
    action.sa_flags = flags;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal, &action, nullptr);
}

} // namespace

InterruptScope::InterruptScope() {
    g_interrupted.store(false);
    handle(SIGINT, onInterrupt, SA_RESETHAND);
    handle(SIGTERM, onInterrupt, SA_RESETHAND);
}

InterruptScope::~InterruptScope() {
    handle(SIGINT, SIG_DFL, 0);
    handle(SIGTERM, SIG_DFL, 0);
}

const std::atomic<bool>* InterruptScope::flag() const {
    return &g_interrupted;
}

TerminalProgress::TerminalProgress() {
    const char* forced = std::getenv("VOXDIFF_PROGRESS");
    if (forced != nullptr && std::strcmp(forced, "1") == 0) {
        m_mode = Mode::Lines;
    } else if (::isatty(STDERR_FILENO) == 1) {
        m_mode = Mode::Terminal;
    }
}

TerminalProgress::~TerminalProgress() {
    finish();
}

void TerminalProgress::finish() {
    if (m_lineOpen) {
        std::cerr << "\r\033[K" << std::flush; // the finished line goes away
        m_lineOpen = false;
    }
}

core::ProgressCallback TerminalProgress::callback() {
    if (m_mode == Mode::Off) {
        return {};
    }
    return [this](double fraction, const std::string& label) { show(fraction, label); };
}

void TerminalProgress::show(double fraction, const std::string& label) {
    const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0);
    const auto now = std::chrono::steady_clock::now();
    if (m_mode == Mode::Lines) {
        // A line per tenth, so that a log shows the steps without a line per instance.
        if (m_lastPercent >= 0 && percent / 10 == m_lastPercent / 10) {
            return;
        }
        std::cerr << "voxdiff-cli: " << percent << " % " << label << "\n";
    } else {
        if (m_lineOpen && now - m_lastShown < std::chrono::milliseconds(100)) {
            return; // a terminal redrawn ten times a second at most
        }
        std::cerr << "\r\033[Kvoxdiff-cli: " << percent << " % " << label << std::flush;
        m_lineOpen = true;
    }
    m_lastShown = now;
    m_lastPercent = percent;
}

} // namespace voxdiff::cli
