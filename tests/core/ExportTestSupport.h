// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// Helpers of the export and float DICOM tests: the pydicom fixture (independent of VoxDiff's
// writer) and dciodvfy (dicom3tools), both external programs.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "RunProcess.h"
#include "TestData.h"

namespace voxdiff::test {

/// Debian's python3 (the one python3-pydicom installs into), not a user's pyenv shim.
inline std::string systemPython() {
    return ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/// True when python3 with pydicom and numpy is available; otherwise skips the calling test
/// (fails it under CI). Use with ASSERT_TRUE / `if (!...) return;`.
inline bool pydicomAvailable() {
    const auto r = runProcess(systemPython(), {"-c", "import pydicom, numpy"});
    if (r.exitCode == 0) {
        return true;
    }
    if (runningUnderCi()) {
        ADD_FAILURE() << "python3-pydicom is missing: CI must run the float DICOM tests";
    }
    return false;
}

/// Runs tests/support/make_parametric_map.py KIND OUT; true on success.
inline bool writeFixture(const std::string& kind, const std::filesystem::path& out) {
    const std::string script =
        std::string(VOXDIFF_SOURCE_DIR) + "/tests/support/make_parametric_map.py";
    const auto r = runProcess(systemPython(), {script, kind, out.string()});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.exitCode == 0;
}

/// The lines of dciodvfy's report on `file` that are errors ("Error - ..."). Empty with a
/// skip note when dciodvfy is absent (a failure under CI).
inline std::vector<std::string> dciodvfyErrors(const std::filesystem::path& file) {
    const std::filesystem::path dciodvfy = findProgram("dciodvfy");
    if (dciodvfy.empty()) {
        if (runningUnderCi()) {
            ADD_FAILURE() << "dciodvfy (dicom3tools) is missing: CI must validate exports";
        }
        return {};
    }
    const auto v = runProcess(dciodvfy.string(), {file.string()});
    std::vector<std::string> errors;
    std::istringstream lines(v.out + v.err);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("Error") != std::string::npos) {
            errors.push_back(line);
        }
    }
    return errors;
}

} // namespace voxdiff::test
