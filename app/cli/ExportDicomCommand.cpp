// SPDX-License-Identifier: BSD-3-Clause
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "voxdiff/ComparisonRun.h"
#include "voxdiff/DicomExport.h"
#include "voxdiff/ImageLoader.h"

namespace voxdiff::cli {

namespace {

constexpr const char* kUsage =
    "usage: voxdiff-cli export-dicom INPUT --reference SERIES --out DIR --as pet|parametric-map\n"
    "                                [--units BQML|GML|...] [--report FILE] [--force] [--quiet]\n"
    "Writes INPUT as a DICOM series on the grid of the reference series, reads it back and\n"
    "compares it with INPUT. Exit 0 only when the round trip is identical (parametric-map) or\n"
    "equivalent within each slice's quantization (pet); 1 when it is not.\n";

int usageError(const std::string& message) {
    std::cerr << "voxdiff-cli export-dicom: " << message << "\n" << kUsage;
    return kExitUsage;
}

int fail(const core::Error& error) {
    std::cerr << "voxdiff-cli: error: " << error.describe() << "\n";
    return exitCodeFor(error.code);
}

/// The options of the command line, or an empty optional after printing a usage error.
std::optional<core::DicomExportOptions> exportOptions(const Args& args, int& status) {
    core::DicomExportOptions options;
    const auto kind = args.value("as");
    if (kind == std::string("pet")) {
        options.kind = core::DicomExportKind::Pet;
    } else if (kind == std::string("parametric-map")) {
        options.kind = core::DicomExportKind::ParametricMap;
    } else {
        status = usageError("--as is pet or parametric-map");
        return std::nullopt;
    }
    options.units = args.value("units").value_or("");
    options.replaceExisting = args.has("force");
    // Demonstration only (docs/export-dicom.md): what other exporters lose.
    if (auto lossy = args.value("demo-lossy")) {
        if (options.kind != core::DicomExportKind::Pet ||
            (*lossy != "one-slope" && *lossy != "integer-cast")) {
            status = usageError("--demo-lossy is one-slope or integer-cast, with --as pet");
            return std::nullopt;
        }
        options.petQuantization = *lossy == "one-slope" ? core::PetQuantization::OneSlopeForVolume
                                                        : core::PetQuantization::IntegerCast;
    }
    return options;
}

} // namespace

int runExportDicom(int argc, char** argv) {
    Args args(argc, argv, 2, {"reference", "out", "as", "units", "report", "demo-lossy"},
              {"force", "quiet"});
    if (!args.error().empty()) {
        return usageError(args.error());
    }
    if (args.positional().size() != 1) {
        return usageError("expects one INPUT");
    }
    const auto reference = args.value("reference");
    const auto out = args.value("out");
    if (!reference || !out) {
        return usageError("--reference and --out are required");
    }
    int status = kExitOk;
    auto options = exportOptions(args, status);
    if (!options) {
        return status;
    }
    const std::vector<std::filesystem::path> inputs = {args.positional()[0], *reference};
    if (auto path = args.value("report")) {
        if (auto st = core::checkOutputPath(*path, args.has("force"), inputs); !st) {
            return fail(st.error());
        }
    }
    auto input = core::loadImage(args.positional()[0]);
    if (!input) {
        return fail(input.error());
    }
    auto result = core::exportDicom(input.value(), *reference, *out, *options);
    if (!result) {
        return fail(result.error());
    }
    if (auto path = args.value("report")) {
        const std::string text =
            core::exportReportJson(result.value(), input.value(), *options).dump(2);
        if (auto st = core::writeOutput(*path, text, args.has("force"), inputs); !st) {
            return fail(st.error());
        }
    }
    if (!args.has("quiet")) {
        std::cout << core::exportSummaryText(result.value(), input.value());
    }
    return result->verified ? kExitOk : kExitDifferent;
}

} // namespace voxdiff::cli
