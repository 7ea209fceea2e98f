// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>

#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

enum class InputKind { Nifti, Dicom, Unknown };

/// Decides how to read a path: a folder is DICOM; a file by its extension, then its magic bytes
/// (DICM preamble, NIfTI sizeof_hdr). Never reads more than the first 540 bytes.
InputKind detectInputKind(const std::filesystem::path& path);

/// Loads a NIfTI file, a DICOM file or a DICOM folder into one Volume; a DICOMweb series URL
/// (http(s)://...) is retrieved to the cache first (see voxdiff/DicomWeb.h).
Result<Volume> loadImage(const std::filesystem::path& path, const LoadOptions& options = {});

} // namespace voxdiff::core
