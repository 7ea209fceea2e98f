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

/// Call at the start of a data-driven test body: skips loudly when there is no shared data,
/// fails under CI.
#define VOXDIFF_REQUIRE_SHARED_DATA(param)                                                         \
    do {                                                                                           \
        if ((param) == ::voxdiff::test::kNoSharedData) {                                           \
            if (::voxdiff::test::runningUnderCi()) {                                               \
                FAIL() << "../shared/data is missing: CI must run the data-driven tests";          \
            }                                                                                      \
            GTEST_SKIP() << "SKIPPED: ../shared/data not found beside the repository; the "        \
                            "data-driven tests did not run (set VOXDIFF_SHARED_DATA)";             \
        }                                                                                          \
    } while (0)

/// While alive, LeakSanitizer ignores new allocations: for the few tests where leaking is the
/// documented behaviour (an abort inside GDCM is escaped by jumping over its frames).
class ExpectedLeaks {
  public:
    ExpectedLeaks();
    ~ExpectedLeaks();
    ExpectedLeaks(const ExpectedLeaks&) = delete;
    ExpectedLeaks& operator=(const ExpectedLeaks&) = delete;
};

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
