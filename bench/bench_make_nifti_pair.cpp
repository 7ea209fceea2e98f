// SPDX-License-Identifier: BSD-3-Clause
// Writes the benchmark's NIfTI pair (not a test): OUT_DIR/a.nii and OUT_DIR/b.nii, float32,
// NI x NJ x NK, on the same grid with b's k axis reversed (its affine says so) and CHANGED
// voxels of b altered by +1. Slices are written one at a time, so memory stays at one slice.
// bench/run_peers.sh uses it; it needs nothing but the C++ library (the peers may be absent).
//
//   bench_make_nifti_pair OUT_DIR [NI NJ NK CHANGED]   (default 1024 1024 512 800: 2 GiB each)
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

template <typename T> void put(std::vector<unsigned char>& h, std::size_t at, T value) {
    std::memcpy(h.data() + at, &value, sizeof value);
}

/// A NIfTI-1 single-file header (348 bytes, little endian as this machine) plus the 4-byte
/// extender; sform = qform, 0.8 x 0.8 x 1.5 mm, b's k axis reversed.
std::vector<unsigned char> header(int ni, int nj, int nk, bool flipK) {
    std::vector<unsigned char> h(352, 0);
    put<std::int32_t>(h, 0, 348);
    const std::array<std::int16_t, 8> dim = {3,
                                             static_cast<std::int16_t>(ni),
                                             static_cast<std::int16_t>(nj),
                                             static_cast<std::int16_t>(nk),
                                             1,
                                             1,
                                             1,
                                             1};
    for (std::size_t d = 0; d < 8; ++d) {
        put<std::int16_t>(h, 40 + 2 * d, dim[d]);
    }
    put<std::int16_t>(h, 70, 16); // datatype FLOAT32
    put<std::int16_t>(h, 72, 32); // bitpix
    const std::array<float, 4> pixdim = {flipK ? -1.0f : 1.0f, 0.8f, 0.8f, 1.5f};
    for (std::size_t d = 0; d < 4; ++d) {
        put<float>(h, 76 + 4 * d, pixdim[d]); // pixdim[0] = qfac carries the flip
    }
    put<float>(h, 108, 352.0f);   // vox_offset
    put<float>(h, 112, 1.0f);     // scl_slope
    put<std::int16_t>(h, 252, 1); // qform_code
    put<std::int16_t>(h, 254, 1); // sform_code
    const float kz = flipK ? -1.5f : 1.5f;
    const float oz = flipK ? 1.5f * static_cast<float>(nk - 1) : 0.0f;
    put<float>(h, 256 + 20, oz); // quatern b, c, d = 0; qoffset x, y = 0, z
    const std::array<float, 12> srow = {0.8f, 0, 0, 0, 0, 0.8f, 0, 0, 0, 0, kz, oz};
    for (std::size_t n = 0; n < 12; ++n) {
        put<float>(h, 280 + 4 * n, srow[n]);
    }
    std::memcpy(h.data() + 344, "n+1", 4);
    return h;
}

/// The values of slice k of a, in [0, 1000): the same for every run.
void sliceValues(int k, std::size_t count, std::vector<float>& out) {
    std::mt19937 rng(1000u + static_cast<unsigned>(k));
    std::uniform_real_distribution<float> value(0.0f, 1000.0f);
    out.resize(count);
    for (float& v : out) {
        v = value(rng);
    }
}

bool writeVolume(const std::string& file, int ni, int nj, int nk, bool flipK,
                 const std::map<int, std::vector<std::size_t>>& changedBySlice) {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (f == nullptr) {
        return false;
    }
    const std::vector<unsigned char> h = header(ni, nj, nk, flipK);
    bool ok = std::fwrite(h.data(), 1, h.size(), f) == h.size();
    const std::size_t slice = static_cast<std::size_t>(ni) * static_cast<std::size_t>(nj);
    std::vector<float> v;
    for (int kb = 0; kb < nk && ok; ++kb) {
        const int k = flipK ? nk - 1 - kb : kb; // b's slice kb is a's slice k
        sliceValues(k, slice, v);
        if (flipK) {
            const auto it = changedBySlice.find(k);
            for (std::size_t p :
                 it != changedBySlice.end() ? it->second : std::vector<std::size_t>{}) {
                v[p] += 1.0f;
            }
        }
        ok = std::fwrite(v.data(), sizeof(float), slice, f) == slice;
    }
    return std::fclose(f) == 0 && ok;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2 && argc != 6) {
        std::fprintf(stderr, "usage: bench_make_nifti_pair OUT_DIR [NI NJ NK CHANGED]\n");
        return 2;
    }
    const std::string out = argv[1];
    const int ni = argc == 6 ? std::atoi(argv[2]) : 1024;
    const int nj = argc == 6 ? std::atoi(argv[3]) : 1024;
    const int nk = argc == 6 ? std::atoi(argv[4]) : 512;
    const long changed = argc == 6 ? std::atol(argv[5]) : 800;
    const std::uint64_t total = static_cast<std::uint64_t>(ni) * static_cast<std::uint64_t>(nj) *
                                static_cast<std::uint64_t>(nk);
    if (ni < 1 || nj < 1 || nk < 1 || ni > 32767 || nj > 32767 || nk > 32767 || changed < 0 ||
        static_cast<std::uint64_t>(changed) > total) {
        std::fprintf(stderr, "bench_make_nifti_pair: sizes out of range\n");
        return 2;
    }
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::uint64_t> pick(0, total - 1);
    std::set<std::uint64_t> picks;
    while (picks.size() < static_cast<std::size_t>(changed)) {
        picks.insert(pick(rng));
    }
    const std::uint64_t slice = static_cast<std::uint64_t>(ni) * static_cast<std::uint64_t>(nj);
    std::map<int, std::vector<std::size_t>> bySlice;
    for (std::uint64_t p : picks) {
        bySlice[static_cast<int>(p / slice)].push_back(static_cast<std::size_t>(p % slice));
    }
    if (!writeVolume(out + "/a.nii", ni, nj, nk, false, bySlice) ||
        !writeVolume(out + "/b.nii", ni, nj, nk, true, bySlice)) {
        std::fprintf(stderr, "bench_make_nifti_pair: cannot write the pair in %s\n", out.c_str());
        return 1;
    }
    return 0;
}
