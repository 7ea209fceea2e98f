// voxdiff-cli: the command-line face of VoxDiff, for scripts and pipelines.
// Exit statuses are documented in docs/exit-codes.md.
#include <cstring>
#include <iostream>
#include <string>

#include "Commands.h"
#include "ExitCodes.h"

namespace {

void printUsage(std::ostream& os) {
    os << "usage: voxdiff-cli COMMAND [ARGS]\n\n"
          "Commands:\n"
          "  info PATH [--json] [--volume N]   geometry, scaling and values of one image\n"
          "  series PATH [--json]              the loadable DICOM volumes under PATH\n"
          "  compare FIRST SECOND [options]    are these the same image? (see docs/cli.md)\n"
          "  demo DIR                          write the built-in sample pair into DIR\n"
          "  export-dicom INPUT --reference SERIES --out DIR --as pet|parametric-map\n"
          "                                    write INPUT as DICOM beside SERIES, verified\n"
          "  --version                         print the version\n"
          "  help                              this text\n\n"
          "PATH is a NIfTI file (.nii, .nii.gz, .hdr/.img), a DICOM file or a DICOM folder.\n"
          "Exit statuses: see docs/exit-codes.md (0 ok, 2 usage, 3 unreadable, 4 unsupported,\n"
          "5 corrupt, 6 too large, 7 no usable image, 8 output error, 9 internal).\n";
}

} // namespace

int main(int argc, char** argv) {
    using namespace voxdiff::cli;
    if (argc < 2) {
        printUsage(std::cerr);
        return kExitUsage;
    }
    const std::string command = argv[1];
    if (command == "--version" || command == "version") {
        std::cout << "voxdiff-cli " << VOXDIFF_VERSION << "\n";
        return kExitOk;
    }
    if (command == "help" || command == "--help" || command == "-h") {
        printUsage(std::cout);
        return kExitOk;
    }
    if (command == "info") {
        return runInfo(argc, argv);
    }
    if (command == "series") {
        return runSeries(argc, argv);
    }
    if (command == "compare") {
        return runCompare(argc, argv);
    }
    if (command == "export-dicom") {
        return runExportDicom(argc, argv);
    }
    if (command == "demo") {
        return runDemo(argc, argv);
    }
    std::cerr << "voxdiff-cli: unknown command '" << command << "'\n";
    printUsage(std::cerr);
    return kExitUsage;
}
