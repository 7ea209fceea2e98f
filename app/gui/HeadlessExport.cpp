// SPDX-License-Identifier: BSD-3-Clause
#include "HeadlessExport.h"

#include <cstring>
#include <iostream>
#include <set>
#include <string>

#include "Args.h"
#include "ExitCodes.h"
#include "SettingsArgs.h"
#include "voxdiff/ComparisonReport.h"
#include "voxdiff/ComparisonRun.h"

namespace voxdiff::gui {

namespace {

constexpr const char* kUsage =
    "usage: voxdiff FIRST SECOND --export-report FILE.{json,html,pdf} [--force] [--anonymize]\n"
    "               [SETTINGS as in voxdiff-cli compare --help]\n";

} // namespace

bool wantsHeadlessExport(int argc, char** argv) {
    for (int n = 1; n < argc; ++n) {
        if (std::strncmp(argv[n], "--export-report", 15) == 0) {
            return true;
        }
    }
    return false;
}

int runHeadlessExport(int argc, char** argv) {
    std::set<std::string> valued{"export-report"};
    std::set<std::string> flags{"force", "anonymize", "quiet"};
    cli::addSettingOptions(valued, flags);
    cli::Args args(argc, argv, 1, valued, flags);
    if (!args.error().empty() || args.positional().size() != 2) {
        std::cerr << "voxdiff: "
                  << (args.error().empty() ? "--export-report needs FIRST and SECOND"
                                           : args.error())
                  << "\n"
                  << kUsage;
        return cli::kExitUsage;
    }
    const auto settings = cli::settingsFromArgs(args);
    if (!settings) {
        std::cerr << "voxdiff: " << settings.error().message << "\n" << kUsage;
        return cli::kExitUsage;
    }
    const std::filesystem::path file = *args.value("export-report");
    const auto format = core::reportFormatFor(file);
    if (!format) {
        std::cerr << "voxdiff: --export-report: the file ends in .json, .html or .pdf\n";
        return cli::kExitUsage;
    }
    core::ComparisonRequest request;
    request.first = args.positional()[0];
    request.second = args.positional()[1];
    request.settings = settings.value();
    request.outputs = {{*format, file}};
    request.force = args.has("force");
    request.anonymize = args.has("anonymize");
    request.mapFiles = true; // one comparison without a window, then the process ends
    auto run = core::compareAndReport(request);
    if (!run) {
        return cli::failWithHint("voxdiff", run.error());
    }
    if (!args.has("quiet")) {
        const core::Comparison& c = run.value().comparison;
        std::cout << core::verdictName(c.verdict) << ": " << c.verdictReason << "\n"
                  << "Report written to " << file.string() << "\n";
    }
    return cli::exitStatusFor(run.value().comparison.verdict);
}

} // namespace voxdiff::gui
