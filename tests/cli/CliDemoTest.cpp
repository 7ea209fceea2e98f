// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli demo: runs the real binary, then checks every DICOM file it wrote with
// dciodvfy (dicom3tools), the reference validator of DICOM objects.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "RunProcess.h"
#include "TestData.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

constexpr int kExitOutput = 8;

/// The full path of `program` on $PATH (runProcess does not search), or empty.
fs::path findOnPath(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

TEST(CliDemo, WritesThePairAndEveryDicomFilePassesDciodvfy) {
    TempDir dir;
    const fs::path demo = dir / "demo";
    const auto r = runCli({"demo", demo.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("pet_suv.nii.gz"), std::string::npos) << "it says what it wrote";
    EXPECT_TRUE(fs::is_regular_file(demo / "pet_suv.nii.gz"));
    EXPECT_TRUE(fs::is_regular_file(demo / "README.txt"));
    ASSERT_TRUE(fs::is_directory(demo / "pet_dicom"));

    const fs::path dciodvfy = findOnPath("dciodvfy");
    if (dciodvfy.empty()) {
        if (runningUnderCi()) {
            FAIL() << "dciodvfy (Debian package dicom3tools) is missing: CI must validate the "
                      "demo DICOM";
        }
        GTEST_SKIP() << "SKIPPED: dciodvfy not found on PATH (install dicom3tools); the demo "
                        "DICOM files were NOT validated";
    }
    int checked = 0;
    for (const auto& e : fs::directory_iterator(demo / "pet_dicom")) {
        const auto v = runProcess(dciodvfy.string(), {e.path().string()});
        std::istringstream lines(v.out + v.err);
        for (std::string line; std::getline(lines, line);) {
            EXPECT_EQ(line.find("Error"), std::string::npos) << e.path() << ": " << line;
        }
        ++checked;
    }
    EXPECT_EQ(checked, 72);
}

TEST(CliDemo, RefusesANonEmptyFolderWithExit8UnlessForced) {
    TempDir dir;
    std::ofstream(dir / "keep.txt") << "not ours";
    const auto refused = runCli({"demo", dir.path().string()});
    EXPECT_EQ(refused.exitCode, kExitOutput) << refused.err;
    EXPECT_NE(refused.err.find(dir.path().string()), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(dir / "pet_suv.nii.gz"));

    const auto forced = runCli({"demo", dir.path().string(), "--force"});
    EXPECT_EQ(forced.exitCode, 0) << forced.err;
    EXPECT_TRUE(fs::exists(dir / "keep.txt")) << "--force never deletes other files";
    EXPECT_TRUE(fs::exists(dir / "pet_suv.nii.gz"));
}

TEST(CliDemo, RejectsABadCommandLine) {
    EXPECT_EQ(runCli({"demo"}).exitCode, 2);
    EXPECT_EQ(runCli({"demo", "a", "b"}).exitCode, 2);
    EXPECT_EQ(runCli({"demo", "a", "--bogus"}).exitCode, 2);
}

} // namespace
} // namespace voxdiff::test
