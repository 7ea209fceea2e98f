// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <vector>

extern "C" {
#include <nifti2_io.h>
}

namespace voxdiff::test {

/// Writes a small synthetic NIfTI file with nifti_clib (the reference implementation), letting
/// the test adjust the header first. `dims` holds dim[1..n]; data is raw bytes of `datatype`.
void writeNifti(const std::filesystem::path& path, const std::vector<std::int64_t>& dims,
                int datatype, const std::vector<unsigned char>& data,
                const std::function<void(nifti_image&)>& adjust = {}, int niftiVersion = 1);

template <typename T> std::vector<unsigned char> bytesOf(const std::vector<T>& values) {
    std::vector<unsigned char> b(values.size() * sizeof(T));
    std::memcpy(b.data(), values.data(), b.size());
    return b;
}

} // namespace voxdiff::test
