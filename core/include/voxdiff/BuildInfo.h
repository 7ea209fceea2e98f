// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string_view>

namespace voxdiff::core {

/// The version of this build, e.g. "0.1.0" (CMake's PROJECT_VERSION).
std::string_view versionString();

/// VoxDiff's licence as an SPDX identifier ("BSD-3-Clause"); every face names it.
std::string_view licenseSpdx();

} // namespace voxdiff::core
