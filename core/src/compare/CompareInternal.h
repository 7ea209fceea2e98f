// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "voxdiff/Comparison.h"

namespace voxdiff::core::detail {

/// Sets the verdict, its reason in plain words and the comparison's diagnostics from the
/// geometry and value statistics already in `c`.
void decideVerdict(Comparison& c, const Volume& first, const Volume& second,
                   const CompareOptions& options, bool quantFirst, bool quantSecond);

} // namespace voxdiff::core::detail
