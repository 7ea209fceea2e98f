// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <vector>

#include "dicom/ObjectHeader.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::dicom {

/// Builds the volume of one loadable part from headers already read: stack layout, pixel
/// decoding on every core, per-slice rescale, SUV on request, and the diagnostics. The entry
/// supplies the labels of the source (series UID, description, file count).
Result<Volume> assembleVolume(const DicomVolumeEntry& entry,
                              const std::vector<const ObjectHeader*>& objects,
                              const LoadOptions& options);

} // namespace voxdiff::core::dicom
