// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "voxdiff/Error.h"
#include "voxdiff/Result.h"

namespace voxdiff::core {

/// One pair to compare, as a manifest row asks for it. Paths are resolved against the
/// manifest's folder (absolute paths and URLs are kept as written).
struct BatchPair {
    std::string name;
    std::filesystem::path first;
    std::filesystem::path second;
    std::optional<double> absTolerance; ///< value units; unset: the comparison default
    std::optional<double> relTolerance; ///< unset: the comparison default
    bool suv = false;                   ///< PET DICOM sides converted to SUVbw
    std::string seriesFirst;            ///< DICOM series instance UID (empty: the default)
    std::string seriesSecond;
};

/// One data row of a manifest: a pair, or the reason the line could not be used
/// (InvalidArgument, with the line number in the message).
struct BatchRow {
    std::size_t index = 0; ///< 0-based among data rows (the header is not a row)
    int lineNumber = 0;    ///< 1-based line of the manifest file
    std::string name;      ///< the name cell (may be empty on a bad line)
    std::optional<BatchPair> pair;
    std::optional<Error> problem;
    /// The row's name even when it is unusable: its name cell, else "line N".
    std::string displayName() const;
};

/// A parsed manifest: every data row in file order.
struct BatchManifest {
    std::filesystem::path path;
    std::vector<BatchRow> rows;
};

/// Parses a tab-separated manifest. The first non-blank line is the header naming the
/// columns: `name`, `first`, `second` are required; `tolerance`, `rel_tolerance`, `suv`,
/// `series_first`, `series_second` are optional, in any order. Blank lines and lines starting
/// with `#` are skipped (they are not rows). A bad data line becomes a row with a problem and
/// does not stop the others. Errors (for the whole file): FileNotFound, PermissionDenied,
/// ReadFailed; InvalidArgument for a missing or unknown header column.
Result<BatchManifest> parseBatchManifest(const std::filesystem::path& manifestPath);

/// Parses manifest text as if read from `manifestPath` (relative paths resolve against its
/// folder). Same rules and errors as parseBatchManifest, without the file errors.
Result<BatchManifest> parseBatchManifestText(const std::string& text,
                                             const std::filesystem::path& manifestPath);

} // namespace voxdiff::core
