#pragma once

#include <string>

#include "voxdiff/Json.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// A matrix as JSON: 4 rows of 4 numbers.
Json matrixToJson(const Matrix4& m);
Json vecToJson(const Vec3& v);
/// Diagnostics as a JSON list of {severity, code, message}.
Json diagnosticsToJson(const Diagnostics& diagnostics);

/// Everything `voxdiff-cli info --json` prints about a volume: source, dims, spacing_mm,
/// origin_lps/origin_ras, direction_lps, ijk_to_lps, ijk_to_ras, NIfTI qform/sform, scaling,
/// value statistics and diagnostics. The schema is in docs/report-schema.md.
Json describeVolume(const Volume& volume);

/// The same, as plain text for a terminal.
std::string describeVolumeText(const Volume& volume);

} // namespace voxdiff::core
