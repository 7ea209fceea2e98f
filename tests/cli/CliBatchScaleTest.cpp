// SPDX-License-Identifier: BSD-3-Clause
// A manifest of 1,000 small pairs: exact JUnit counts, bounded memory, and the per-pair
// overhead of the batch beyond the comparison itself (measured and printed, never asserted).
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <chrono>
#include <sstream>

#include "CliBatchFixtures.h"
#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

/// Row i: every 10th differs, every 100th (offset 7) has a missing second file.
fs::path writeManifest(const fs::path& dir, int pairs) {
    std::string m = "name\tfirst\tsecond\n";
    for (int i = 0; i < pairs; ++i) {
        const std::string name = "p" + std::to_string(i);
        if (i % 100 == 7) {
            m += name + "\tp0_a.nii\tmissing.nii\n";
            continue;
        }
        m += writeSmallPair(dir, name, i % 10 == 3 ? PairKind::Different : PairKind::Identical, i);
    }
    const fs::path path = dir / ("manifest" + std::to_string(pairs) + ".tsv");
    writeText(path, m);
    return path;
}

/// The largest resident set of any child reaped so far, in KiB.
long childrenMaxRssKib() {
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

std::string attribute(const std::string& xml, const std::string& name) {
    const auto at = xml.find(" " + name + "=\"");
    const auto start = at + name.size() + 3;
    return at == std::string::npos ? "" : xml.substr(start, xml.find('"', start) - start);
}

TEST(CliBatchScale, ThousandPairsGiveExactJUnitCountsWithBoundedMemory) {
    TempDir dir;
    const auto small = writeManifest(dir.path(), 100);
    const auto r100 = runCli({"batch", small.string(), "--quiet"});
    ASSERT_EQ(r100.exitCode, 1) << r100.err;
    const long rss100 = childrenMaxRssKib();

    const auto manifest = writeManifest(dir.path(), 1000);
    const auto start = std::chrono::steady_clock::now();
    const auto r = runCli({"batch", manifest.string(), "--junit", (dir / "junit.xml").string(),
                           "--jsonl", (dir / "out.jsonl").string()});
    const double wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(r.exitCode, 1) << r.err.substr(0, 2000);
    const long rss1000 = childrenMaxRssKib();

    const std::string junit = readTextFile(dir / "junit.xml");
    EXPECT_EQ(attribute(junit, "tests"), "1000");
    EXPECT_EQ(attribute(junit, "failures"), "100");
    EXPECT_EQ(attribute(junit, "errors"), "10");
    std::size_t cases = 0;
    for (auto at = junit.find("<testcase "); at != std::string::npos;
         at = junit.find("<testcase ", at + 1)) {
        ++cases;
    }
    EXPECT_EQ(cases, 1000u);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1000);
    // Ten times the pairs may not need much more memory: results are small, volumes freed.
    EXPECT_LT(rss1000, rss100 + 20 * 1024)
        << "100 pairs: " << rss100 << " KiB, 1000 pairs: " << rss1000 << " KiB";

    double pairSeconds = 0.0;
    std::istringstream lines(readTextFile(dir / "out.jsonl"));
    for (std::string line; std::getline(lines, line);) {
        auto j = Json::parse(line);
        ASSERT_TRUE(j.ok());
        pairSeconds += j.value()["seconds"].asNumber();
    }
    const double overheadMs = 1000.0 * (wallSeconds - pairSeconds) / 1000.0;
    std::cout << "batch of 1000 pairs: wall " << wallSeconds << " s, load+compare " << pairSeconds
              << " s, overhead per pair " << overheadMs
              << " ms (process start, manifest, header estimate, scheduling, outputs); peak RSS "
              << rss1000 << " KiB\n";
    RecordProperty("overhead_ms_per_pair", std::to_string(overheadMs));
    RecordProperty("peak_rss_kib", std::to_string(rss1000));
}

} // namespace
} // namespace voxdiff::test
