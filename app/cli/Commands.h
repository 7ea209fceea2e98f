#pragma once

namespace voxdiff::cli {

/// Each command parses its own arguments (argv[2..]) and returns the process exit status.
int runInfo(int argc, char** argv);
int runSeries(int argc, char** argv);
int runCompare(int argc, char** argv);
int runDemo(int argc, char** argv);
int runExportDicom(int argc, char** argv);

}  // namespace voxdiff::cli
