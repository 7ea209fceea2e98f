// SPDX-License-Identifier: BSD-3-Clause
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "Interactive.h"
#include "voxdiff/ImageLoader.h"
#include "voxdiff/ModelJson.h"
#include "voxdiff/VolumeSummary.h"

namespace voxdiff::cli {

int runInfo(int argc, char** argv) {
    Args args(argc, argv, 2, {"volume", "series"}, {"json", "suv"});
    if (!args.error().empty() || args.positional().size() != 1) {
        std::cerr
            << "voxdiff-cli info: " << (args.error().empty() ? "expects one PATH" : args.error())
            << "\nusage: voxdiff-cli info PATH [--json] [--volume N] [--series UID] [--suv]\n";
        return kExitUsage;
    }
    core::LoadOptions options;
    if (auto v = args.value("volume")) {
        auto n = parseInt(*v);
        if (!n || *n < 0) {
            std::cerr << "voxdiff-cli info: --volume takes a volume index (0, 1, ...), not '" << *v
                      << "'\n";
            return kExitUsage;
        }
        options.volumeIndex = *n;
    }
    options.seriesUid = args.value("series").value_or("");
    options.suv = args.has("suv");
    options.mapFiles = true; // one image, then the process ends
    const InterruptScope interrupt;
    TerminalProgress progress;
    options.progress = progress.callback();
    options.cancel = interrupt.flag();
    auto volume = core::loadImage(args.positional()[0], options);
    progress.finish();
    if (!volume) {
        std::cerr << "voxdiff-cli: error: " << volume.error().describe() << "\n";
        return exitCodeFor(volume.error().code);
    }
    if (args.has("json")) {
        std::cout << core::toJson(volume.value()).dump(2);
    } else {
        std::cout << core::describeVolumeText(volume.value());
    }
    return kExitOk;
}

} // namespace voxdiff::cli
