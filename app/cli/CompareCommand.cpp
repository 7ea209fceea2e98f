// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <iostream>
#include <set>
#include <utility>

#include "Args.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "Interactive.h"
#include "SettingsArgs.h"
#include "voxdiff/ComparisonReport.h"
#include "voxdiff/ComparisonRun.h"

namespace voxdiff::cli {

namespace {

constexpr const char* kUsage =
    "usage: voxdiff-cli compare FIRST SECOND [--json FILE] [--csv FILE] [--html FILE]\n"
    "                           [--pdf FILE] [--anonymize] [--force] [--quiet] [SETTINGS]\n";

int usageError(const std::string& message) {
    std::cerr << "voxdiff-cli compare: " << message << "\n" << kUsage;
    return kExitUsage;
}

} // namespace

void printCompareHelp(std::ostream& os) {
    os << kUsage
       << "\nAre FIRST and SECOND the same image? Each is a NIfTI file, a DICOM file or a DICOM\n"
          "folder. Exit status 0: identical or equivalent; 1: rescaled or different; see\n"
          "docs/exit-codes.md.\n\nOutputs (never overwritten without --force, never inside an "
          "input folder):\n"
          "  --json FILE  --csv FILE  --html FILE  --pdf FILE\n"
          "  --anonymize            leave patient names, IDs, dates and paths out of reports\n\n"
          "Settings (the same in the viewer and in voxdiff --export-report):\n";
    for (const core::SettingSpec& spec : core::settingSpecs()) {
        std::string left = std::string("  --") + spec.key;
        if (spec.valueName) {
            left += std::string(" ") + spec.valueName;
        }
        left.resize(std::max<std::size_t>(left.size() + 1, 26), ' ');
        os << left << spec.help << "\n";
    }
}

int runCompare(int argc, char** argv) {
    std::set<std::string> valued{"json", "csv", "html", "pdf"};
    std::set<std::string> flags{"force", "quiet", "anonymize"};
    addSettingOptions(valued, flags);
    Args args(argc, argv, 2, valued, flags);
    if (!args.error().empty()) {
        return usageError(args.error());
    }
    if (args.positional().size() != 2) {
        return usageError("expects two inputs, FIRST and SECOND");
    }
    const auto parsed = settingsFromArgs(args);
    if (!parsed) {
        return usageError(parsed.error().message);
    }
    core::ComparisonRequest request;
    request.first = args.positional()[0];
    request.second = args.positional()[1];
    request.settings = parsed.value();
    request.anonymize = args.has("anonymize");
    request.force = args.has("force");
    request.mapFiles = true; // one comparison, then the process ends
    const std::pair<const char*, core::ReportFormat> kOutputs[] = {
        {"json", core::ReportFormat::Json},
        {"html", core::ReportFormat::Html},
        {"pdf", core::ReportFormat::Pdf},
        {"csv", core::ReportFormat::Csv}};
    for (const auto& [option, format] : kOutputs) {
        if (auto path = args.value(option)) {
            request.outputs.push_back({format, *path});
        }
    }
    const InterruptScope interrupt;
    TerminalProgress progress;
    auto run = core::compareAndReport(request, progress.callback(), interrupt.flag());
    progress.finish();
    if (!run) {
        return failWithHint("voxdiff-cli", run.error());
    }
    const core::Comparison& c = run.value().comparison;
    if (!args.has("quiet")) {
        std::cout << core::comparisonSummaryText(c, *run.value().first, *run.value().second);
        for (const core::ReportOutput& output : request.outputs) {
            if (output.format == core::ReportFormat::Html ||
                output.format == core::ReportFormat::Pdf) {
                std::cout << "Report written to " << output.file.string() << "\n";
            }
        }
    }
    return exitStatusFor(c.verdict);
}

} // namespace voxdiff::cli
