// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string_view>

#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// What a volume's voxels were stored as in the file, by kind.
enum class StoredKind {
    Unknown, ///< not recorded (a volume built in code)
    Integer, ///< int8 ... uint64: values carry the storage step of their slope
    Float    ///< float32, float64: no quantization
};

/// The one reading of Scaling::storedType ("int16", "uint8", "float32"...): code branches on
/// the kind, never on the name.
StoredKind storedKindOf(std::string_view storedType);

inline StoredKind storedKindOf(const Scaling& scaling) {
    return storedKindOf(scaling.storedType);
}

} // namespace voxdiff::core
