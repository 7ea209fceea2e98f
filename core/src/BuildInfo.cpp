// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/BuildInfo.h"

namespace voxdiff::core {

std::string_view versionString() {
    return VOXDIFF_VERSION;
}

std::string_view licenseSpdx() {
    return "BSD-3-Clause";
}

} // namespace voxdiff::core
