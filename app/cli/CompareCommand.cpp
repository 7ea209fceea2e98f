#include <fstream>
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "OutputFile.h"
#include "voxdiff/ComparisonReport.h"
#include "voxdiff/ImageLoader.h"
#include "voxdiff/Report.h"

namespace voxdiff::cli {

namespace {

constexpr const char* kUsage =
    "usage: voxdiff-cli compare FIRST SECOND [--json FILE] [--csv FILE] [--html FILE]\n"
    "                           [--pdf FILE] [--tolerance ABS] [--rel-tolerance REL]\n"
    "                           [--volume N] [--series UID] [--suv]\n"
    "                           [--interpolation linear|nearest] [--bins N] [--force] [--quiet]\n";

int usageError(const std::string& message) {
    std::cerr << "voxdiff-cli compare: " << message << "\n" << kUsage;
    return kExitUsage;
}

} // namespace

int runCompare(int argc, char** argv) {
    Args args(argc, argv, 2,
              {"json", "csv", "html", "pdf", "tolerance", "rel-tolerance", "volume", "series",
               "interpolation", "bins"},
              {"suv", "force", "quiet"});
    if (!args.error().empty()) {
        return usageError(args.error());
    }
    if (args.positional().size() != 2) {
        return usageError("expects two inputs, FIRST and SECOND");
    }
    core::LoadOptions load;
    core::CompareOptions compare;
    compare.relTolerance = 1e-6; // float32 rounding; see docs/cli.md
    if (auto v = args.value("volume")) {
        const auto n = parseInt(*v);
        if (!n || *n < 0) {
            return usageError("--volume takes a volume index (0, 1, ...)");
        }
        load.volumeIndex = *n;
    }
    load.seriesUid = args.value("series").value_or("");
    load.suv = args.has("suv");
    if (auto v = args.value("tolerance")) {
        const auto t = parseDouble(*v);
        if (!t || *t < 0) {
            return usageError("--tolerance takes a non-negative number");
        }
        compare.absTolerance = *t;
    }
    if (auto v = args.value("rel-tolerance")) {
        const auto t = parseDouble(*v);
        if (!t || *t < 0) {
            return usageError("--rel-tolerance takes a non-negative number");
        }
        compare.relTolerance = *t;
    }
    if (auto v = args.value("interpolation")) {
        if (*v == "linear") {
            compare.interpolation = core::Interpolation::Linear;
        } else if (*v == "nearest") {
            compare.interpolation = core::Interpolation::Nearest;
        } else {
            return usageError("--interpolation is linear or nearest");
        }
    }
    if (auto v = args.value("bins")) {
        const auto b = parseInt(*v);
        if (!b || *b < 1 || *b > 100000) {
            return usageError("--bins takes a number from 1 to 100000");
        }
        compare.histogramBins = static_cast<int>(*b);
    }
    const bool force = args.has("force");
    // Refuse to overwrite before doing any work, so a long comparison never ends in that error.
    for (const char* opt : {"json", "csv", "html", "pdf"}) {
        if (auto path = args.value(opt)) {
            if (auto st = checkOutputPath(*path, force, args.positional()); !st) {
                std::cerr << "voxdiff-cli: error: " << st.error().describe() << "\n";
                return exitCodeFor(st.error().code);
            }
        }
    }

    auto first = core::loadImage(args.positional()[0], load);
    if (!first) {
        std::cerr << "voxdiff-cli: error: " << first.error().describe() << "\n";
        return exitCodeFor(first.error().code);
    }
    auto second = core::loadImage(args.positional()[1], load);
    if (!second) {
        std::cerr << "voxdiff-cli: error: " << second.error().describe() << "\n";
        return exitCodeFor(second.error().code);
    }
    auto result = core::compareVolumes(first.value(), second.value(), compare);
    if (!result) {
        std::cerr << "voxdiff-cli: error: " << result.error().describe() << "\n";
        return exitCodeFor(result.error().code);
    }
    const core::Comparison& c = result.value();
    if (auto path = args.value("json")) {
        const std::string text =
            core::comparisonToJson(c, first.value(), second.value(), compare).dump(2);
        if (auto st = writeOutputFile(*path, text, force, args.positional()); !st) {
            std::cerr << "voxdiff-cli: error: " << st.error().describe() << "\n";
            return exitCodeFor(st.error().code);
        }
    }
    if (auto path = args.value("csv")) {
        if (auto st = writeOutputFile(*path, core::perSliceCsv(c), force, args.positional()); !st) {
            std::cerr << "voxdiff-cli: error: " << st.error().describe() << "\n";
            return exitCodeFor(st.error().code);
        }
    }
    std::vector<std::string> reportsWritten;
    if (args.value("html") || args.value("pdf")) {
        const core::ReportModel report =
            core::buildReport(first.value(), second.value(), c, compare);
        const std::pair<const char*, std::string (*)(const core::ReportModel&)> writers[] = {
            {"html", &core::renderHtmlReport}, {"pdf", &core::renderPdfReport}};
        for (const auto& [opt, render] : writers) {
            const auto path = args.value(opt);
            if (!path) {
                continue;
            }
            if (auto st = writeOutputFile(*path, render(report), force, args.positional()); !st) {
                std::cerr << "voxdiff-cli: error: " << st.error().describe() << "\n";
                return exitCodeFor(st.error().code);
            }
            reportsWritten.push_back(*path);
        }
    }
    if (!args.has("quiet")) {
        std::cout << core::comparisonSummaryText(c, first.value(), second.value());
        for (const auto& path : reportsWritten) {
            std::cout << "Report written to " << path << "\n";
        }
    }
    return c.verdict == core::Verdict::Different ? kExitDifferent : kExitOk;
}

} // namespace voxdiff::cli
