// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>
#include <string>

#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// How the core's writers treat their outputs. Every writer writes to a temporary file in the
/// destination folder and renames it into place, so a reader never sees half a file and a
/// failure leaves nothing behind.
struct WriteOptions {
    bool overwrite = false;  ///< replace an existing output (else ErrorCode::OutputExists)
    std::string description; ///< NIfTI descrip / DICOM SeriesDescription; empty: a default
};

/// Writes `volume` as a single-file float32 NIfTI-1 (.nii, or gzip-compressed when the name
/// ends in .nii.gz). The geometry goes to both the sform and the qform (codes 1, scanner) from
/// ijkToRas; the qform is nifti_clib's quaternion fit of it, exact for rigid grids and an
/// approximation for sheared ones (the sform stays exact). pixdim holds the spacing in mm.
/// Errors: InvalidArgument (empty volume, a name that is not .nii/.nii.gz, dimensions beyond
/// NIfTI-1's 32767), OutputExists (the file exists and !options.overwrite), WriteFailed.
Status writeNifti(const Volume& volume, const std::filesystem::path& path,
                  const WriteOptions& options = {});

} // namespace voxdiff::core
