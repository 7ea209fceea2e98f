#include <cmath>

#include "../TextFormat.h"
#include "CompareInternal.h"

namespace voxdiff::core::detail {

void decideVerdict(Comparison& c, const Volume& first, const Volume& second,
                   const CompareOptions& options, bool quantFirst, bool quantSecond) {
    (void)quantFirst;
    const GeometryRelation& g = c.geometry;
    const ValueComparison& vc = c.values;
    // The verdict, in plain words.
    const std::string tolText =
        "absolute " + formatNumber(options.absTolerance) +
        (options.relTolerance > 0 ? ", relative " + formatNumber(options.relTolerance) : "");
    if (!g.sameGrid) {
        c.verdict = Verdict::Different;
        c.verdictReason = g.sameLattice
                              ? "The images cover different extents of the same voxel lattice."
                              : "The images do not sample the same physical points (see geometry); "
                                "values were compared after interpolation.";
    } else if (vc.nonFiniteMismatch > 0) {
        c.verdict = Verdict::Different;
        c.verdictReason = std::to_string(vc.nonFiniteMismatch) +
                          " voxels are finite in one image and NaN or infinite in the other.";
    } else if (vc.maxAbsDiff == 0.0) {
        c.verdict = Verdict::Identical;
        c.verdictReason = "Same physical grid and every voxel value is equal.";
    } else if (vc.withinToleranceFraction >= 1.0) {
        c.verdict = Verdict::Equivalent;
        c.verdictReason = "Same physical grid; every difference is within the tolerance (" +
                          tolText + "); largest |difference| " + formatNumber(vc.maxAbsDiff) + ".";
    } else if (vc.quantizationApplies && vc.withinQuantizationFraction >= 1.0) {
        c.verdict = Verdict::Equivalent;
        const Volume& q = quantSecond ? second : first;
        c.verdictReason =
            "Same physical grid; values equal within the integer quantization of each slice: every "
            "|difference| "
            "is at most half the rescale slope of its slice (explained by integer storage, " +
            q.scaling().storedType +
            (q.scaling().slopeVariesPerSlice() ? " with a slope per slice" : "") +
            "; largest |difference| " + formatNumber(vc.maxAbsDiff) + ", largest bound " +
            formatNumber(vc.quantizationBoundMax) + " plus float32 rounding).";
    } else {
        c.verdict = Verdict::Different;
        const double over = 1.0 - vc.withinToleranceFraction;
        c.verdictReason = formatNumber(100.0 * over, 4) +
                          "% of the compared voxels differ by more than the "
                          "tolerance (" +
                          tolText + "); largest |difference| " + formatNumber(vc.maxAbsDiff) +
                          " at RAS " + formatVec(vc.maxAbsDiffLocation.pointRas, 5) + " mm.";
        if (vc.quantizationApplies) {
            c.verdictReason += " " + formatNumber(100.0 * vc.withinQuantizationFraction, 4) +
                               "% are within the integer quantization bound.";
        }
    }
    const LinearFit& fit = vc.linearFit;
    if (fit.valid && fit.r2 > 0.9999 && std::abs(fit.slope - 1.0) > 1e-3 && vc.maxAbsDiff > 0) {
        c.diagnostics.push_back(
            {Severity::Warning, "linear_rescale",
             "Values look linearly rescaled: second = " + formatNumber(fit.slope) + " x first + " +
                 formatNumber(fit.intercept) + " (R^2 " + formatNumber(fit.r2, 8) +
                 "). A unit change (for example Bq/ml vs SUV) would do this; for PET DICOM try "
                 "--suv."});
    }
    if (!first.valueUnits().empty() && !second.valueUnits().empty() &&
        first.valueUnits() != second.valueUnits()) {
        c.diagnostics.push_back(
            {Severity::Warning, "units_differ",
             "Value units differ: " + first.valueUnits() + " vs " + second.valueUnits() + "."});
    }
    if (g.interpolated) {
        c.diagnostics.push_back(
            {Severity::Info, "values_interpolated",
             std::string("The second image was resampled onto the first image's grid (") +
                 interpolationName(options.interpolation) + " interpolation)."});
    }
}

} // namespace voxdiff::core::detail
