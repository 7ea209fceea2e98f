#include <iostream>

#include "Commands.h"
#include "ExitCodes.h"

namespace voxdiff::cli {

int runSeries(int, char**) {
    std::cerr << "voxdiff-cli series: not implemented yet\n";
    return kExitInternal;
}

}  // namespace voxdiff::cli
