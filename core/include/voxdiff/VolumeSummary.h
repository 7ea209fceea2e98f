// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>

#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// What `voxdiff-cli info` prints about a volume, as plain text for a terminal (the JSON
/// form is toJson(const Volume&) in ModelJson.h).
std::string describeVolumeText(const Volume& volume);

} // namespace voxdiff::core
