// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "voxdiff/Json.h"

namespace voxdiff::test {

/// ../shared/data beside the repository (or $VOXDIFF_SHARED_DATA); empty when absent.
std::filesystem::path sharedDataDir();

/// True when running under CI (CI=true): missing shared data is then a failure, not a skip.
bool runningUnderCi();

/// Every case folder under the shared data that has a truth.json, sorted by name.
std::vector<std::filesystem::path> sharedCases();

/// Parses a case's truth.json (fails the calling test on error).
core::Json loadTruth(const std::filesystem::path& caseDir);

/// The whole content of a file (empty when it cannot be read).
std::string readTextFile(const std::filesystem::path& path);

/// A name usable as a GoogleTest parameter name (letters, digits and _ only).
std::string testNameOf(const std::string& s);

/// Placeholder parameter used when the shared data is absent, so that parameterised suites
/// still instantiate and report themselves skipped (or failed under CI).
inline const char* kNoSharedData = "no_shared_data";

/// The one verdict on missing shared data: `fail` under CI (CI=true), where the data-driven
/// tests must run, else a loud skip; `message` says what is missing.
struct MissingSharedData {
    bool fail = false;
    std::string message;
};
MissingSharedData missingSharedData(const std::string& what);

/// Fails (under CI) or skips the calling GoogleTest body because `what` is missing.
#define VOXDIFF_MISSING_SHARED_DATA(what)                                                          \
    do {                                                                                           \
        const auto missing_ = ::voxdiff::test::missingSharedData(what);                            \
        if (missing_.fail) {                                                                       \
            FAIL() << missing_.message;                                                            \
        }                                                                                          \
        GTEST_SKIP() << missing_.message;                                                          \
    } while (0)

/// Declares `var` = ../shared/data/`relative`; fails (CI) or skips the test when it is absent.
#define VOXDIFF_SHARED_PATH_OR_SKIP(var, relative)                                                 \
    const std::filesystem::path var = ::voxdiff::test::sharedDataDir().empty()                     \
                                          ? std::filesystem::path()                                \
                                          : ::voxdiff::test::sharedDataDir() / (relative);         \
    if (var.empty() || !std::filesystem::exists(var)) {                                            \
        VOXDIFF_MISSING_SHARED_DATA(std::string("../shared/data/") + (relative));                  \
    }

/// Call at the start of a data-driven test body: skips loudly when there is no shared data,
/// fails under CI.
#define VOXDIFF_REQUIRE_SHARED_DATA(param)                                                         \
    do {                                                                                           \
        if ((param) == ::voxdiff::test::kNoSharedData) {                                           \
            VOXDIFF_MISSING_SHARED_DATA("../shared/data");                                         \
        }                                                                                          \
    } while (0)

/// A fresh empty folder under the test's temporary directory, removed by the caller's
/// TempDir destructor.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

  private:
    std::filesystem::path m_path;
};

} // namespace voxdiff::test
