#include <iostream>

#include "Commands.h"
#include "ExitCodes.h"

namespace voxdiff::cli {

int runCompare(int, char**) {
    std::cerr << "voxdiff-cli compare: not implemented yet\n";
    return kExitInternal;
}

}  // namespace voxdiff::cli
