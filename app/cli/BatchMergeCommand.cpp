// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <iostream>

#include "Args.h"
#include "BatchOutputs.h"
#include "Commands.h"
#include "ExitCodes.h"

namespace voxdiff::cli {

namespace {

constexpr const char* kUsage =
    "usage: voxdiff-cli batch-merge OUT.jsonl... [--junit FILE] [--jsonl FILE] [--csv FILE]\n"
    "                               [--suite NAME] [--force] [--quiet]\n"
    "Merges the JSON lines of per-row jobs (batch --index I) into one set of outputs.\n";

int usageError(const std::string& message) {
    std::cerr << "voxdiff-cli batch-merge: " << message << "\n" << kUsage;
    return kExitUsage;
}

} // namespace

int runBatchMerge(int argc, char** argv) {
    Args args(argc, argv, 2, {"junit", "jsonl", "csv", "suite"}, {"force", "quiet"});
    if (!args.error().empty()) {
        return usageError(args.error());
    }
    if (args.positional().empty()) {
        return usageError("expects one or more JSON lines files");
    }
    const std::vector<std::filesystem::path> inputs(args.positional().begin(),
                                                    args.positional().end());
    if (auto status = checkBatchOutputs(args, inputs)) {
        return *status;
    }
    std::vector<core::BatchPairResult> results;
    for (const auto& path : inputs) {
        auto parsed = core::readBatchJsonLines(path);
        if (!parsed) {
            std::cerr << "voxdiff-cli: error: " << parsed.error().describe() << "\n";
            return exitCodeFor(parsed.error().code);
        }
        for (auto& r : parsed.value()) {
            results.push_back(std::move(r));
        }
    }
    std::stable_sort(results.begin(), results.end(),
                     [](const auto& a, const auto& b) { return a.index < b.index; });
    if (auto status =
            writeBatchOutputs(args, results, args.value("suite").value_or("batch"), inputs)) {
        return *status;
    }
    const int status = batchExitStatus(results);
    std::cout << batchSummaryLine(results, status) << "\n";
    return status;
}

} // namespace voxdiff::cli
