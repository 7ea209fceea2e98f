// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// The DICOM readers' name for the core's one parallel-for (core/src/ParallelFor.h).
#include "../ParallelFor.h"

namespace voxdiff::core::dicom {

using core::parallelFor;

} // namespace voxdiff::core::dicom
