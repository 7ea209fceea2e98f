// SPDX-License-Identifier: BSD-3-Clause
#include "StoredType.h"

namespace voxdiff::core {

StoredKind storedKindOf(std::string_view storedType) {
    if (storedType.empty()) {
        return StoredKind::Unknown;
    }
    return storedType.find("float") == std::string_view::npos ? StoredKind::Integer
                                                              : StoredKind::Float;
}

} // namespace voxdiff::core
