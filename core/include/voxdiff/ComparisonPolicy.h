// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "voxdiff/Comparison.h"
#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"

namespace voxdiff::core {

/// Which of the two compared images.
enum class Side { First = 0, Second = 1 };

/// Every choice that changes a comparison's answer, with the one set of defaults. The CLI, the
/// viewer and the headless report exporter all start from a default-constructed value and
/// change it only through the user's own choices, so the same pair gets the same answer.
struct ComparisonSettings {
    /// |second - first| above this (value units) is over the absolute tolerance.
    double absTolerance = 0.0;
    /// |second - first| above relTolerance x max(|first|, |second|) is over the relative
    /// tolerance; the default absorbs float32 rounding. A pair within either is within.
    double relTolerance = 1e-6;
    /// Per image: PET DICOM in SUVbw (g/ml). Ignored for other modalities and for NIfTI.
    std::array<bool, 2> suv{false, false};
    /// Used only when the grids differ (the second is resampled onto the first's grid).
    Interpolation interpolation = Interpolation::Linear;
    /// 4D/5D sources: which volume (time point), 0-based; applies to both images.
    std::int64_t volumeIndex = 0;
    /// DICOM folders with several series: which one (empty: the first image series).
    std::string seriesUid;
    /// Grids whose matched voxel centres agree within this fraction of a voxel are the same
    /// grid (real series wander by hundredths of a millimetre).
    double gridToleranceVoxels = 0.1;
    /// Bins of the signed-difference histogram.
    int histogramBins = 101;

    bool suvFor(Side side) const { return suv[static_cast<std::size_t>(side)]; }
};

/// The load options of one image under these settings.
LoadOptions loadOptionsFor(const ComparisonSettings& settings, Side side);

/// The comparison options under these settings (no progress, no cancel flag).
CompareOptions compareOptionsFor(const ComparisonSettings& settings);

/// One setting as the faces name it: the key is the command-line option without its dashes
/// ("tolerance", "suv-first"), shared by voxdiff-cli compare and voxdiff --export-report.
struct SettingSpec {
    const char* key;
    const char* valueName; ///< nullptr for a switch
    const char* help;
};

/// All settings, in the order the faces list them.
const std::vector<SettingSpec>& settingSpecs();

/// Sets one setting from its text form. A switch takes an empty value. Errors:
/// InvalidArgument with a message that names the setting and what it takes.
Status applySetting(ComparisonSettings& settings, std::string_view key, std::string_view value);

/// The settings as (key, value) rows, for every report's "settings used" table.
std::vector<std::pair<std::string, std::string>> settingsRows(const ComparisonSettings& settings);

/// The background rule: pairs where both values are exactly 0. Shares of voxels (within the
/// tolerance, within the quantization) are also reported without them when they make up at
/// least this share of the compared pairs.
inline constexpr double kBackgroundDominantShare = 0.5;

/// The rescale rule: second = a x first + b counts as the same image in other units when the
/// fit's R^2 is at least this.
inline constexpr double kRescaleMinR2 = 1.0 - 1e-9;

} // namespace voxdiff::core
