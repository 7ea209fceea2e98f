#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace voxdiff::fuzz {

/// A per-process scratch folder for the fuzz inputs, which the readers take as files.
inline const std::filesystem::path& scratchDir() {
    static const std::filesystem::path dir = [] {
        auto d =
            std::filesystem::temp_directory_path() / ("voxdiff-fuzz-" + std::to_string(::getpid()));
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

/// Loads use a small memory budget: the harness hunts crashes and hangs, not big images.
constexpr std::uint64_t kFuzzMaxVolumeBytes = std::uint64_t{64} << 20;

} // namespace voxdiff::fuzz
