// SPDX-License-Identifier: BSD-3-Clause
#include <iostream>

#include "Args.h"
#include "BatchOutputs.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "SettingsArgs.h"
#include "voxdiff/ComparisonRun.h"

namespace voxdiff::cli {

namespace {

constexpr const char* kUsage =
    "usage: voxdiff-cli batch MANIFEST [--junit FILE] [--jsonl FILE] [--csv FILE]\n"
    "                         [--report-dir DIR] [--jobs N] [--index I] [--max-memory MB]\n"
    "                         [--count] [--force] [--quiet]\n"
    "MANIFEST: tab-separated, header row with name, first, second [, tolerance, rel_tolerance,\n"
    "suv, series_first, series_second]; see docs/batch.md.\n";

int usageError(const std::string& message) {
    std::cerr << "voxdiff-cli batch: " << message << "\n" << kUsage;
    return kExitUsage;
}

/// Every input path of the usable rows (outputs never go into an input folder).
std::vector<std::filesystem::path> inputsOf(const std::vector<core::BatchRow>& rows) {
    std::vector<std::filesystem::path> inputs;
    for (const auto& row : rows) {
        if (row.pair) {
            inputs.push_back(row.pair->first);
            inputs.push_back(row.pair->second);
        }
    }
    return inputs;
}

struct BatchSettings {
    core::BatchRunOptions run;
    std::optional<std::size_t> index;
};

std::optional<std::string> parseSettings(const Args& args, BatchSettings& s) {
    if (auto v = args.value("jobs")) {
        const auto n = parseInt(*v);
        if (!n || *n < 1 || *n > 1024) {
            return "--jobs takes a number from 1 to 1024";
        }
        s.run.jobs = static_cast<int>(*n);
    }
    if (auto v = args.value("index")) {
        const auto n = parseInt(*v);
        if (!n || *n < 0) {
            return "--index takes a row number (0, 1, ...; the header is not a row)";
        }
        s.index = static_cast<std::size_t>(*n);
    }
    if (auto v = args.value("max-memory")) {
        const auto mb = parseInt(*v);
        if (!mb || *mb < 1) {
            return "--max-memory takes a number of megabytes (1 or more)";
        }
        s.run.memoryBudgetBytes = static_cast<std::uint64_t>(*mb) << 20;
    }
    if (auto v = args.value("report-dir")) {
        s.run.reportFolder = *v;
    }
    s.run.overwrite = args.has("force");
    return std::nullopt;
}

/// --report-dir: not inside an input folder, created when absent, refused when not empty.
std::optional<int> prepareReportFolder(const core::BatchRunOptions& run,
                                       const std::vector<std::filesystem::path>& inputs) {
    if (run.reportFolder.empty()) {
        return std::nullopt;
    }
    auto st = core::checkOutputPath(run.reportFolder, true, inputs);
    if (st) {
        st = core::prepareBatchReportFolder(run);
    }
    if (!st) {
        return failWithHint("voxdiff-cli", st.error());
    }
    return std::nullopt;
}

void printProgress(const core::BatchPairRun& run, std::size_t done, std::size_t total) {
    const core::BatchPairResult& r = run.result;
    std::cerr << "[" << done << "/" << total << "] " << r.name << ": ";
    if (r.outcome == core::PairOutcome::Error) {
        std::cerr << "error: " << r.errorMessage;
    } else {
        std::cerr << r.verdict;
    }
    std::cerr << " (" << static_cast<long long>(r.seconds * 1000.0 + 0.5) << " ms)\n";
}

} // namespace

int runBatch(int argc, char** argv) {
    Args args(argc, argv, 2, {"junit", "jsonl", "csv", "report-dir", "jobs", "index", "max-memory"},
              {"force", "quiet", "count"});
    if (!args.error().empty()) {
        return usageError(args.error());
    }
    if (args.positional().size() != 1) {
        return usageError("expects one MANIFEST");
    }
    BatchSettings settings;
    if (auto problem = parseSettings(args, settings)) {
        return usageError(*problem);
    }
    auto manifest = core::parseBatchManifest(args.positional()[0]);
    if (!manifest) {
        std::cerr << "voxdiff-cli: error: " << manifest.error().describe() << "\n";
        return exitCodeFor(manifest.error().code);
    }
    std::vector<core::BatchRow> rows = std::move(manifest->rows);
    if (args.has("count")) {
        std::cout << rows.size() << "\n";
        return kExitOk;
    }
    if (settings.index) {
        if (*settings.index >= rows.size()) {
            return usageError("--index " + std::to_string(*settings.index) +
                              " is past the last row (the manifest has " +
                              std::to_string(rows.size()) + " rows, numbered from 0)");
        }
        rows = {rows[*settings.index]};
    }
    const std::vector<std::filesystem::path> inputs = inputsOf(rows);
    if (auto status = checkBatchOutputs(args, inputs)) {
        return *status;
    }
    if (auto status = prepareReportFolder(settings.run, inputs)) {
        return *status;
    }
    std::size_t done = 0;
    const bool quiet = args.has("quiet");
    const auto results = core::runBatch(rows, settings.run, [&](core::BatchPairRun& run) {
        run.result.exitStatus = pairExitStatus(run);
        if (!quiet) {
            printProgress(run, ++done, rows.size());
        }
    });
    const std::string suite = std::filesystem::path(args.positional()[0]).stem().string();
    if (auto status = writeBatchOutputs(args, results, suite, inputs)) {
        return *status;
    }
    const int status = batchExitStatus(results);
    std::cout << batchSummaryLine(results, status) << "\n";
    return status;
}

} // namespace voxdiff::cli
