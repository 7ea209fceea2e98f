// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>

#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// True when the path names a NIfTI/Analyze file by its extension (.nii, .nii.gz, .hdr, .img,
/// and their .gz forms).
bool hasNiftiExtension(const std::filesystem::path& path);

/// Reads one volume of a NIfTI-1, NIfTI-2 or Analyze file (.nii, .nii.gz, .hdr/.img pair; either
/// byte order; int8 to float64 including 64-bit integers).
///
/// Geometry: the sform when sform_code > 0, else the qform when qform_code > 0, else pixdim only
/// (the standard's method 1); converted from RAS to the model's LPS. Both matrices and codes are
/// kept in Volume::nifti(), and a diagnostic reports disagreement between them in mm.
/// Values: scl_slope/scl_inter applied (slope 0 or non-finite means none); NaN and Inf are
/// kept and counted. Errors: FileNotFound, PermissionDenied, CorruptHeader, UnsupportedData,
/// TruncatedData, TooLarge, NoSuchVolume (volumeIndex beyond the 4th..7th dimensions).
Result<Volume> readNifti(const std::filesystem::path& path, const LoadOptions& options = {});

} // namespace voxdiff::core
