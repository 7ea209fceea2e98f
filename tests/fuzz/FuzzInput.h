// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace voxdiff::fuzz {

/// A per-process scratch folder for the fuzz inputs, which the readers take as files.
/// $VOXDIFF_FUZZ_SCRATCH fixes it (the gate does, so that no process id reaches the paths the
/// readers compare and print, and a replay sees the same bytes every time).
inline const std::filesystem::path& scratchDir() {
    static const std::filesystem::path dir = [] {
        const char* fixed = std::getenv("VOXDIFF_FUZZ_SCRATCH");
        auto d = fixed != nullptr && *fixed != '\0'
                     ? std::filesystem::path(fixed)
                     : std::filesystem::temp_directory_path() /
                           ("voxdiff-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

inline void writeFile(const std::filesystem::path& p, const std::uint8_t* data, std::size_t size) {
    FILE* f = std::fopen(p.c_str(), "wb");
    if (f) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
    }
}

/// FuzzDicomSeries' split of one input into up to four files: a new file starts where a "DICM"
/// magic follows 128 bytes of preamble. Returns the start offsets followed by `size`.
inline std::vector<std::size_t> dicomFileStarts(const std::uint8_t* data, std::size_t size) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 132; i + 4 <= size && starts.size() < 4; ++i) {
        if (std::memcmp(data + i, "DICM", 4) == 0 && i - 128 > starts.back()) {
            starts.push_back(i - 128);
        }
    }
    starts.push_back(size);
    return starts;
}

/// Writes the files of dicomFileStarts into `dir` (f0.dcm, f1.dcm, ...).
inline void writeSeriesFiles(const std::filesystem::path& dir, const std::uint8_t* data,
                             std::size_t size) {
    const std::vector<std::size_t> starts = dicomFileStarts(data, size);
    for (std::size_t f = 0; f + 1 < starts.size(); ++f) {
        writeFile(dir / ("f" + std::to_string(f) + ".dcm"), data + starts[f],
                  starts[f + 1] - starts[f]);
    }
}

/// Loads use a small memory budget: the harness hunts crashes and hangs, not big images.
constexpr std::uint64_t kFuzzMaxVolumeBytes = std::uint64_t{64} << 20;

} // namespace voxdiff::fuzz
