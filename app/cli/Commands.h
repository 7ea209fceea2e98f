#pragma once

#include <ostream>

namespace voxdiff::cli {

/// Each command parses its own arguments (argv[2..]) and returns the process exit status.
int runInfo(int argc, char** argv);
int runSeries(int argc, char** argv);
int runCompare(int argc, char** argv);
int runDemo(int argc, char** argv);

/// The compare command's usage with every comparison setting (printed by --help).
void printCompareHelp(std::ostream& os);

} // namespace voxdiff::cli
