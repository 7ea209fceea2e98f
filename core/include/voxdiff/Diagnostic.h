// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>
#include <vector>

namespace voxdiff::core {

/// How much a non-fatal finding matters to the user.
enum class Severity { Info, Warning };

/// A non-fatal finding about a volume or a comparison (qform and sform disagree, slope varies per
/// slice, non-uniform slice spacing, ...). Diagnostics are data: shown in the UI, written in
/// reports, never printed by the core.
struct Diagnostic {
    Severity severity = Severity::Info;
    std::string code;    ///< stable identifier, e.g. "qform_sform_disagree"
    std::string message; ///< one or two plain sentences with the numbers behind them
};

using Diagnostics = std::vector<Diagnostic>;

inline const char* severityName(Severity s) {
    return s == Severity::Warning ? "warning" : "info";
}

} // namespace voxdiff::core
