// SPDX-License-Identifier: BSD-3-Clause
// Replays every committed fuzzing finding (tests/fuzz/regressions/<harness>/) through the
// reader its harness drives, in a child process, and checks the verdict listed for it in
// tests/fuzz/regressions/expected.tsv (error code and structure rule, or "ok") and, in
// builds without AddressSanitizer, the child's peak resident memory.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "../fuzz/FuzzInput.h"
#include "../fuzz/MultipartInput.h"
#include "TestData.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/NiftiReader.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

/// Any hostile file is refused within this much memory (docs/robustness.md).
constexpr long kPeakRssLimitKiB = 100 * 1024;

struct Regression {
    std::string name;     ///< harness/file
    std::string expected; ///< an errorCodeName, or "ok"
    std::string rule;     ///< the structure rule in the error's context, or "-"
};

void PrintTo(const Regression& r, std::ostream* os) {
    *os << r.name;
}

fs::path regressionDir() {
    return fs::path(VOXDIFF_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
}

std::vector<Regression> regressions() {
    std::vector<Regression> out;
    std::ifstream in(regressionDir() / "expected.tsv");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        Regression r;
        fields >> r.name >> r.expected >> r.rule;
        out.push_back(r);
    }
    return out;
}

/// Loads the input as its harness does; returns "ok" or "code rule-context".
std::string verdictOf(const std::string& harness, const fs::path& input) {
    const std::string bytes = readTextFile(input);
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    TempDir dir;
    core::LoadOptions options;
    options.maxVolumeBytes = fuzz::kFuzzMaxVolumeBytes;
    std::optional<core::Error> error;
    if (harness == "FuzzNifti") {
        fuzz::writeFile(dir / "input.nii", data, bytes.size());
        auto v = core::readNifti(dir / "input.nii", options);
        error = v.ok() ? std::nullopt : std::optional<core::Error>(v.error());
    } else if (harness == "FuzzMultipart") {
        const auto in = fuzz::decodeMultipartInput(data, bytes.size());
        const auto parsed = in ? fuzz::parseMultipart(in->boundary, in->stream, in->chunk)
                               : fuzz::MultipartOutcome{};
        error =
            parsed.status.ok() ? std::nullopt : std::optional<core::Error>(parsed.status.error());
    } else if (harness == "FuzzDicomSeries") {
        fuzz::writeSeriesFiles(dir.path(), data, bytes.size());
        auto v = core::loadDicom(dir.path(), options);
        error = v.ok() ? std::nullopt : std::optional<core::Error>(v.error());
    } else {
        fuzz::writeFile(dir / "input.dcm", data, bytes.size());
        auto v = core::loadDicom(dir / "input.dcm", options);
        error = v.ok() ? std::nullopt : std::optional<core::Error>(v.error());
    }
    if (!error) {
        return "ok";
    }
    return std::string(core::errorCodeName(error->code)) + " " + error->context;
}

struct ChildOutcome {
    std::string verdict;
    long peakRssKiB = 0;
    int status = 0;
};

/// Runs verdictOf in a forked child: its peak RSS is then the load's alone (plus the test
/// binary it inherits), and a crash fails this test instead of ending the suite.
ChildOutcome inChild(const std::string& harness, const fs::path& input) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        const std::string verdict = verdictOf(harness, input);
        (void)!::write(fds[1], verdict.data(), verdict.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    ChildOutcome out;
    char buf[512];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) {
        out.verdict.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    rusage usage{};
    ::wait4(pid, &out.status, 0, &usage);
    out.peakRssKiB = usage.ru_maxrss;
    return out;
}

class FuzzRegression : public ::testing::TestWithParam<Regression> {};

TEST_P(FuzzRegression, IsRefusedWithItsCodeWithinTheMemoryBound) {
    const Regression& r = GetParam();
    const fs::path input = regressionDir() / r.name;
    ASSERT_TRUE(fs::exists(input)) << input;
    const std::string harness = r.name.substr(0, r.name.find('/'));
    const ChildOutcome out = inChild(harness, input);
    ASSERT_TRUE(WIFEXITED(out.status) && WEXITSTATUS(out.status) == 0)
        << r.name << ": the load crashed (status " << out.status << ")";
    std::istringstream verdict(out.verdict);
    std::string code, context;
    verdict >> code;
    std::getline(verdict, context);
    EXPECT_EQ(code, r.expected) << r.name << ": " << out.verdict;
    if (r.rule != "-") {
        EXPECT_NE(context.find("structure rule " + r.rule), std::string::npos)
            << r.name << ": " << out.verdict;
    }
#if !defined(__SANITIZE_ADDRESS__)
    EXPECT_LT(out.peakRssKiB, kPeakRssLimitKiB) << r.name;
#endif
}

INSTANTIATE_TEST_SUITE_P(Committed, FuzzRegression, ::testing::ValuesIn(regressions()),
                         [](const ::testing::TestParamInfo<Regression>& param) {
                             return testNameOf(param.param.name);
                         });

TEST(FuzzRegressionCorpus, ListsEveryCommittedFile) {
    std::set<std::string> listed;
    for (const Regression& r : regressions()) {
        listed.insert(r.name);
    }
    for (const auto& entry : fs::recursive_directory_iterator(regressionDir())) {
        if (entry.is_regular_file() && entry.path().filename() != "expected.tsv" &&
            entry.path().filename() != "README.md") {
            const std::string name = fs::relative(entry.path(), regressionDir()).string();
            EXPECT_TRUE(listed.count(name) == 1) << name << " is missing from expected.tsv";
        }
    }
}

} // namespace
} // namespace voxdiff::test
