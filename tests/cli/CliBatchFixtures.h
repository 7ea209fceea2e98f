// SPDX-License-Identifier: BSD-3-Clause
// Small NIfTI pairs and manifests for the batch tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "NiftiWriter.h"

namespace voxdiff::test {

/// What the second image of a generated pair is, relative to the first.
enum class PairKind { Identical, Equivalent, Different };

/// Writes an axial 4x4x3 float volume of 2 mm voxels; `kind` decides the values' change.
inline void writeSmallNifti(const std::filesystem::path& path, PairKind kind, int seed = 0) {
    std::vector<float> v(4 * 4 * 3);
    for (std::size_t n = 0; n < v.size(); ++n) {
        v[n] = 10.0f + static_cast<float>((n * 7 + static_cast<std::size_t>(seed)) % 31);
        if (kind == PairKind::Equivalent) {
            v[n] *= 1.0f + 1e-7f; // within compare's default relative tolerance (1e-6)
        }
    }
    if (kind == PairKind::Different) {
        v[5] += 3.0f;
    }
    writeNifti(path, {4, 4, 3}, DT_FLOAT32, bytesOf(v), [](nifti_image& nim) {
        nim.sform_code = 1;
        nim.sto_xyz.m[0][0] = 2;
        nim.sto_xyz.m[1][1] = 2;
        nim.sto_xyz.m[2][2] = 2;
    });
}

/// Writes `dir/NAME_a.nii` and `dir/NAME_b.nii` and returns the manifest line for them
/// (paths relative to `dir`).
inline std::string writeSmallPair(const std::filesystem::path& dir, const std::string& name,
                                  PairKind kind, int seed = 0) {
    writeSmallNifti(dir / (name + "_a.nii"), PairKind::Identical, seed);
    writeSmallNifti(dir / (name + "_b.nii"), kind, seed);
    return name + "\t" + name + "_a.nii\t" + name + "_b.nii\n";
}

inline void writeText(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

/// The mixed manifest of the issue: identical, equivalent, different, a missing file and a bad
/// line (an impossible tolerance, on line 6).
inline std::filesystem::path writeMixedManifest(const std::filesystem::path& dir) {
    std::string m = "name\tfirst\tsecond\ttolerance\n";
    m += writeSmallPair(dir, "same", PairKind::Identical);
    m += writeSmallPair(dir, "rounding", PairKind::Equivalent);
    m += writeSmallPair(dir, "bumped", PairKind::Different);
    writeSmallNifti(dir / "lonely_a.nii", PairKind::Identical);
    m += "lonely\tlonely_a.nii\tmissing_b.nii\n";
    m += "badtol\tsame_a.nii\tsame_b.nii\t-1\n";
    const auto path = dir / "manifest.tsv";
    writeText(path, m);
    return path;
}

} // namespace voxdiff::test
