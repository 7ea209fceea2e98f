// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "voxdiff/LoadOptions.h"

namespace voxdiff::cli {

/// While it lives, the first SIGINT (Ctrl-C) or SIGTERM asks the core to stop instead of ending
/// the process: a DICOMweb retrieve stops within about a second, the cache's private folders
/// are removed, and the command ends with kExitCancelled. A second signal ends the process at
/// once (the handler is reset when it runs).
class InterruptScope {
  public:
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

    /// The flag to hand to the core (LoadOptions::cancel, compareAndReport's cancel).
    const std::atomic<bool>* flag() const;
};

/// Progress of long work on standard error, one line rewritten in place, when standard error
/// is a terminal (or VOXDIFF_PROGRESS=1: then one line per step, for logs). Nothing otherwise,
/// so that scripts capturing stderr see only errors.
class TerminalProgress {
  public:
    TerminalProgress();
    ~TerminalProgress();
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

    /// The callback to hand to the core; empty when progress is not shown.
    core::ProgressCallback callback();
    /// Clears the progress line (before the command prints its result or error).
    void finish();

  private:
    void show(double fraction, const std::string& label);

    enum class Mode { Off, Terminal, Lines };
    Mode m_mode = Mode::Off;
    int m_lastPercent = -1;
    std::chrono::steady_clock::time_point m_lastShown;
    bool m_lineOpen = false;
};

} // namespace voxdiff::cli
