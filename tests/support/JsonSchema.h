// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>
#include <vector>

#include "voxdiff/Json.h"

namespace voxdiff::test {

/// Validates a JSON document against the subset of JSON Schema (draft-07) that VoxDiff's
/// schemas use: type (one or a list), required, properties, items, enum, minimum, maximum,
/// minItems, maxItems, and local $ref ("#/definitions/NAME"). Returns the violations, each as
/// "path: problem"; empty when valid.
std::vector<std::string> validateJson(const core::Json& document, const core::Json& schema);

} // namespace voxdiff::test
