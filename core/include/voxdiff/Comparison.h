// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "voxdiff/Diagnostic.h"
#include "voxdiff/Geometry.h"
#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

enum class Interpolation { Linear, Nearest };
const char* interpolationName(Interpolation i);

/// How to compare two volumes.
struct CompareOptions {
    /// Voxels whose |second - first| exceeds this are "over the absolute tolerance" (in the
    /// images' value units). 0: only exact equality is within tolerance.
    double absTolerance = 0.0;
    /// Voxels whose |second - first| exceeds relTolerance * max(|first|, |second|) are "over
    /// the relative tolerance". 0 disables the relative test.
    double relTolerance = 0.0;
    /// Used only when the grids differ (then values are resampled onto the first image's grid).
    Interpolation interpolation = Interpolation::Linear;
    /// Histogram of signed differences: number of bins over a symmetric range [-r, r].
    int histogramBins = 101;
    /// 0: r = max |difference|; otherwise the given half-range.
    double histogramHalfRange = 0.0;
    /// Largest distance between matched voxel centres, as a fraction of the first image's
    /// voxel along each axis, for the grids to count as the same.
    double gridToleranceVoxels = 0.1;
    /// Keep the second image's values on the first image's grid (for difference maps).
    bool keepSecondOnFirstGrid = false;
    ProgressCallback progress;
    const std::atomic<bool>* cancel = nullptr;
};

/// For index axis a of the first image: the axis of the second image that runs along it,
/// whether it runs the other way, and where index 0 of the first lands on it.
struct AxisMapEntry {
    int axis = 0;
    bool flipped = false;
    std::int64_t offset = 0;
};

/// How the two grids relate in physical space.
struct GeometryRelation {
    /// The index-to-index map is a signed axis permutation with integer offsets (within
    /// gridToleranceVoxels): both images sample the same physical points, matched exactly.
    bool sameGrid = false;
    /// Same spacing and same points, but not every voxel of one has a partner in the other.
    bool sameLattice = false;
    std::array<AxisMapEntry, 3> axisMap{}; ///< meaningful when sameLattice
    Matrix4 firstIjkToSecondIjk;           ///< continuous index map
    double maxCenterDistanceMm = 0.0;      ///< between matched voxel centres (same lattice)
    /// The same distance along the first image's axes, in voxels of the first image.
    double maxCenterDistanceVoxels = 0.0;
    /// Matched within the grid tolerance but not exactly (above 0.001 voxel): a real series'
    /// slice positions wander around their mean step.
    bool matchedWithinTolerance = false;
    double overlapFraction = 0.0; ///< share of the first's voxels inside the second
    bool interpolated = false;    ///< values were resampled onto the first grid
    Vec3 spacingFirstMm{};
    Vec3 spacingSecondMm{};            ///< along the first's axes when sameLattice
    double maxDirectionAngleDeg = 0.0; ///< between corresponding axes
    /// One paragraph in plain words: "Same physical grid; the k axis is reversed. ..."
    std::string explanation;
    /// The arithmetic behind it, one line each (origin per axis, spacing, extent).
    std::vector<std::string> details;
};

/// Where a value difference was found.
struct DiffLocation {
    Index3 indexFirst{0, 0, 0};
    Vec3 indexSecond{}; ///< integer on the same grid, continuous when resampled
    Vec3 pointLps{};
    Vec3 pointRas{};
    double valueFirst = 0.0;
    double valueSecond = 0.0;
};

struct LinearFit {
    bool valid = false;
    double slope = 1.0; ///< second = slope * first + intercept
    double intercept = 0.0;
    double r2 = 0.0;
    /// Root mean square of second - (slope x first + intercept), in the second's units.
    double residualRms = 0.0;
    /// Mean and standard deviation of the first image's values over the compared pairs.
    double meanFirst = 0.0;
    double stdFirst = 0.0;
    /// Whether each pair's residual was tested against its bound (only when R^2 alone does
    /// not settle whether the line holds, and the residual RMS leaves it possible).
    bool residualsChecked = false;
    /// Largest |residual| over the pairs (when checked).
    double maxAbsResidual = 0.0;
    /// Pairs whose residual exceeds the tolerance (absolute or relative, as for differences).
    std::int64_t residualsOverTolerance = 0;
    /// Pairs whose residual exceeds both the tolerance and the quantization bound of the pair
    /// (the second's half step plus |slope| x the first's half step): 0 means the line holds
    /// up to the integer storage of the values.
    std::int64_t residualsOverBound = 0;
};

struct DiffHistogram {
    std::vector<double> edges; ///< bins + 1 edges of the signed difference
    std::vector<std::int64_t> counts;
};

/// Statistics of one slice k of the first image.
struct SliceDiffStats {
    std::int64_t k = 0;
    std::int64_t count = 0;
    double maxAbsDiff = 0.0;
    double meanDiff = 0.0;
    double rmse = 0.0;
    /// Half the integer storage step of this slice (slope_k / 2, in value units), when a side
    /// stored integers with per-slice rescale; 0 otherwise.
    double quantizationBound = 0.0;
};

struct ValueComparison {
    std::int64_t comparedVoxels = 0;    ///< pairs with both values finite
    std::int64_t nanBoth = 0;           ///< both NaN (or both the same infinity): equal
    std::int64_t nonFiniteMismatch = 0; ///< one side finite, the other not (or different inf)
    double maxAbsDiff = 0.0;
    DiffLocation maxAbsDiffLocation;
    double meanDiff = 0.0; ///< mean of second - first
    double meanAbsDiff = 0.0;
    double rmse = 0.0;
    std::vector<std::pair<double, double>> percentilesAbs; ///< (percentile, |diff|)
    std::int64_t overAbsTolerance = 0;
    std::int64_t overRelTolerance = 0;
    double withinToleranceFraction = 1.0; ///< within abs OR rel tolerance
    /// Pairs where both values are exactly 0 (the background rule).
    std::int64_t zeroBoth = 0;
    /// The same shares over the pairs that are not both 0.
    double withinToleranceFractionNoBackground = 1.0;
    double withinQuantizationFractionNoBackground = 0.0;
    LinearFit linearFit;
    /// Quantization explanation: when one side was stored as integers with a rescale slope.
    bool quantizationApplies = false;
    std::string quantizationSide; ///< "first" or "second"
    double quantizationBoundMax = 0.0;
    double withinQuantizationFraction = 0.0;
    DiffHistogram histogram;
    std::vector<SliceDiffStats> perSlice;
};

/// The answer. Stable codes (verdictName): identical, equivalent, rescaled, different.
enum class Verdict { Identical, Equivalent, Rescaled, Different };
const char* verdictName(Verdict v);

/// Why the verdict is what it is; stable codes (verdictReasonCode) in docs/report-schema.md.
enum class VerdictReason {
    EqualValues,        ///< equal_values
    WithinTolerance,    ///< within_tolerance
    WithinQuantization, ///< within_quantization
    LinearRescale,      ///< linear_rescale: second = a x first + b
    SuvRescale,         ///< suv_rescale: that factor is one side's SUVbw factor
    NonFiniteMismatch,  ///< non_finite_mismatch
    DifferentGrids,     ///< different_grids (values were resampled)
    DifferentExtents,   ///< different_extents (same lattice, partial overlap)
    OverTolerance,      ///< over_tolerance
};
const char* verdictReasonCode(VerdictReason r);

/// second = slope x first + intercept exactly up to rounding: the same image in other units.
struct RescaleFinding {
    bool applies = false;
    double slope = 1.0;
    double intercept = 0.0;
    double r2 = 0.0;
    /// The line holds by R^2 >= kRescaleMinR2 (HeldBy::Fit), or R^2 falls short only because
    /// every residual is within the tolerance (HeldBy::ResidualTolerance) or the quantization
    /// bound of its pair (HeldBy::ResidualQuantization).
    enum class HeldBy { Fit, ResidualTolerance, ResidualQuantization };
    HeldBy heldBy = HeldBy::Fit;
    /// The slope is a side's SUVbw factor (or its inverse): which side, and its inputs.
    bool suvFactor = false;
    int suvSide = 1;             ///< 0 first, 1 second
    bool suvApplied = false;     ///< that side was converted to SUVbw (else it is in Bq/ml)
    double suvFactorValue = 0.0; ///< the SUVbw factor f (slope is f or 1/f)
    std::string suvInputs;
};

/// The answer to "are these the same image?", with the numbers behind it.
struct Comparison {
    GeometryRelation geometry;
    ValueComparison values;
    Diagnostics diagnostics;
    Verdict verdict = Verdict::Different;
    VerdictReason reason = VerdictReason::OverTolerance;
    /// Codes behind the reason, the leading cause first (a patient mismatch before the values).
    std::vector<std::string> reasonCodes;
    /// One or two sentences: why this verdict, the cause first.
    std::string verdictReason;
    RescaleFinding rescale;
    /// Optional: the second image's values on the first image's grid (NaN outside it).
    std::vector<float> secondOnFirstGrid;
};

/// Relates the two grids without looking at values.
GeometryRelation relateGeometry(const Volume& first, const Volume& second,
                                double gridToleranceVoxels = 0.1);

/// Compares two volumes in physical space. Errors: Cancelled; InvalidArgument for empty volumes.
Result<Comparison> compareVolumes(const Volume& first, const Volume& second,
                                  const CompareOptions& options = {});

} // namespace voxdiff::core
