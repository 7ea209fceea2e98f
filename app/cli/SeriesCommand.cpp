// SPDX-License-Identifier: BSD-3-Clause
#include <iostream>
#include <sstream>

#include "Args.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/DicomWeb.h"
#include "voxdiff/ModelJson.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::cli {

namespace {

std::string dimsText(const core::DicomVolumeEntry& e) {
    std::string s = std::to_string(e.dims[0]) + "x" + std::to_string(e.dims[1]) + "x" +
                    std::to_string(e.dims[2]);
    return e.timePoints > 1 ? s + "x" + std::to_string(e.timePoints) : s;
}

void printText(const core::DicomListing& listing) {
    // Paths and reasons may hold any bytes; the terminal gets UTF-8.
    std::ostringstream os;
    for (const auto& e : listing.volumes) {
        os << e.seriesInstanceUid << "  #" << e.subVolume
           << (e.label.empty() ? "" : " (" + e.label + ")") << "  " << e.modality << "  \""
           << e.seriesDescription << "\"  " << e.fileCount << " files, " << e.frameCount
           << " frames  " << dimsText(e) << "  " << e.orientation;
        if (!e.text.patientName.empty()) {
            os << "  patient \"" << e.text.patientName << "\"";
        }
        if (!e.problem.empty()) {
            os << "  NOT LOADABLE: " << e.problem;
        }
        os << "\n";
    }
    for (const auto& s : listing.skipped) {
        os << "skipped: " << s.file.string() << ": " << s.reason << "\n";
    }
    for (const auto& s : listing.nonImage) {
        os << "not an image: " << s.file.string() << ": " << s.reason << "\n";
    }
    std::cout << core::toValidUtf8(os.str());
}

} // namespace

int runSeries(int argc, char** argv) {
    Args args(argc, argv, 2, {}, {"json"});
    if (!args.error().empty() || args.positional().size() != 1) {
        std::cerr << "voxdiff-cli series: "
                  << (args.error().empty() ? "expects one PATH" : args.error())
                  << "\nusage: voxdiff-cli series PATH [--json]\n";
        return kExitUsage;
    }
    if (core::isDicomWebUrl(args.positional()[0])) {
        return runSeriesOfStudy(args.positional()[0], args.has("json"));
    }
    auto listing = core::scanDicom(args.positional()[0]);
    if (!listing) {
        std::cerr << "voxdiff-cli: error: " << listing.error().describe() << "\n";
        return exitCodeFor(listing.error().code);
    }
    if (args.has("json")) {
        std::cout << core::toJson(listing.value()).dump(2) << "\n";
    } else {
        printText(listing.value());
    }
    // A listing with nothing loadable is still printed (it says why), but scripts must see it.
    return listing->volumes.empty() ? kExitNoImage : kExitOk;
}

} // namespace voxdiff::cli
