// voxdiff-cli: the command-line face of VoxDiff, for scripts and pipelines.
// Exit statuses are documented in docs/exit-codes.md.
#include <cstdlib>
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
          "  search SERVER_URL [filters]       studies and series of a DICOMweb server\n"
          "                                    (--patient-id, --accession, --study-date\n"
          "                                    FROM-TO, --modality, --json)\n"
          "  --version                         print the version\n"
          "  help                              this text\n\n"
          "PATH is a NIfTI file (.nii, .nii.gz, .hdr/.img), a DICOM file or a DICOM folder,\n"
          "or a DICOMweb series URL http(s)://HOST/PREFIX/studies/UID/series/UID (series\n"
          "takes a study URL). Credentials come from VOXDIFF_DICOMWEB_USER/_PASSWORD or\n"
          "VOXDIFF_DICOMWEB_TOKEN; --ca-file FILE (any command) trusts a private CA.\n"
          "Exit statuses: see docs/exit-codes.md (0 ok, 2 usage, 3 unreadable, 4 unsupported,\n"
          "5 corrupt, 6 too large, 7 no usable image, 8 output error, 9 internal,\n"
          "11 authentication failed, 12 server unreachable, 13 server error).\n";
}

/// --ca-file FILE is accepted by every command: it is handed to the core's DICOMweb client
/// through VOXDIFF_DICOMWEB_CA_FILE and removed from argv before the command parses it.
void takeCaFileOption(int& argc, char** argv) {
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        int used = 0;
        if (arg == "--ca-file" && i + 1 < argc) {
            setenv("VOXDIFF_DICOMWEB_CA_FILE", argv[i + 1], 1);
            used = 2;
        } else if (arg.rfind("--ca-file=", 0) == 0) {
            setenv("VOXDIFF_DICOMWEB_CA_FILE", arg.c_str() + 10, 1);
            used = 1;
        }
        if (used > 0) {
            for (int j = i; j + used < argc; ++j) {
                argv[j] = argv[j + used];
            }
            argc -= used;
            --i;
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    using namespace voxdiff::cli;
    if (argc < 2) {
        printUsage(std::cerr);
        return kExitUsage;
    }
    takeCaFileOption(argc, argv);
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
    if (command == "demo") {
        return runDemo(argc, argv);
    }
    if (command == "search") {
        return runSearch(argc, argv);
    }
    std::cerr << "voxdiff-cli: unknown command '" << command << "'\n";
    printUsage(std::cerr);
    return kExitUsage;
}
