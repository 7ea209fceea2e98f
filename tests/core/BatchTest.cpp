// SPDX-License-Identifier: BSD-3-Clause
// Batch QA in core: manifest rows, the verdict-to-outcome rule, JSON lines round trip, JUnit
// counts and the memory gate (a pair that cannot fit is never started).
#include <gtest/gtest.h>

#include "NiftiWriter.h"
#include "TestData.h"
#include "voxdiff/BatchManifest.h"
#include "voxdiff/BatchResult.h"
#include "voxdiff/BatchRunner.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using namespace core;

const fs::path kManifest = "/study/qa/manifest.tsv";

TEST(BatchManifest, ResolvesRelativePathsAgainstTheManifestFolderAndReadsOptionalColumns) {
    const auto m = parseBatchManifestText("# nightly\n"
                                          "second\tname\tfirst\ttolerance\tsuv\tseries_first\n"
                                          "\n"
                                          "b.nii\tp1\t/abs/a.nii\t0.5\tyes\t1.2.3\n"
                                          "dicom/x\tp2\thttps://pacs/study/1\t\t\t\n",
                                          kManifest);
    ASSERT_TRUE(m.ok()) << m.error().describe();
    ASSERT_EQ(m->rows.size(), 2u);
    const BatchRow& r0 = m->rows[0];
    ASSERT_TRUE(r0.pair);
    EXPECT_EQ(r0.index, 0u);
    EXPECT_EQ(r0.lineNumber, 4);
    EXPECT_EQ(r0.pair->first, fs::path("/abs/a.nii"));
    EXPECT_EQ(r0.pair->second, fs::path("/study/qa/b.nii"));
    EXPECT_EQ(r0.pair->absTolerance, 0.5);
    EXPECT_FALSE(r0.pair->relTolerance);
    EXPECT_TRUE(r0.pair->suv);
    EXPECT_EQ(r0.pair->seriesFirst, "1.2.3");
    ASSERT_TRUE(m->rows[1].pair);
    EXPECT_EQ(m->rows[1].pair->first, fs::path("https://pacs/study/1"));
    EXPECT_EQ(m->rows[1].pair->second, fs::path("/study/qa/dicom/x"));
    EXPECT_FALSE(m->rows[1].pair->suv);
}

TEST(BatchManifest, ABadLineIsARowWithItsLineNumberAndTheOthersStay) {
    const auto m = parseBatchManifestText("name\tfirst\tsecond\trel_tolerance\n"
                                          "a\tx.nii\ty.nii\n"
                                          "b\tx.nii\t\n"
                                          "c\tx.nii\ty.nii\tlots\n"
                                          "a\tx.nii\ty.nii\n"
                                          "d\tx.nii\ty.nii\t0\textra\n"
                                          "e\tx.nii\ty.nii\n",
                                          kManifest);
    ASSERT_TRUE(m.ok());
    ASSERT_EQ(m->rows.size(), 6u);
    EXPECT_TRUE(m->rows[0].pair);
    for (std::size_t i = 1; i <= 4; ++i) {
        SCOPED_TRACE(i);
        ASSERT_TRUE(m->rows[i].problem);
        EXPECT_EQ(m->rows[i].problem->code, ErrorCode::InvalidArgument);
        EXPECT_NE(m->rows[i].problem->message.find(std::to_string(i + 2)), std::string::npos);
        EXPECT_EQ(m->rows[i].lineNumber, static_cast<int>(i + 2));
    }
    EXPECT_EQ(m->rows[2].displayName(), "c");
    EXPECT_TRUE(m->rows[5].pair);
}

TEST(BatchManifest, AnUnknownOrMissingHeaderColumnStopsTheManifest) {
    EXPECT_EQ(parseBatchManifestText("name\tfirst\tsecnd\n", kManifest).error().code,
              ErrorCode::InvalidArgument);
    EXPECT_EQ(parseBatchManifestText("name\tfirst\tsecond\tcolour\n", kManifest).error().code,
              ErrorCode::InvalidArgument);
    EXPECT_EQ(parseBatchManifestText("", kManifest).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(parseBatchManifest("/nonexistent/manifest.tsv").error().code,
              ErrorCode::FileNotFound);
}

TEST(BatchOutcome, RescaledAndDifferentFailAndTheOthersPass) {
    EXPECT_EQ(outcomeOfVerdict(Verdict::Rescaled), PairOutcome::Fail);
    EXPECT_EQ(outcomeOfVerdict(Verdict::Identical), PairOutcome::Pass);
    EXPECT_EQ(outcomeOfVerdict(Verdict::Equivalent), PairOutcome::Pass);
    EXPECT_EQ(outcomeOfVerdict(Verdict::Different), PairOutcome::Fail);
}

std::vector<BatchPairResult> sampleResults() {
    BatchPairResult pass;
    pass.name = "p<&>";
    pass.outcome = PairOutcome::Pass;
    pass.verdict = "identical";
    pass.sameGrid = true;
    pass.axisMap = std::array<AxisMapEntry, 3>{{{0, false, 0}, {1, false, 0}, {2, true, 7}}};
    pass.seconds = 0.25;
    BatchPairResult fail = pass;
    fail.name = "f";
    fail.index = 1;
    fail.outcome = PairOutcome::Fail;
    fail.verdict = "different";
    fail.verdictReason = "values \"differ\"\nby 3";
    fail.maxAbsDiff = 3.0;
    fail.exitStatus = 1;
    BatchPairResult error;
    error.name = "e";
    error.index = 2;
    error.errorCode = "file_not_found";
    error.errorMessage = "/x: does not exist";
    error.exitStatus = 3;
    return {pass, fail, error};
}

TEST(BatchResult, JsonLinesRoundTrip) {
    const auto results = sampleResults();
    const auto back = parseBatchJsonLines(batchJsonLines(results));
    ASSERT_TRUE(back.ok()) << back.error().describe();
    ASSERT_EQ(back->size(), 3u);
    EXPECT_EQ(batchJsonLines(back.value()), batchJsonLines(results));
    EXPECT_EQ(back.value()[2].outcome, PairOutcome::Error);
    EXPECT_EQ(back.value()[0].axisMap.value()[2].offset, 7);
    EXPECT_EQ(parseBatchJsonLines("{\"name\":\"x\"}\n").error().code, ErrorCode::InvalidArgument);
}

TEST(BatchResult, JUnitCountsFailuresAndErrorsAndEscapesText) {
    const std::string xml = batchJUnitXml(sampleResults(), "nightly");
    EXPECT_NE(xml.find("<testsuite name=\"nightly\" tests=\"3\" failures=\"1\" errors=\"1\""),
              std::string::npos)
        << xml;
    EXPECT_NE(xml.find("name=\"p&lt;&amp;&gt;\""), std::string::npos);
    EXPECT_NE(xml.find("message=\"values &quot;differ&quot;&#10;by 3\" type=\"different\""),
              std::string::npos);
    EXPECT_NE(xml.find("<error message=\"/x: does not exist\" type=\"file_not_found\""),
              std::string::npos);
    const BatchSummary s = summarizeBatch(sampleResults());
    EXPECT_EQ(s.passed + s.failed + s.errors, 3u);
}

TEST(BatchRunner, APairThatCannotFitIsNotStartedAndBadRowsAreErrors) {
    TempDir dir;
    std::vector<float> v(32 * 32 * 32, 1.0f);
    writeNifti(dir / "a.nii", {32, 32, 32}, DT_FLOAT32, bytesOf(v));
    auto m = parseBatchManifestText("name\tfirst\tsecond\nbig\ta.nii\ta.nii\nbad\ta.nii\n",
                                    dir / "m.tsv");
    ASSERT_TRUE(m.ok());
    const auto estimate = estimatePairBytes(*m->rows[0].pair);
    ASSERT_TRUE(estimate.ok());
    EXPECT_GE(estimate.value(), 2u * 32 * 32 * 32 * 8);

    BatchRunOptions tight;
    tight.memoryBudgetBytes = estimate.value() - 1;
    tight.jobs = 2;
    int calls = 0;
    const auto results = runBatch(m->rows, tight, [&](BatchPairRun& run) {
        ++calls;
        EXPECT_TRUE(run.error);
    });
    EXPECT_EQ(calls, 2);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].errorCode, "too_large");
    EXPECT_EQ(results[1].errorCode, "invalid_argument");

    BatchRunOptions roomy;
    roomy.memoryBudgetBytes = estimate.value();
    const auto fits = runBatch({m->rows[0]}, roomy);
    ASSERT_EQ(fits.size(), 1u);
    EXPECT_EQ(fits[0].verdict, "identical");
    EXPECT_EQ(fits[0].estimatedBytes, estimate.value());
}

TEST(BatchRunner, ACredentialInAUrlCellIsInNoOutput) {
    // The URL is refused (credentials belong in the environment), and the outputs that
    // repeat the cell (JSON lines, CSV, JUnit) carry it without its user information.
    TempDir dir;
    std::vector<float> v(4 * 4 * 4, 1.0f);
    writeNifti(dir / "a.nii", {4, 4, 4}, DT_FLOAT32, bytesOf(v));
    auto m = parseBatchManifestText(
        "name\tfirst\tsecond\n"
        "pacs\ta.nii\thttps://alice:Pa55/w@rd@pacs.example/dicom-web/studies/1.2/series/1.2.3\n",
        dir / "m.tsv");
    ASSERT_TRUE(m.ok());
    const auto results = runBatch(m->rows, BatchRunOptions{});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].errorCode, "invalid_argument");
    EXPECT_EQ(results[0].second, "https://...@pacs.example/dicom-web/studies/1.2/series/1.2.3");
    for (const std::string& out :
         {batchJsonLines(results), batchCsv(results), batchJUnitXml(results, "nightly")}) {
        EXPECT_EQ(out.find("Pa55"), std::string::npos) << out;
        EXPECT_EQ(out.find("alice"), std::string::npos) << out;
        EXPECT_NE(out.find("pacs.example"), std::string::npos) << out;
    }
}

} // namespace
} // namespace voxdiff::test
