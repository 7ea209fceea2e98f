// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "Args.h"
#include "voxdiff/BatchRunner.h"

namespace voxdiff::cli {

/// The status `compare` would exit with for this pair (docs/exit-codes.md).
int pairExitStatus(const core::BatchPairRun& run);

/// A batch's exit status: 1 when any pair differs; else the status of the first pair (in
/// manifest order) that could not be compared; else 0.
int batchExitStatus(const std::vector<core::BatchPairResult>& results);

/// Refuses outputs (--junit, --jsonl, --csv) that exist (without --force) or lie in an input
/// folder, before any work. Returns the exit status of the failure, if any.
std::optional<int> checkBatchOutputs(const Args& args,
                                     const std::vector<std::filesystem::path>& inputs);

/// Writes --jsonl, --junit and --csv. Returns the exit status of a failed write, if any.
std::optional<int> writeBatchOutputs(const Args& args,
                                     const std::vector<core::BatchPairResult>& results,
                                     const std::string& suiteName,
                                     const std::vector<std::filesystem::path>& inputs);

/// The one-line summary printed last: counts by outcome and verdict, and the exit status.
std::string batchSummaryLine(const std::vector<core::BatchPairResult>& results, int exitStatus);

} // namespace voxdiff::cli
