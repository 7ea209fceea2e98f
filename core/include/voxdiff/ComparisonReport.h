// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>

#include "voxdiff/Comparison.h"
#include "voxdiff/Json.h"

namespace voxdiff::core {

/// The compare command's JSON report (schema in docs/report-schema.md, version 1): first,
/// second, geometry, values, diagnostics, verdict.
Json comparisonToJson(const Comparison& comparison, const Volume& first, const Volume& second,
                      const CompareOptions& options);

struct ComparisonSettings;

/// The same report with the settings used and each image's patient, study and frame of
/// reference; `anonymize` leaves out names, IDs, dates, UIDs and paths.
Json comparisonToJson(const Comparison& comparison, const Volume& first, const Volume& second,
                      const ComparisonSettings& settings, bool anonymize);

/// The per-slice statistics as CSV (one row per slice k of the first image).
std::string perSliceCsv(const Comparison& comparison);

/// A short human summary for a terminal: verdict, geometry in plain words, key numbers.
std::string comparisonSummaryText(const Comparison& comparison, const Volume& first,
                                  const Volume& second);

} // namespace voxdiff::core
