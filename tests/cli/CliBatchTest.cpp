// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli batch and batch-merge, run as processes: JUnit counts, JSON lines that agree
// with single `compare` runs, exit statuses, one job per row and the output-safety rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "CliBatchFixtures.h"
#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/Json.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::Json;

std::vector<Json> readJsonLines(const fs::path& path) {
    std::vector<Json> lines;
    std::istringstream in(readTextFile(path));
    std::string line;
    while (std::getline(in, line)) {
        auto j = Json::parse(line);
        EXPECT_TRUE(j.ok()) << line;
        if (j.ok()) {
            lines.push_back(j.value());
        }
    }
    return lines;
}

/// The JUnit file's structure read by python3's XML parser: suite counts and, per testcase,
/// "name:kind" (kind pass, failure or error, with the element's type attribute).
Json junitStructure(const fs::path& junit) {
    const std::string script = R"(
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == 'testsuites'
suite = root.find('testsuite')
cases = []
for c in suite.findall('testcase'):
    float(c.get('time'))
    f, e = c.find('failure'), c.find('error')
    kind = 'failure:' + f.get('type') if f is not None else ('error:' + e.get('type') if e is not None else 'pass')
    msg = (f if f is not None else e).get('message') if (f is not None or e is not None) else ''
    cases.append({'name': c.get('name'), 'kind': kind, 'message': msg})
print(json.dumps({'tests': int(suite.get('tests')), 'failures': int(suite.get('failures')),
                  'errors': int(suite.get('errors')), 'cases': cases}))
)";
    const auto r = runProcess("/usr/bin/python3", {"-c", script, junit.string()});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    auto j = Json::parse(r.out);
    EXPECT_TRUE(j.ok()) << r.out;
    return j.ok() ? j.value() : Json();
}

const Json& lineNamed(const std::vector<Json>& lines, const std::string& name) {
    for (const auto& l : lines) {
        if (l["name"].asString() == name) {
            return l;
        }
    }
    static const Json kNone;
    ADD_FAILURE() << "no JSON line named " << name;
    return kNone;
}

TEST(CliBatch, MixedManifestGivesJUnitCountsJsonLinesAndExitOne) {
    TempDir dir;
    const auto manifest = writeMixedManifest(dir.path());
    const auto r =
        runCli({"batch", manifest.string(), "--junit", (dir / "junit.xml").string(), "--jsonl",
                (dir / "out.jsonl").string(), "--csv", (dir / "out.csv").string(), "--jobs", "2"});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    const Json junit = junitStructure(dir / "junit.xml");
    EXPECT_EQ(junit["tests"].asNumber(), 5);
    EXPECT_EQ(junit["failures"].asNumber(), 1);
    EXPECT_EQ(junit["errors"].asNumber(), 2);
    std::map<std::string, std::string> kinds;
    for (const auto& c : junit["cases"].asArray()) {
        kinds[c["name"].asString()] = c["kind"].asString();
    }
    EXPECT_EQ(kinds["same"], "pass");
    EXPECT_EQ(kinds["rounding"], "pass");
    EXPECT_EQ(kinds["bumped"], "failure:different");
    EXPECT_EQ(kinds["lonely"], "error:file_not_found");
    EXPECT_EQ(kinds["badtol"], "error:invalid_argument");

    const auto lines = readJsonLines(dir / "out.jsonl");
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0]["name"].asString(), "same") << "rows keep manifest order";
    EXPECT_EQ(lineNamed(lines, "rounding")["verdict"].asString(), "equivalent");
    EXPECT_EQ(lineNamed(lines, "badtol")["line"].asNumber(), 6);
    EXPECT_EQ(lineNamed(lines, "badtol")["exit_status"].asNumber(), 2);
    EXPECT_EQ(lineNamed(lines, "lonely")["exit_status"].asNumber(), 3);
    EXPECT_EQ(lineNamed(lines, "lonely")["error"]["code"].asString(), "file_not_found");

    // One progress line per row on stderr; the summary is the last line of stdout.
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 5) << r.err;
    const auto lastLine = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
    EXPECT_EQ(r.out.rfind("batch: 5 pairs", 0), 0u) << r.out;
    EXPECT_EQ(lastLine, r.out) << "one summary line";
    const std::string csv = readTextFile(dir / "out.csv");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6) << csv;
}

TEST(CliBatch, JsonLinesAgreeWithSingleCompareRuns) {
    TempDir dir;
    const auto manifest = writeMixedManifest(dir.path());
    const auto r =
        runCli({"batch", manifest.string(), "--jsonl", (dir / "out.jsonl").string(), "--quiet"});
    ASSERT_EQ(r.exitCode, 1) << r.err;
    for (const auto& line : readJsonLines(dir / "out.jsonl")) {
        if (line["error"].isObject() && line["error"]["code"].asString() == "invalid_argument") {
            continue; // a bad manifest line has no compare run
        }
        SCOPED_TRACE(line["name"].asString());
        const fs::path report = dir / (line["name"].asString() + ".report.json");
        const auto single = runCli({"compare", line["first"].asString(), line["second"].asString(),
                                    "--json", report.string(), "--quiet"});
        EXPECT_EQ(single.exitCode, line["exit_status"].asNumber());
        if (!line["error"].isNull()) {
            EXPECT_FALSE(fs::exists(report));
            continue;
        }
        auto parsed = Json::parse(readTextFile(report));
        ASSERT_TRUE(parsed.ok());
        const Json& j = parsed.value();
        EXPECT_EQ(line["verdict"].asString(), j["verdict"].asString());
        EXPECT_EQ(line["reason"].asString(), j["reason"].asString());
        EXPECT_EQ(line["verdict_reason"].asString(), j["verdict_reason"].asString());
        EXPECT_EQ(line["max_abs_diff"].asNumber(), j["values"]["max_abs_diff"].asNumber());
        EXPECT_EQ(line["same_grid"].asBool(), j["geometry"]["same_grid"].asBool());
        EXPECT_EQ(line["axis_map"].dump(-1), j["geometry"]["axis_map"].dump(-1));
    }
}

TEST(CliBatch, ReportFolderHoldsTheCompareReportOfEachPair) {
    TempDir dir;
    const auto manifest = writeMixedManifest(dir.path());
    const auto r =
        runCli({"batch", manifest.string(), "--report-dir", (dir / "reports").string(), "--quiet"});
    ASSERT_EQ(r.exitCode, 1) << r.err;
    const auto single =
        runCli({"compare", (dir / "bumped_a.nii").string(), (dir / "bumped_b.nii").string(),
                "--json", (dir / "single.json").string()});
    ASSERT_EQ(single.exitCode, 1);
    EXPECT_EQ(readTextFile(dir / "reports" / "bumped.json"), readTextFile(dir / "single.json"));
    EXPECT_FALSE(fs::exists(dir / "reports" / "lonely.json"));
    const auto again =
        runCli({"batch", manifest.string(), "--report-dir", (dir / "reports").string(), "--quiet"});
    EXPECT_EQ(again.exitCode, 8) << "a non-empty report folder needs --force";
}

TEST(CliBatch, IndexRunsOneRowAndMergeRebuildsTheWholeJUnit) {
    TempDir dir;
    const auto manifest = writeMixedManifest(dir.path());
    const auto whole =
        runCli({"batch", manifest.string(), "--junit", (dir / "whole.xml").string(), "--quiet"});
    ASSERT_EQ(whole.exitCode, 1);
    std::vector<std::string> merge = {"batch-merge"};
    for (int i = 4; i >= 0; --i) {
        const auto part = dir / ("part" + std::to_string(i) + ".jsonl");
        const auto one = runCli({"batch", manifest.string(), "--index", std::to_string(i),
                                 "--jsonl", part.string(), "--quiet"});
        EXPECT_EQ(readJsonLines(part).size(), 1u);
        EXPECT_EQ(one.exitCode, readJsonLines(part).at(0)["exit_status"].asNumber());
        merge.push_back(part.string());
    }
    merge.insert(merge.end(), {"--junit", (dir / "merged.xml").string(), "--suite", "manifest"});
    const auto merged = runCli(merge);
    EXPECT_EQ(merged.exitCode, 1) << merged.err;
    const Json a = junitStructure(dir / "whole.xml");
    const Json b = junitStructure(dir / "merged.xml");
    EXPECT_EQ(a.dump(-1), b.dump(-1));
}

TEST(CliBatch, CountsRowsAndRefusesAnIndexPastTheEnd) {
    TempDir dir;
    const auto manifest = writeMixedManifest(dir.path());
    const auto count = runCli({"batch", manifest.string(), "--count"});
    EXPECT_EQ(count.exitCode, 0);
    EXPECT_EQ(count.out, "5\n");
    EXPECT_EQ(runCli({"batch", manifest.string(), "--index", "5"}).exitCode, 2);
    EXPECT_EQ(runCli({"batch", (dir / "nope.tsv").string()}).exitCode, 3);
    writeText(dir / "bad.tsv", "name\tfirst\tsecnd\n");
    EXPECT_EQ(runCli({"batch", (dir / "bad.tsv").string()}).exitCode, 2);
}

TEST(CliBatch, ExitsZeroWhenEveryPairPassesAndWithTheErrorStatusWhenOneIsUnreadable) {
    TempDir dir;
    std::string m = "name\tfirst\tsecond\n" + writeSmallPair(dir.path(), "a", PairKind::Identical);
    writeText(dir / "ok.tsv", m);
    EXPECT_EQ(runCli({"batch", (dir / "ok.tsv").string()}).exitCode, 0);
    writeText(dir / "err.tsv", m + "b\ta_a.nii\tnothing.nii\n");
    EXPECT_EQ(runCli({"batch", (dir / "err.tsv").string()}).exitCode, 3);
}

TEST(CliBatch, NeverOverwritesWithoutForceNorWritesIntoAnInputFolder) {
    TempDir dir;
    const auto manifest = writeMixedManifest(dir.path());
    writeText(dir / "junit.xml", "keep");
    const auto refused =
        runCli({"batch", manifest.string(), "--junit", (dir / "junit.xml").string()});
    EXPECT_EQ(refused.exitCode, 8);
    EXPECT_EQ(readTextFile(dir / "junit.xml"), "keep");
    EXPECT_EQ(refused.err.find("[1/"), std::string::npos) << "refused before any work";
    const auto forced = runCli({"batch", manifest.string(), "--junit", (dir / "junit.xml").string(),
                                "--force", "--quiet"});
    EXPECT_EQ(forced.exitCode, 1);
    EXPECT_NE(readTextFile(dir / "junit.xml"), "keep");

    fs::create_directories(dir / "series");
    writeText(dir / "folder.tsv", "name\tfirst\tsecond\ns\tseries\tsame_a.nii\n");
    const auto inside = runCli({"batch", (dir / "folder.tsv").string(), "--jsonl",
                                (dir / "series" / "out.jsonl").string()});
    EXPECT_EQ(inside.exitCode, 8);
    EXPECT_FALSE(fs::exists(dir / "series" / "out.jsonl"));
}

TEST(CliBatch, APairThatDoesNotFitTheMemoryBudgetIsNotStarted) {
    TempDir dir;
    std::vector<float> big(64 * 64 * 64, 1.0f);
    for (const char* f : {"big_a.nii", "big_b.nii"}) {
        writeNifti(dir / f, {64, 64, 64}, DT_FLOAT32, bytesOf(big));
    }
    writeText(dir / "m.tsv", "name\tfirst\tsecond\nbig\tbig_a.nii\tbig_b.nii\n");
    const auto r = runCli({"batch", (dir / "m.tsv").string(), "--max-memory", "1", "--jsonl",
                           (dir / "out.jsonl").string()});
    EXPECT_EQ(r.exitCode, 6) << r.err;
    const auto lines = readJsonLines(dir / "out.jsonl");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["error"]["code"].asString(), "too_large");
    EXPECT_GT(lines[0]["estimated_bytes"].asNumber(), 2.0 * 64 * 64 * 64 * 4);
}

} // namespace
} // namespace voxdiff::test
