#pragma once

namespace voxdiff::cli {

/// Each command parses its own arguments (argv[2..]) and returns the process exit status.
int runInfo(int argc, char** argv);

} // namespace voxdiff::cli
