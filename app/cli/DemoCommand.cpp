#include <iostream>

#include "Commands.h"
#include "ExitCodes.h"

namespace voxdiff::cli {

int runDemo(int, char**) {
    std::cerr << "voxdiff-cli demo: not implemented yet\n";
    return kExitInternal;
}

}  // namespace voxdiff::cli
