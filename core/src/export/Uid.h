// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>

namespace voxdiff::core::dicom_out {

/// A new DICOM UID in the 2.25 form (PS3.5 B.2): "2.25." followed by the decimal value of a
/// random 128-bit number (a version 4 UUID). At most 44 characters.
std::string newUid();

} // namespace voxdiff::core::dicom_out
