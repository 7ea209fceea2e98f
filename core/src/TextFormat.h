// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "voxdiff/Geometry.h"

namespace voxdiff::core {

/// "512x512x400" from a NIfTI-style dim[] (dim[0] = number of dimensions).
std::string formatDims(const std::array<std::int64_t, 8>& dim);
/// "512x512x400" from i, j, k.
std::string formatDims(const Index3& dims);
/// "1.5 GiB", "200 MiB", "12 KiB", "100 bytes".
std::string formatBytes(std::uint64_t bytes);
/// A number with up to `significant` significant digits, without trailing zeros (printf's
/// %g in the C locale, whatever the process locale; so is formatFixed).
std::string formatNumber(double value, int significant = 6);
/// A number with exactly `decimals` digits after the point, e.g. "12.50" (for drawing
/// coordinates in SVG and PDF).
std::string formatFixed(double value, int decimals);
/// formatFixed padded with spaces on the left to `width` characters (printf's %W.Df).
std::string formatFixedWidth(double value, int decimals, std::size_t width);
/// "(1.5, -2, 3.25)".
std::string formatVec(const Vec3& v, int significant = 6);
/// The number `text` holds, whole (after an optional leading '+'), read the same whatever the
/// process locale (the viewer's Qt adopts the user's: "0.5" must not read as 0 under de_DE);
/// nullopt when `text` is empty, holds anything else, or is not finite.
std::optional<double> parseDecimal(std::string_view text);

/// Removes leading and trailing whitespace and NULs.
std::string trimmed(const std::string& s);

} // namespace voxdiff::core
