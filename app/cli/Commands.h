// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <ostream>
#include <string>

namespace voxdiff::cli {

/// Each command parses its own arguments (argv[2..]) and returns the process exit status.
int runInfo(int argc, char** argv);
int runSeries(int argc, char** argv);
int runCompare(int argc, char** argv);
int runDemo(int argc, char** argv);
int runBatch(int argc, char** argv);
int runBatchMerge(int argc, char** argv);
int runSearch(int argc, char** argv);
/// `series URL`: the series of a DICOMweb study (SearchCommand.cpp).
int runSeriesOfStudy(const std::string& url, bool json);
int runExportDicom(int argc, char** argv);

/// The compare command's usage with every comparison setting (printed by --help).
void printCompareHelp(std::ostream& os);

} // namespace voxdiff::cli
