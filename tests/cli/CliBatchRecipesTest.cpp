// SPDX-License-Identifier: BSD-3-Clause
// The scheduler recipes of docs/batch.md, run as written there: GNU parallel, a Slurm job array
// (SLURM_ARRAY_TASK_ID set by the test), the Kubernetes pod command (JOB_COMPLETION_INDEX) and a
// CTest project; each ends in a JUnit file with the counts of the whole batch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "CliBatchFixtures.h"
#include "RunProcess.h"
#include "TestData.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

std::string batchDoc() {
    return readTextFile(fs::path(VOXDIFF_SOURCE_DIR) / "docs" / "batch.md");
}

/// The fenced block of docs/batch.md that contains `marker`, without its fences.
std::string fencedBlockWith(const std::string& marker) {
    const std::string doc = batchDoc();
    const auto at = doc.find(marker);
    if (at == std::string::npos) {
        ADD_FAILURE() << "docs/batch.md has no block with " << marker;
        return {};
    }
    const auto open = doc.rfind("```", at);
    const auto start = doc.find('\n', open) + 1;
    return doc.substr(start, doc.find("```", at) - start);
}

/// Runs a shell script in `dir` with voxdiff-cli first on PATH and extra `env` assignments.
ProcessResult runScript(const fs::path& dir, const std::string& script,
                        const std::string& env = {}) {
    const std::string cliDir = fs::path(VOXDIFF_CLI_PATH).parent_path().string();
    const std::string exported = env.empty() ? "" : "export " + env + " && ";
    return runProcess("/bin/sh", {"-c", "cd '" + dir.string() + "' && PATH='" + cliDir +
                                            "':$PATH && export PATH && " + exported + script});
}

std::string attribute(const std::string& xml, const std::string& name) {
    // Attributes follow any white space: CTest's JUnit puts each on its own line.
    const std::string key = name + "=\"";
    for (auto at = xml.find(key); at != std::string::npos; at = xml.find(key, at + 1)) {
        if (at > 0 && std::isspace(static_cast<unsigned char>(xml[at - 1]))) {
            const auto start = at + key.size();
            return xml.substr(start, xml.find('"', start) - start);
        }
    }
    return "";
}

/// The mixed manifest's counts: 5 rows, 1 failure, 2 errors.
void expectMixedCounts(const fs::path& junit) {
    const std::string xml = readTextFile(junit);
    EXPECT_EQ(attribute(xml, "tests"), "5") << xml;
    EXPECT_EQ(attribute(xml, "failures"), "1");
    EXPECT_EQ(attribute(xml, "errors"), "2");
}

bool haveProgram(const std::string& name) {
    return runProcess("/bin/sh", {"-c", "command -v " + name}).exitCode == 0;
}

TEST(CliBatchRecipes, GnuParallelWithJobLogThenMerge) {
    if (!haveProgram("parallel")) {
        GTEST_SKIP() << "SKIPPED: GNU parallel is not installed (scripts/setup.sh installs it)";
    }
    TempDir dir;
    writeMixedManifest(dir.path());
    const auto r = runScript(dir.path(), fencedBlockWith("# recipe: gnu-parallel"));
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    expectMixedCounts(dir / "junit.xml");
    // The job log: a header and one line per row, Exitval (7th column) = the row's status.
    std::istringstream log(readTextFile(dir / "out" / "jobs.log"));
    std::string line;
    std::getline(log, line);
    EXPECT_EQ(line.rfind("Seq\tHost", 0), 0u) << line;
    std::multiset<std::string> statuses;
    while (std::getline(log, line)) {
        std::istringstream cells(line);
        std::string cell;
        for (int c = 0; c < 7; ++c) {
            std::getline(cells, cell, '\t');
        }
        statuses.insert(cell);
    }
    EXPECT_EQ(statuses, (std::multiset<std::string>{"0", "0", "1", "2", "3"}));
}

TEST(CliBatchRecipes, SlurmArrayTasksThenMerge) {
    TempDir dir;
    writeMixedManifest(dir.path());
    writeText(dir / "qa.sh", fencedBlockWith("# recipe: slurm-array"));
    for (int task = 0; task < 5; ++task) {
        runScript(dir.path(), "sh qa.sh", "SLURM_ARRAY_TASK_ID=" + std::to_string(task));
        EXPECT_TRUE(fs::exists(dir / "out" / (std::to_string(task) + ".jsonl"))) << task;
    }
    const std::string submit = fencedBlockWith("jobid=$(sbatch");
    const auto open = submit.find('\'');
    const std::string merge = submit.substr(open + 1, submit.rfind('\'') - open - 1);
    const auto r = runScript(dir.path(), merge);
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    expectMixedCounts(dir / "junit.xml");
}

TEST(CliBatchRecipes, KubernetesPodCommandPerIndexThenMerge) {
    TempDir dir;
    writeMixedManifest(dir.path());
    // The container's args: the folded scalar after `- >-`, up to `resources:`.
    const std::string job = fencedBlockWith("completionMode: Indexed");
    const auto from = job.find('\n', job.find("- >-")) + 1;
    std::string command = job.substr(from, job.find("resources:") - from);
    std::replace(command.begin(), command.end(), '\n', ' ');
    for (auto at = command.find("/data"); at != std::string::npos; at = command.find("/data", at)) {
        command.replace(at, 5, dir.path().string());
    }
    fs::create_directories(dir / "out");
    for (int pod = 0; pod < 5; ++pod) {
        const auto r =
            runScript(dir.path(), command, "JOB_COMPLETION_INDEX=" + std::to_string(pod));
        EXPECT_EQ(r.exitCode, pod == 3 || pod == 4 ? 1 : 0) << "errors fail the pod" << r.err;
    }
    const auto r =
        runScript(dir.path(), "voxdiff-cli batch-merge out/*.jsonl --junit junit.xml --suite m");
    EXPECT_EQ(r.exitCode, 1);
    expectMixedCounts(dir / "junit.xml");
}

TEST(CliBatchRecipes, CTestRunsOneTestPerRow) {
    TempDir dir;
    fs::create_directories(dir / "qa");
    writeMixedManifest(dir / "qa");
    writeText(dir / "qa" / "CMakeLists.txt", fencedBlockWith("# recipe: ctest"));
    const auto r = runScript(dir.path(), fencedBlockWith("cmake -S qa -B qa/build"));
    EXPECT_NE(r.exitCode, 0) << "three rows fail";
    const std::string xml = readTextFile(dir / "qa" / "build" / "junit.xml");
    EXPECT_EQ(attribute(xml, "tests"), "5") << r.out << r.err << xml;
    EXPECT_EQ(attribute(xml, "failures"), "3");
}

} // namespace
} // namespace voxdiff::test
