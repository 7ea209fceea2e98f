// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli: the command-line face of VoxDiff, for scripts and pipelines.
// Exit statuses are documented in docs/exit-codes.md.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <new>
#include <string>

#include "Commands.h"
#include "ExitCodes.h"
#include "voxdiff/BuildInfo.h"
#include "voxdiff/VoxelBuffer.h"

namespace {

void printUsage(std::ostream& os) {
    os << "usage: voxdiff-cli COMMAND [ARGS]\n\n"
          "Commands:\n"
          "  info PATH [--json] [--volume N]   geometry, scaling and values of one image\n"
          "  series PATH [--json]              the loadable DICOM volumes under PATH\n"
          "  compare FIRST SECOND [options]    are these the same image? (see docs/cli.md)\n"
          "  demo DIR                          write the built-in sample pair into DIR\n"
          "  batch MANIFEST [options]          compare every pair of a manifest (docs/batch.md)\n"
          "  batch-merge OUT.jsonl... [options] merge per-row batch outputs into one JUnit file\n"
          "  search SERVER_URL [filters]       studies and series of a DICOMweb server\n"
          "                                    (--patient-id, --accession, --study-date\n"
          "                                    FROM-TO, --modality, --json)\n"
          "  export-dicom INPUT --reference SERIES --out DIR --as pet|parametric-map\n"
          "                                    write INPUT as DICOM beside SERIES, verified\n"
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
/// Returns the file given, empty when none.
std::string takeCaFileOption(int& argc, char** argv) {
    std::string given;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        int used = 0;
        if (arg == "--ca-file" && i + 1 < argc) {
            given = argv[i + 1];
            used = 2;
        } else if (arg.rfind("--ca-file=", 0) == 0) {
            given = arg.substr(10);
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
    if (!given.empty()) {
        setenv("VOXDIFF_DICOMWEB_CA_FILE", given.c_str(), 1);
    }
    return given;
}

/// A CA file given on the command line must be readable: said now, naming it, rather than as
/// a TLS failure of whichever server is asked first.
bool caFileReadable(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    char c = 0;
    if (in && in.get(c)) {
        return true;
    }
    std::cerr << "voxdiff-cli: error: " << file
              << ": cannot read the CA certificates given with --ca-file ("
              << (in ? "empty" : std::strerror(errno)) << ")\n";
    return false;
}

/// `voxdiff-cli COMMAND --help`: the command's usage on standard output, status 0.
bool printCommandHelp(const std::string& command, std::ostream& os) {
    if (command == "compare") {
        voxdiff::cli::printCompareHelp(os);
    } else if (command == "info") {
        os << "usage: voxdiff-cli info PATH [--json] [--volume N] [--series UID] [--suv]\n"
              "Geometry, scaling and values of one image (NIfTI file, DICOM file or folder).\n";
    } else if (command == "series") {
        os << "usage: voxdiff-cli series PATH [--json]\n"
              "The loadable DICOM volumes under PATH (headers only).\n";
    } else if (command == "demo") {
        os << "usage: voxdiff-cli demo DIR [--force]\n"
              "Writes the built-in sample pair (a float32 NIfTI PET volume in SUV and the same "
              "voxels as an int16 PET DICOM series) into DIR, which must be new or empty unless "
              "--force.\n";
    } else {
        return false;
    }
    return true;
}

bool asksForHelp(int argc, char** argv) {
    for (int n = 2; n < argc; ++n) {
        if (std::strcmp(argv[n], "--help") == 0 || std::strcmp(argv[n], "-h") == 0) {
            return true;
        }
    }
    return false;
}

int runCommand(int argc, char** argv);

} // namespace

int main(int argc, char** argv) {
    using namespace voxdiff::cli;
    // The core returns errors as values; whatever still escapes (memory exhausted, a bug) ends
    // with the documented internal-error status instead of std::terminate.
    // A mapped input truncated by another program mid-run ends the run as a truncated input.
    voxdiff::core::setMappedFileTruncationExit("voxdiff-cli", kExitCorrupt);
    try {
        return runCommand(argc, argv);
    } catch (const std::bad_alloc&) {
        std::cerr << "voxdiff-cli: error: out of memory\n";
    } catch (const std::exception& e) {
        std::cerr << "voxdiff-cli: error: internal error: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "voxdiff-cli: error: internal error (unknown exception)\n";
    }
    return kExitInternal;
}

namespace {

int runCommand(int argc, char** argv) {
    using namespace voxdiff::cli;
    if (argc < 2) {
        printUsage(std::cerr);
        return kExitUsage;
    }
    const std::string caFile = takeCaFileOption(argc, argv);
    if (!caFile.empty() && !caFileReadable(caFile)) {
        return kExitInputUnreadable;
    }
    const std::string command = argv[1];
    if (command == "--version" || command == "version") {
        std::cout << "voxdiff-cli " << VOXDIFF_VERSION
                  << "\nLicense: " << voxdiff::core::licenseSpdx() << "\n";
        return kExitOk;
    }
    if (command == "help" || command == "--help" || command == "-h") {
        printUsage(std::cout);
        return kExitOk;
    }
    if (asksForHelp(argc, argv) && printCommandHelp(command, std::cout)) {
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
    if (command == "batch") {
        return runBatch(argc, argv);
    }
    if (command == "batch-merge") {
        return runBatchMerge(argc, argv);
    }
    if (command == "search") {
        return runSearch(argc, argv);
    }
    std::cerr << "voxdiff-cli: unknown command '" << command << "'\n";
    printUsage(std::cerr);
    return kExitUsage;
}

} // namespace
