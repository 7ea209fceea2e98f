// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "voxdiff/BatchManifest.h"
#include "voxdiff/BatchResult.h"
#include "voxdiff/ComparisonPolicy.h"
#include "voxdiff/LoadOptions.h"

namespace voxdiff::core {

/// How a batch runs.
struct BatchRunOptions {
    /// Pairs compared at the same time (at least 1).
    int jobs = 1;
    /// Bytes the running pairs may reserve together; 0: availableMemoryBytes() when the batch
    /// starts. A pair whose estimate alone exceeds it is not started (TooLarge).
    std::uint64_t memoryBudgetBytes = 0;
    /// When set, each compared pair's full JSON report (the compare report) is written there
    /// as NAME.json, through the safe-output rule.
    std::filesystem::path reportFolder;
    bool overwrite = false;
};

/// One pair's result together with the error behind an Error outcome (to map to a status).
struct BatchPairRun {
    BatchPairResult result;
    std::optional<Error> error;
};

/// Called once per finished row, one call at a time, in the order rows finish. The callee
/// may set result.exitStatus; the final results keep it.
using BatchPairCallback = std::function<void(BatchPairRun& run)>;

/// MemAvailable of /proc/meminfo in bytes; 0 when it cannot be read.
std::uint64_t availableMemoryBytes();

/// The comparison settings of a pair: the core's defaults (those of `compare`) with the row's
/// tolerances, SUV and series applied (seriesUid is the first side's; runBatchPair loads each
/// side with its own series when they differ).
ComparisonSettings batchSettings(const BatchPair& pair);

/// Peak memory of comparing the pair, estimated from headers only (NIfTI header, DICOM
/// listing): both float32 volumes, the stored data being converted and the comparison's own
/// buffers. Errors: those of reading the headers.
Result<std::uint64_t> estimatePairBytes(const BatchPair& pair);

/// Loads both sides, compares them and, when asked, writes the pair's report. Never throws.
BatchPairRun runBatchPair(const BatchPair& pair, const BatchRunOptions& options);

/// Makes options.reportFolder ready (created when absent; a non-empty one is OutputExists
/// unless options.overwrite). Nothing to do without a report folder.
Status prepareBatchReportFolder(const BatchRunOptions& options);

/// Runs every row (bad rows become Error results at once) up to options.jobs at a time, never
/// starting a pair whose estimate does not fit beside the running ones. Returns the results in
/// the order of `rows` (each keeps its row's index: `rows` may be a subset of a manifest).
std::vector<BatchPairResult> runBatch(const std::vector<BatchRow>& rows,
                                      const BatchRunOptions& options,
                                      const BatchPairCallback& onFinished = {});

} // namespace voxdiff::core
