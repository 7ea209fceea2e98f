// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "voxdiff/Comparison.h"
#include "voxdiff/Json.h"
#include "voxdiff/Result.h"

namespace voxdiff::core {

/// How a pair counts in a batch: it passes (same image), fails (the images differ) or could
/// not be compared (an unreadable input, a bad manifest line).
enum class PairOutcome { Pass, Fail, Error };
const char* pairOutcomeName(PairOutcome outcome);

/// The one rule from verdict to outcome, used by every batch output (JUnit, JSON lines, CSV,
/// the exit status).
PairOutcome outcomeOfVerdict(Verdict verdict);

/// What a batch learned about one manifest row. Plain data: it is written as one JSON line
/// and read back by the merge of per-job outputs.
struct BatchPairResult {
    std::size_t index = 0; ///< 0-based data row of the manifest
    int lineNumber = 0;    ///< 1-based manifest line
    std::string name;
    std::string first; ///< input paths as resolved against the manifest's folder
    std::string second;
    PairOutcome outcome = PairOutcome::Error;
    std::string verdict; ///< stable verdict code ("identical", ...); empty on error
    std::string reason;  ///< stable code of the verdict's cause (verdictReasonCode)
    std::string verdictReason;
    double maxAbsDiff = 0.0; ///< in the images' value units
    bool sameGrid = false;
    std::optional<std::array<AxisMapEntry, 3>> axisMap; ///< when the lattices match
    std::string errorCode;                              ///< errorCodeName, empty unless Error
    std::string errorMessage;                           ///< Error::describe()
    int exitStatus = 0; ///< what `compare` exits with for this pair (set by the caller)
    double seconds = 0.0;
    std::uint64_t estimatedBytes = 0; ///< memory reserved for the pair before it started
};

/// Counts of a batch by outcome and by verdict.
struct BatchSummary {
    std::size_t total = 0;
    std::size_t passed = 0;
    std::size_t failed = 0;
    std::size_t errors = 0;
    std::vector<std::pair<std::string, std::size_t>> byVerdict; ///< in order of appearance
    double seconds = 0.0;                                       ///< sum over pairs
};
BatchSummary summarizeBatch(const std::vector<BatchPairResult>& results);

/// Reads back one pair's JSON object (toJson in ModelJson.h; keys in docs/batch.md).
/// InvalidArgument when a required key is missing.
Result<BatchPairResult> batchPairFromJson(const Json& json);

/// JSON lines text: one compact object per line, in the given order.
std::string batchJsonLines(const std::vector<BatchPairResult>& results);
/// Parses JSON lines text (blank lines skipped). InvalidArgument names the bad line.
Result<std::vector<BatchPairResult>> parseBatchJsonLines(const std::string& text);
/// Reads and parses a JSON lines file. Errors: FileNotFound, PermissionDenied, ReadFailed;
/// InvalidArgument (naming the line) for content that is not batch results.
Result<std::vector<BatchPairResult>> readBatchJsonLines(const std::filesystem::path& path);

/// JUnit XML: one testsuite named `suiteName`, one testcase per pair; `failure` for a Fail,
/// `error` for an Error, the verdict reason (or error message) as message, time in seconds.
std::string batchJUnitXml(const std::vector<BatchPairResult>& results,
                          const std::string& suiteName);

/// CSV with a header row: name, outcome, verdict, max_abs_diff, same_grid, exit_status,
/// error_code, seconds, line, first, second.
std::string batchCsv(const std::vector<BatchPairResult>& results);

} // namespace voxdiff::core
