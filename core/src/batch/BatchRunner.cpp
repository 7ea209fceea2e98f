// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/BatchRunner.h"
#include "voxdiff/DicomWeb.h"

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "../TextFormat.h"
#include "../io/SafeOutput.h"

namespace voxdiff::core {

namespace {

/// Reserved for a pair whose headers could not be read (its load will report why).
constexpr std::uint64_t kUnknownPairBytes = std::uint64_t{16} << 20;

BatchPairRun errorRun(const BatchRow& row, Error error) {
    BatchPairRun run;
    run.result.name = row.displayName();
    if (row.pair) {
        run.result.first = inputAsShown(row.pair->first.string());
        run.result.second = inputAsShown(row.pair->second.string());
    }
    run.result.outcome = PairOutcome::Error;
    run.result.errorCode = std::string(errorCodeName(error.code));
    run.result.errorMessage = error.describe();
    run.error = std::move(error);
    return run;
}

/// Admits pairs so that the running ones never reserve more than the budget together.
class MemoryGate {
  public:
    explicit MemoryGate(std::uint64_t budgetBytes) : m_budgetBytes(budgetBytes) {}

    std::uint64_t budgetBytes() const { return m_budgetBytes; }

    /// Blocks until `bytes` fit beside the running pairs, or nothing else runs.
    void enter(std::uint64_t bytes) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_running == 0 || m_reserved + bytes <= m_budgetBytes; });
        ++m_running;
        m_reserved += bytes;
    }

    void leave(std::uint64_t bytes) {
        {
            std::lock_guard lock(m_mutex);
            --m_running;
            m_reserved -= bytes;
        }
        m_changed.notify_all();
    }

  private:
    std::uint64_t m_budgetBytes;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_running = 0;
    std::uint64_t m_reserved = 0;
};

class BatchExecution {
  public:
    BatchExecution(const std::vector<BatchRow>& rows, const BatchRunOptions& options,
                   const BatchPairCallback& onFinished, std::uint64_t budgetBytes)
        : m_rows(rows), m_options(options), m_onFinished(onFinished), m_gate(budgetBytes),
          m_results(rows.size()) {}

    void work() {
        while (auto i = claimRow()) {
            BatchPairRun run;
            try {
                run = runRow(m_rows[*i]);
            } catch (const std::exception& e) {
                run = errorRun(m_rows[*i], makeError(ErrorCode::Internal, e.what()));
            }
            finish(*i, run);
        }
    }

    std::vector<BatchPairResult> takeResults() { return std::move(m_results); }

  private:
    std::optional<std::size_t> claimRow() {
        std::lock_guard lock(m_claimMutex);
        if (m_next >= m_rows.size()) {
            return std::nullopt;
        }
        return m_next++;
    }

    BatchPairRun runRow(const BatchRow& row) {
        if (row.problem || !row.pair) {
            return errorRun(row, row.problem.value_or(makeError(ErrorCode::Internal, "empty row")));
        }
        const auto estimate = estimatePairBytes(*row.pair);
        const std::uint64_t bytes = estimate ? estimate.value() : kUnknownPairBytes;
        if (bytes > m_gate.budgetBytes()) {
            auto run =
                errorRun(row, makeError(ErrorCode::TooLarge,
                                        "comparing this pair needs about " + formatBytes(bytes) +
                                            " of memory; " + formatBytes(m_gate.budgetBytes()) +
                                            " is available to the batch",
                                        row.pair->first));
            run.result.estimatedBytes = bytes;
            return run;
        }
        m_gate.enter(bytes);
        BatchPairRun run = runBatchPair(*row.pair, m_options);
        m_gate.leave(bytes);
        run.result.estimatedBytes = bytes;
        return run;
    }

    void finish(std::size_t i, BatchPairRun& run) {
        run.result.index = m_rows[i].index;
        run.result.lineNumber = m_rows[i].lineNumber;
        std::lock_guard lock(m_finishMutex);
        if (m_onFinished) {
            m_onFinished(run);
        }
        m_results[i] = std::move(run.result);
    }

    const std::vector<BatchRow>& m_rows;
    const BatchRunOptions& m_options;
    const BatchPairCallback& m_onFinished;
    MemoryGate m_gate;
    std::mutex m_claimMutex;
    std::mutex m_finishMutex;
    std::size_t m_next = 0;
    std::vector<BatchPairResult> m_results;
};

} // namespace

std::uint64_t availableMemoryBytes() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string rest;
    while (in >> key >> kib) {
        std::getline(in, rest);
        if (key == "MemAvailable:") {
            return kib * 1024;
        }
    }
    return 0;
}

Status prepareBatchReportFolder(const BatchRunOptions& options) {
    if (options.reportFolder.empty()) {
        return Ok{};
    }
    return prepareOutputFolder(options.reportFolder, options.overwrite);
}

std::vector<BatchPairResult> runBatch(const std::vector<BatchRow>& rows,
                                      const BatchRunOptions& options,
                                      const BatchPairCallback& onFinished) {
    std::uint64_t budget = options.memoryBudgetBytes;
    if (budget == 0) {
        budget = availableMemoryBytes();
    }
    if (budget == 0) {
        budget = defaultMaxVolumeBytes();
    }
    BatchExecution execution(rows, options, onFinished, budget);
    const std::size_t workers =
        std::min<std::size_t>(static_cast<std::size_t>(std::max(1, options.jobs)), rows.size());
    if (workers <= 1) {
        execution.work();
    } else {
        std::vector<std::jthread> threads;
        for (std::size_t t = 0; t < workers; ++t) {
            threads.emplace_back([&execution] { execution.work(); });
        }
    }
    return execution.takeResults();
}

} // namespace voxdiff::core
