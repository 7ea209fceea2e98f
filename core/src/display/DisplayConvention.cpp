// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/DisplayConvention.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "../TextFormat.h"

namespace voxdiff::core {

namespace {

/// Keeps exact voxel centres from flipping under rounding noise.
constexpr double kRoundingBias = 1e-9;

/// The tolerance in value units at the largest values compared.
double toleranceInValueUnits(const Comparison& c, const CompareOptions& o) {
    const DiffLocation& at = c.values.maxAbsDiffLocation;
    const double magnitude = std::max(std::abs(at.valueFirst), std::abs(at.valueSecond));
    return std::max(o.absTolerance, o.relTolerance * magnitude);
}

constexpr std::array<double, 3> kDivergingLow{59, 76, 192};
constexpr std::array<double, 3> kDivergingHigh{180, 4, 38};

std::uint8_t toByte(double v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

double clamp01(double t) {
    return std::clamp(t, 0.0, 1.0);
}

} // namespace

VerdictColours verdictColours(Verdict verdict) {
    switch (verdict) {
    case Verdict::Identical:
    case Verdict::Equivalent:
        return {{27, 127, 59}, {230, 244, 234}, {27, 127, 59}};
    case Verdict::Rescaled:
        return {{166, 94, 0}, {255, 243, 224}, {196, 122, 0}};
    case Verdict::Different:
        break;
    }
    return {{179, 38, 30}, {253, 236, 234}, {179, 38, 30}};
}

std::string hexColour(const std::array<std::uint8_t, 3>& rgb) {
    static const char* kDigits = "0123456789abcdef";
    std::string s = "#";
    for (std::uint8_t c : rgb) {
        s += kDigits[c >> 4];
        s += kDigits[c & 15];
    }
    return s;
}

std::array<std::uint8_t, 3> colourOf(ColorMap map, double t) {
    t = clamp01(t);
    switch (map) {
    case ColorMap::Grey: {
        const std::uint8_t g = toByte(255.0 * t);
        return {g, g, g};
    }
    case ColorMap::Hot:
        return {toByte(255.0 * clamp01(3.0 * t)), toByte(255.0 * clamp01(3.0 * t - 1.0)),
                toByte(255.0 * clamp01(3.0 * t - 2.0))};
    case ColorMap::Diverging: {
        const double s = 2.0 * t - 1.0;
        const auto& end = s < 0 ? kDivergingLow : kDivergingHigh;
        const double a = std::fabs(s);
        return {toByte(255.0 + a * (end[0] - 255.0)), toByte(255.0 + a * (end[1] - 255.0)),
                toByte(255.0 + a * (end[2] - 255.0))};
    }
    }
    return kNoDataColour;
}

DifferenceScale differenceScale(const Comparison& c, const CompareOptions& o, bool automatic) {
    DifferenceScale s;
    const double maxAbs = c.values.maxAbsDiff;
    const bool same = c.verdict == Verdict::Identical || c.verdict == Verdict::Equivalent;
    const double anchor = std::max(toleranceInValueUnits(c, o), c.values.quantizationBoundMax);
    if (!automatic && same && anchor > 0.0) {
        s.halfRange = std::max(anchor, maxAbs);
        s.anchored = true;
        s.legend = "Scale anchored to the " +
                   std::string(c.values.quantizationBoundMax >= toleranceInValueUnits(c, o)
                                   ? "quantization bound"
                                   : "tolerance") +
                   " (+-" + formatNumber(s.halfRange, 4) +
                   "): differences this small are expected, so they stay pale.";
        return s;
    }
    s.halfRange = maxAbs > 0.0 ? maxAbs : 1.0;
    s.legend = "Automatic scale: +-" + formatNumber(s.halfRange, 4) + ", the largest |difference|.";
    return s;
}

std::string formatShare(double fraction) {
    const double percent = 100.0 * fraction;
    if (fraction >= 1.0 || fraction <= 0.0) {
        return formatNumber(std::clamp(percent, 0.0, 100.0));
    }
    // More digits until the text no longer reads as 0 or 100.
    for (int digits = 6; digits <= 12; ++digits) {
        const std::string text = formatNumber(percent, digits);
        const double shown = parseDecimal(text).value_or(0.0);
        if (shown > 0.0 && shown < 100.0) {
            return text;
        }
    }
    return formatNumber(percent, 15);
}

Index3 nearestVoxelIndex(const Vec3& continuousIndex) {
    Index3 out{0, 0, 0};
    for (std::size_t a = 0; a < 3; ++a) {
        out[a] = static_cast<std::int64_t>(std::floor(continuousIndex[a] + 0.5 + kRoundingBias));
    }
    return out;
}

Index3 partnerVoxelIndex(const GeometryRelation& g, const Index3& firstIndex) {
    if (!g.sameLattice) {
        const Vec3 p{static_cast<double>(firstIndex[0]), static_cast<double>(firstIndex[1]),
                     static_cast<double>(firstIndex[2])};
        return nearestVoxelIndex(g.firstIjkToSecondIjk.transformPoint(p));
    }
    Index3 out{0, 0, 0};
    for (std::size_t a = 0; a < 3; ++a) {
        const AxisMapEntry& e = g.axisMap[a];
        out[static_cast<std::size_t>(e.axis)] =
            e.flipped ? e.offset - firstIndex[a] : firstIndex[a] + e.offset;
    }
    return out;
}

} // namespace voxdiff::core
