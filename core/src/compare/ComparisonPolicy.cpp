// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/ComparisonPolicy.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "../TextFormat.h"

namespace voxdiff::core {

namespace {

std::optional<std::int64_t> toInt(std::string_view text) {
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return v;
}

Error invalid(std::string_view key, const std::string& takes) {
    return makeError(ErrorCode::InvalidArgument, "setting " + std::string(key) + " takes " + takes);
}

Status setNonNegative(double& target, std::string_view key, std::string_view value) {
    const auto v = parseDecimal(value);
    if (!v || *v < 0) {
        return invalid(key, "a non-negative number");
    }
    target = *v;
    return Ok{};
}

} // namespace

LoadOptions loadOptionsFor(const ComparisonSettings& settings, Side side) {
    LoadOptions load;
    load.volumeIndex = settings.volumeIndex;
    load.seriesUid = settings.seriesUid;
    load.suv = settings.suvFor(side);
    return load;
}

CompareOptions compareOptionsFor(const ComparisonSettings& settings) {
    CompareOptions options;
    options.absTolerance = settings.absTolerance;
    options.relTolerance = settings.relTolerance;
    options.interpolation = settings.interpolation;
    options.gridToleranceVoxels = settings.gridToleranceVoxels;
    options.histogramBins = settings.histogramBins;
    return options;
}

const std::vector<SettingSpec>& settingSpecs() {
    static const std::vector<SettingSpec> specs = {
        {"tolerance", "ABS", "absolute tolerance in the images' value units (default 0)"},
        {"rel-tolerance", "REL",
         "relative tolerance, of max(|first|, |second|) (default 1e-6: float32 rounding)"},
        {"suv", nullptr, "PET DICOM in SUVbw (g/ml), both images (other images ignore it)"},
        {"suv-first", nullptr, "PET DICOM in SUVbw, first image only"},
        {"suv-second", nullptr, "PET DICOM in SUVbw, second image only"},
        {"interpolation", "linear|nearest", "resampling when the grids differ (default linear)"},
        {"volume", "N", "which volume (time point) of a 4D/5D input, 0-based (default 0)"},
        {"series", "UID", "which series of a DICOM folder (default: the first image series)"},
        {"grid-tolerance", "VOXELS",
         "voxel centres within this fraction of a voxel are the same grid (default 0.1)"},
        {"bins", "N", "bins of the difference histogram (default 101)"},
    };
    return specs;
}

Status applySetting(ComparisonSettings& s, std::string_view key, std::string_view value) {
    if (key == "tolerance") {
        return setNonNegative(s.absTolerance, key, value);
    }
    if (key == "rel-tolerance") {
        return setNonNegative(s.relTolerance, key, value);
    }
    if (key == "grid-tolerance") {
        const auto v = parseDecimal(value);
        if (!v || *v < 0 || *v >= 0.5) {
            return invalid(key, "a fraction of a voxel from 0 to below 0.5");
        }
        s.gridToleranceVoxels = *v;
        return Ok{};
    }
    if (key == "suv" || key == "suv-first" || key == "suv-second") {
        s.suv[0] = s.suv[0] || key != "suv-second";
        s.suv[1] = s.suv[1] || key != "suv-first";
        return Ok{};
    }
    if (key == "interpolation") {
        if (value != "linear" && value != "nearest") {
            return invalid(key, "linear or nearest");
        }
        s.interpolation = value == "nearest" ? Interpolation::Nearest : Interpolation::Linear;
        return Ok{};
    }
    if (key == "volume") {
        const auto v = toInt(value);
        if (!v || *v < 0) {
            return invalid(key, "a volume index (0, 1, ...)");
        }
        s.volumeIndex = *v;
        return Ok{};
    }
    if (key == "series") {
        s.seriesUid = std::string(value);
        return Ok{};
    }
    if (key == "bins") {
        const auto v = toInt(value);
        if (!v || *v < 1 || *v > 100000) {
            return invalid(key, "a number from 1 to 100000");
        }
        s.histogramBins = static_cast<int>(*v);
        return Ok{};
    }
    return makeError(ErrorCode::InvalidArgument, "unknown setting " + std::string(key));
}

std::vector<std::pair<std::string, std::string>> settingsRows(const ComparisonSettings& s) {
    auto onOff = [](bool on) { return std::string(on ? "on" : "off"); };
    return {
        {"tolerance", formatNumber(s.absTolerance)},
        {"rel-tolerance", formatNumber(s.relTolerance)},
        {"suv-first", onOff(s.suv[0])},
        {"suv-second", onOff(s.suv[1])},
        {"interpolation", interpolationName(s.interpolation)},
        {"volume", std::to_string(s.volumeIndex)},
        {"series", s.seriesUid.empty() ? std::string("first image series") : s.seriesUid},
        {"grid-tolerance", formatNumber(s.gridToleranceVoxels) + " voxel"},
        {"bins", std::to_string(s.histogramBins)},
    };
}

} // namespace voxdiff::core
