// SPDX-License-Identifier: BSD-3-Clause
#include "TestData.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace voxdiff::test {

namespace fs = std::filesystem;

fs::path sharedDataDir() {
    if (const char* env = std::getenv("VOXDIFF_SHARED_DATA"); env && *env) {
        return fs::is_directory(env) ? fs::path(env) : fs::path();
    }
    const fs::path candidate = fs::path(VOXDIFF_SOURCE_DIR) / ".." / "shared" / "data";
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) {
        return fs::weakly_canonical(candidate);
    }
    return {};
}

bool runningUnderCi() {
    const char* ci = std::getenv("CI");
    return ci && (std::string(ci) == "true" || std::string(ci) == "1");
}

MissingSharedData missingSharedData(const std::string& what) {
    if (runningUnderCi()) {
        return {true, what + " is missing: CI must run the data-driven tests (set "
                             "VOXDIFF_SHARED_DATA or put the data beside the repository)"};
    }
    return {false, "SKIPPED: " + what +
                       " not found beside the repository; the data-driven "
                       "test did not run (set VOXDIFF_SHARED_DATA)"};
}

std::vector<fs::path> sharedCases() {
    std::vector<fs::path> cases;
    const fs::path root = sharedDataDir();
    if (root.empty()) {
        return cases;
    }
    for (const auto& entry : fs::directory_iterator(root)) {
        if (entry.is_directory() && fs::exists(entry.path() / "truth.json")) {
            cases.push_back(entry.path());
        }
    }
    std::sort(cases.begin(), cases.end());
    return cases;
}

core::Json loadTruth(const fs::path& caseDir) {
    std::ifstream in(caseDir / "truth.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = core::Json::parse(ss.str());
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().describe());
    return parsed.ok() ? parsed.value() : core::Json();
}

std::string readTextFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string testNameOf(const std::string& s) {
    std::string out;
    for (char c : s) {
        out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    }
    return out;
}

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    const char* base = std::getenv("TMPDIR");
    m_path = fs::path(base && *base ? base : "/tmp") /
             ("voxdiff-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(m_path);
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

} // namespace voxdiff::test
