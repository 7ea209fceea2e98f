// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>
#include <vector>

namespace voxdiff::test {

struct ProcessResult {
    int exitCode = -1; ///< the exit status, or 128 + signal when killed by a signal
    std::string out;   ///< standard output
    std::string err;   ///< standard error
};

/// Runs a program with arguments (no shell), waits for it, and captures its output.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args);

/// The program's full path from $PATH; empty when absent.
std::string findProgram(const std::string& name);

/// The voxdiff-cli binary built alongside the tests (its full path).
std::string cliProgram();

/// Runs voxdiff-cli (the binary built alongside the tests).
ProcessResult runCli(const std::vector<std::string>& args);

/// Runs voxdiff-cli with extra environment variables ("NAME=value"), through env(1).
ProcessResult runCliWithEnv(const std::vector<std::string>& env,
                            const std::vector<std::string>& args);

/// Runs voxdiff-cli without privileges, so that file permissions mean something even when the
/// tests run as root (as CI does): as root, a copy of the binary in a world-readable temporary
/// folder runs through `setpriv` as nobody:nogroup with no supplementary groups; otherwise the
/// binary runs as the current user. Paths in `args` must be reachable by nobody (e.g. TempDir).
ProcessResult runCliUnprivileged(const std::vector<std::string>& args);

} // namespace voxdiff::test
