// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>
#include <string>

#include "export/ReferenceSeries.h"
#include "export/SeriesAttributes.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::dicom_out {

/// Writes `placed` (on the reference's grid) as one Parametric Map object (SOP class
/// 1.2.840.10008.5.1.4.1.1.30) into `folder`: float32 Float Pixel Data, one frame per slice k in
/// k order, Explicit VR Little Endian, per-frame Plane Position and Frame Content, shared Plane
/// Orientation, Pixel Measures, Frame Anatomy and a Real World Value Mapping (slope 1,
/// intercept 0) naming the units in UCUM. Errors: InvalidArgument (the grid's i and j axes are
/// not orthogonal), OutputExists, WriteFailed.
Result<std::filesystem::path> writeParametricMap(const Volume& placed,
                                                 const ReferenceSeries& reference,
                                                 const NewSeries& series,
                                                 const std::filesystem::path& folder);

} // namespace voxdiff::core::dicom_out
