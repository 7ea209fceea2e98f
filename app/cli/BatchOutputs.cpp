// SPDX-License-Identifier: BSD-3-Clause
#include "BatchOutputs.h"

#include <iostream>

#include "ExitCodes.h"
#include "SettingsArgs.h"
#include "voxdiff/ComparisonRun.h"

namespace voxdiff::cli {

namespace {

constexpr const char* kOutputOptions[] = {"jsonl", "junit", "csv"};

std::string outputText(const std::string& option, const std::vector<core::BatchPairResult>& results,
                       const std::string& suiteName) {
    if (option == "jsonl") {
        return core::batchJsonLines(results);
    }
    if (option == "junit") {
        return core::batchJUnitXml(results, suiteName);
    }
    return core::batchCsv(results);
}

} // namespace

int pairExitStatus(const core::BatchPairRun& run) {
    switch (run.result.outcome) {
    case core::PairOutcome::Pass:
        return kExitOk;
    case core::PairOutcome::Fail:
        return kExitDifferent;
    case core::PairOutcome::Error:
        break;
    }
    return run.error ? exitCodeFor(run.error->code) : kExitInternal;
}

int batchExitStatus(const std::vector<core::BatchPairResult>& results) {
    std::optional<int> firstError;
    for (const auto& r : results) {
        if (r.outcome == core::PairOutcome::Fail) {
            return kExitDifferent;
        }
        if (r.outcome == core::PairOutcome::Error && !firstError) {
            firstError = r.exitStatus;
        }
    }
    return firstError.value_or(kExitOk);
}

std::optional<int> checkBatchOutputs(const Args& args,
                                     const std::vector<std::filesystem::path>& inputs) {
    for (const char* option : kOutputOptions) {
        if (auto path = args.value(option)) {
            if (auto st = core::checkOutputPath(*path, args.has("force"), inputs); !st) {
                return failWithHint("voxdiff-cli", st.error());
            }
        }
    }
    return std::nullopt;
}

std::optional<int> writeBatchOutputs(const Args& args,
                                     const std::vector<core::BatchPairResult>& results,
                                     const std::string& suiteName,
                                     const std::vector<std::filesystem::path>& inputs) {
    for (const char* option : kOutputOptions) {
        const auto path = args.value(option);
        if (!path) {
            continue;
        }
        const std::string text = outputText(option, results, suiteName);
        if (auto st = core::writeOutput(*path, text, args.has("force"), inputs); !st) {
            return failWithHint("voxdiff-cli", st.error());
        }
    }
    return std::nullopt;
}

std::string batchSummaryLine(const std::vector<core::BatchPairResult>& results, int exitStatus) {
    const core::BatchSummary s = core::summarizeBatch(results);
    std::string line = "batch: " + std::to_string(s.total) + " pairs, " + std::to_string(s.passed) +
                       " passed, " + std::to_string(s.failed) + " failed, " +
                       std::to_string(s.errors) + " not compared";
    std::string detail;
    for (const auto& [verdict, count] : s.byVerdict) {
        detail += (detail.empty() ? "" : ", ") + verdict + " " + std::to_string(count);
    }
    if (!detail.empty()) {
        line += " (" + detail + ")";
    }
    return line + "; exit status " + std::to_string(exitStatus);
}

} // namespace voxdiff::cli
