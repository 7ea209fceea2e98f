// SPDX-License-Identifier: BSD-3-Clause
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "voxdiff/DemoData.h"

namespace voxdiff::cli {

int runDemo(int argc, char** argv) {
    Args args(argc, argv, 2, {}, {"force"});
    if (!args.error().empty() || args.positional().size() != 1) {
        std::cerr << "voxdiff-cli demo: "
                  << (args.error().empty() ? "expects one DIR" : args.error())
                  << "\nusage: voxdiff-cli demo DIR [--force]\n"
                     "Writes the built-in sample pair (a float32 NIfTI PET volume in SUV and the "
                     "same voxels as an int16 PET DICOM series) into DIR, which must be new or "
                     "empty unless --force.\n";
        return kExitUsage;
    }
    auto pair = core::writeDemoPair(args.positional()[0], args.has("force"));
    if (!pair) {
        std::cerr << "voxdiff-cli: error: " << pair.error().describe() << "\n";
        return exitCodeFor(pair.error().code);
    }
    const core::DemoPair& p = pair.value();
    std::cout << "Wrote the VoxDiff sample pair:\n"
              << "  " << p.niftiPath.string() << "  (PET phantom in SUV, float32 NIfTI)\n"
              << "  " << p.dicomFolder.string() << "/  (" << p.dicomFileCount
              << " PET DICOM files, int16 Bq/ml, a slope per slice)\n"
              << "  " << p.readmePath.string() << "  (what the pair is and what to expect)\n"
              << "Compare them with:\n"
              << "  voxdiff-cli compare " << p.niftiPath.string() << " " << p.dicomFolder.string()
              << " --suv\n";
    return kExitOk;
}

} // namespace voxdiff::cli
