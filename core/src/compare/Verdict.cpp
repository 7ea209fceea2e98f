// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cmath>

#include "../TextFormat.h"
#include "CompareInternal.h"
#include "voxdiff/ComparisonPolicy.h"

namespace voxdiff::core {

const char* verdictReasonCode(VerdictReason r) {
    switch (r) {
    case VerdictReason::EqualValues:
        return "equal_values";
    case VerdictReason::WithinTolerance:
        return "within_tolerance";
    case VerdictReason::WithinQuantization:
        return "within_quantization";
    case VerdictReason::LinearRescale:
        return "linear_rescale";
    case VerdictReason::SuvRescale:
        return "suv_rescale";
    case VerdictReason::NonFiniteMismatch:
        return "non_finite_mismatch";
    case VerdictReason::DifferentGrids:
        return "different_grids";
    case VerdictReason::DifferentExtents:
        return "different_extents";
    case VerdictReason::OverTolerance:
        return "over_tolerance";
    }
    return "over_tolerance";
}

} // namespace voxdiff::core

namespace voxdiff::core::detail {

namespace {

/// A SUVbw factor matches a slope when they agree to this relative precision.
constexpr double kSuvFactorMatch = 1e-4;

std::string toleranceText(const CompareOptions& options) {
    return "absolute " + formatNumber(options.absTolerance) +
           (options.relTolerance > 0 ? ", relative " + formatNumber(options.relTolerance) : "");
}

/// "x% (y% without the n pairs where both are 0)" when the background dominates.
std::string shareText(double share, double shareNoBackground, const ValueComparison& vc) {
    std::string s = formatNumber(100.0 * share, 4) + "%";
    const double n = static_cast<double>(std::max<std::int64_t>(vc.comparedVoxels, 1));
    if (static_cast<double>(vc.zeroBoth) / n >= kBackgroundDominantShare) {
        s += " (" + formatNumber(100.0 * shareNoBackground, 4) + "% without the " +
             std::to_string(vc.zeroBoth) + " background pairs where both values are 0)";
    }
    return s;
}

/// Whether second = a x first + b holds exactly up to rounding, and whether `a` is the SUVbw
/// factor of one side.
RescaleFinding findRescale(const ValueComparison& vc, const Volume& first, const Volume& second,
                           const CompareOptions& options) {
    RescaleFinding r;
    const LinearFit& fit = vc.linearFit;
    // The line holds when it explains the values to R^2 >= 1 - 1e-9 (a residual RMS could hide a
    // few changed voxels, so it is not enough on its own), or when every single residual is
    // within the tolerance or the integer storage step of its pair: int16 storage with a slope
    // per slice leaves R^2 just short of that, and no voxel changed.
    const bool residualsHold = fit.residualsChecked && fit.residualsOverBound == 0;
    if (!fit.valid || (fit.r2 < kRescaleMinR2 && !residualsHold)) {
        return r;
    }
    const double scale = std::max(std::abs(first.stats().max), std::abs(second.stats().max));
    // A slope or an intercept whose effect stays inside the integer storage step cannot be told
    // from 1 or 0 in the stored values: such a line is the identity, and the differences are
    // judged as differences (a changed voxel must not make a "rescale" by 1.00001).
    const double quantizationStep = vc.quantizationApplies ? vc.quantizationBoundMax : 0.0;
    // The first image's values reach about this far (its own statistics may not be computed).
    const double firstMagnitude = std::abs(fit.meanFirst) + 3.0 * fit.stdFirst;
    const bool slopeIsOne = std::abs(fit.slope - 1.0) <= std::max(options.relTolerance, 1e-6) ||
                            std::abs(fit.slope - 1.0) * firstMagnitude <= quantizationStep;
    const bool interceptIsZero = std::abs(fit.intercept) <= std::max(options.absTolerance, 0.0) ||
                                 std::abs(fit.intercept) <= 1e-6 * scale ||
                                 std::abs(fit.intercept) <= quantizationStep;
    if (slopeIsOne && interceptIsZero) {
        return r;
    }
    r.applies = true;
    r.heldBy = fit.r2 >= kRescaleMinR2           ? RescaleFinding::HeldBy::Fit
               : fit.residualsOverTolerance == 0 ? RescaleFinding::HeldBy::ResidualTolerance
                                                 : RescaleFinding::HeldBy::ResidualQuantization;
    r.slope = fit.slope;
    r.intercept = interceptIsZero ? 0.0 : fit.intercept;
    r.r2 = fit.r2;
    // The slope second/first that one side's SUVbw factor f explains: f when the second is the
    // SUVbw side (converted, or its partner left in Bq/ml), 1/f when the first is.
    auto matches = [&fit](double expected) {
        return expected > 0 && std::abs(fit.slope / expected - 1.0) < kSuvFactorMatch;
    };
    const Scaling& s1 = first.scaling();
    const Scaling& s2 = second.scaling();
    struct Candidate {
        double expectedSlope;
        int side;
        bool applied;
        const Scaling* scaling;
        double factor;
    };
    const Candidate candidates[] = {
        {s2.suvFactor, 1, true, &s2, s2.suvFactor},
        {s1.suvFactor > 0 ? 1.0 / s1.suvFactor : 0.0, 0, true, &s1, s1.suvFactor},
        {s2.suvFactorAvailable > 0 && s2.suvFactor == 0 ? 1.0 / s2.suvFactorAvailable : 0.0, 1,
         false, &s2, s2.suvFactorAvailable},
        {s1.suvFactorAvailable > 0 && s1.suvFactor == 0 ? s1.suvFactorAvailable : 0.0, 0, false,
         &s1, s1.suvFactorAvailable},
    };
    for (const Candidate& cand : candidates) {
        if (r.intercept == 0.0 && matches(cand.expectedSlope)) {
            r.suvFactor = true;
            r.suvSide = cand.side;
            r.suvApplied = cand.applied;
            r.suvInputs = cand.scaling->suvInputs;
            r.suvFactorValue = cand.factor;
            break;
        }
    }
    return r;
}

std::string rescaleSentence(const RescaleFinding& r, const ValueComparison& vc,
                            const CompareOptions& options) {
    std::string s = "The same image in other units: second = " + formatNumber(r.slope) + " x first";
    if (r.intercept != 0.0) {
        s += (r.intercept < 0 ? " - " : " + ") + formatNumber(std::abs(r.intercept));
    }
    switch (r.heldBy) {
    case RescaleFinding::HeldBy::Fit:
        s += " (R^2 " + formatNumber(r.r2, 10) + ").";
        break;
    case RescaleFinding::HeldBy::ResidualTolerance:
        s += ", every value within the tolerance (" + toleranceText(options) +
             ") of the line (largest residual " + formatNumber(vc.linearFit.maxAbsResidual) +
             ", R^2 " + formatNumber(r.r2, 10) + ").";
        break;
    case RescaleFinding::HeldBy::ResidualQuantization:
        s += ", every value within the integer quantization of its slice (" +
             (vc.quantizationSide == "both" ? std::string("both images' half storage steps")
              : vc.quantizationSide == "first"
                  ? std::string("the first image's half storage step")
                  : std::string("the second image's half storage step")) +
             "; largest residual " + formatNumber(vc.linearFit.maxAbsResidual) + ", R^2 " +
             formatNumber(r.r2, 10) + ").";
        break;
    }
    if (r.suvFactor) {
        const std::string side = r.suvSide == 1 ? "second" : "first";
        const bool inverse =
            std::abs(r.slope * r.suvFactorValue - 1.0) < std::abs(r.slope / r.suvFactorValue - 1.0);
        s += inverse ? " Its inverse, " + formatNumber(r.suvFactorValue) + "," : " This";
        s += r.suvApplied ? " is the SUVbw factor of the " + side +
                                " image, which was converted from Bq/ml to SUVbw (g/ml): "
                          : " is the SUVbw factor of the " + side +
                                " image, a PET DICOM series left in Bq/ml while the other is in "
                                "SUVbw: ";
        s += r.suvInputs + ".";
    }
    return s;
}

/// The verdict from the grids and the values alone.
void decideFromValues(Comparison& c, const Volume& first, const Volume& second,
                      const CompareOptions& options, bool quantSecond) {
    const GeometryRelation& g = c.geometry;
    const ValueComparison& vc = c.values;
    if (!g.sameGrid) {
        c.verdict = Verdict::Different;
        c.reason = g.sameLattice ? VerdictReason::DifferentExtents : VerdictReason::DifferentGrids;
        c.verdictReason = g.sameLattice
                              ? "The images cover different extents of the same voxel lattice."
                              : "The images do not sample the same physical points (see geometry); "
                                "values were compared after interpolation.";
    } else if (vc.nonFiniteMismatch > 0) {
        c.verdict = Verdict::Different;
        c.reason = VerdictReason::NonFiniteMismatch;
        c.verdictReason = std::to_string(vc.nonFiniteMismatch) +
                          " voxels are finite in one image and NaN or infinite in the other.";
    } else if (vc.maxAbsDiff == 0.0) {
        c.verdict = Verdict::Identical;
        c.reason = VerdictReason::EqualValues;
        c.verdictReason = "Same physical grid and every voxel value is equal.";
    } else if (vc.withinToleranceFraction >= 1.0) {
        c.verdict = Verdict::Equivalent;
        c.reason = VerdictReason::WithinTolerance;
        c.verdictReason = "Same physical grid; every difference is within the tolerance (" +
                          toleranceText(options) + "); largest |difference| " +
                          formatNumber(vc.maxAbsDiff) + ".";
    } else if (vc.quantizationApplies && vc.withinQuantizationFraction >= 1.0) {
        c.verdict = Verdict::Equivalent;
        c.reason = VerdictReason::WithinQuantization;
        const Volume& q = quantSecond ? second : first;
        c.verdictReason =
            "Same physical grid; values equal within the integer quantization of each slice: every "
            "|difference| is at most half the rescale slope of its slice (explained by integer "
            "storage, " +
            q.scaling().storedType +
            (q.scaling().slopeVariesPerSlice() ? " with a slope per slice" : "") +
            "; largest |difference| " + formatNumber(vc.maxAbsDiff) + ", largest bound " +
            formatNumber(vc.quantizationBoundMax) + " plus float32 rounding).";
    } else if (c.rescale = findRescale(vc, first, second, options); c.rescale.applies) {
        c.verdict = Verdict::Rescaled;
        c.reason = c.rescale.suvFactor ? VerdictReason::SuvRescale : VerdictReason::LinearRescale;
        c.verdictReason = rescaleSentence(c.rescale, vc, options) + " Values differ by up to " +
                          formatNumber(vc.maxAbsDiff) + ".";
    } else {
        c.verdict = Verdict::Different;
        c.reason = VerdictReason::OverTolerance;
        c.verdictReason = shareText(1.0 - vc.withinToleranceFraction,
                                    1.0 - vc.withinToleranceFractionNoBackground, vc) +
                          " of the compared voxels differ by more than the tolerance (" +
                          toleranceText(options) + "); largest |difference| " +
                          formatNumber(vc.maxAbsDiff) + " at RAS " +
                          formatVec(vc.maxAbsDiffLocation.pointRas, 5) + " mm.";
        if (vc.quantizationApplies) {
            c.verdictReason += " " +
                               shareText(vc.withinQuantizationFraction,
                                         vc.withinQuantizationFractionNoBackground, vc) +
                               " are within the integer quantization bound.";
        }
    }
}

/// Patient, study and frame of reference, compared when both sides carry them. Returns the
/// sentence that leads the verdict reason when the patients differ (no names: reports may be
/// anonymised).
std::string compareIdentities(Comparison& c, const Volume& first, const Volume& second) {
    const ImageIdentity& a = first.source().identity;
    const ImageIdentity& b = second.source().identity;
    auto differs = [](const std::string& x, const std::string& y) {
        return !x.empty() && !y.empty() && x != y;
    };
    std::vector<std::string> fields;
    if (differs(a.patientId, b.patientId)) {
        fields.push_back("Patient ID");
    }
    if (differs(a.patientName, b.patientName)) {
        fields.push_back("Patient's Name");
    }
    if (differs(a.patientBirthDate, b.patientBirthDate)) {
        fields.push_back("Patient's Birth Date");
    }
    std::string lead;
    if (!fields.empty()) {
        std::string joined;
        for (std::size_t n = 0; n < fields.size(); ++n) {
            joined += (n ? ", " : "") + fields[n];
        }
        lead = "The images are of different patients (" + joined + " differ).";
        c.diagnostics.push_back({Severity::Warning, "patient_differs",
                                 "The two images carry a different " + joined + "."});
        c.reasonCodes.push_back("patient_differs");
    }
    if (differs(a.studyInstanceUid, b.studyInstanceUid)) {
        c.diagnostics.push_back({Severity::Warning, "study_differs",
                                 "The two images belong to different studies (Study Instance UID "
                                 "differs)."});
    }
    if (differs(a.frameOfReferenceUid, b.frameOfReferenceUid)) {
        c.diagnostics.push_back({Severity::Warning, "frame_of_reference_differs",
                                 "The two images have different frames of reference: their "
                                 "patient coordinates need not describe the same space."});
    }
    return lead;
}

} // namespace

void decideVerdict(Comparison& c, const Volume& first, const Volume& second,
                   const CompareOptions& options, bool quantFirst, bool quantSecond) {
    (void)quantFirst;
    const std::string patientLead = compareIdentities(c, first, second);
    decideFromValues(c, first, second, options, quantSecond);
    c.reasonCodes.push_back(verdictReasonCode(c.reason));
    if (c.rescale.applies && c.rescale.heldBy != RescaleFinding::HeldBy::Fit) {
        c.reasonCodes.push_back(c.rescale.heldBy == RescaleFinding::HeldBy::ResidualTolerance
                                    ? "residuals_within_tolerance"
                                    : "residuals_within_quantization");
    }
    if (!patientLead.empty()) {
        c.verdictReason = patientLead + " " + c.verdictReason;
    }
    const GeometryRelation& g = c.geometry;
    const ValueComparison& vc = c.values;
    const LinearFit& fit = vc.linearFit;
    if (c.verdict != Verdict::Rescaled && fit.valid && fit.r2 > 0.9999 &&
        std::abs(fit.slope - 1.0) > 1e-3 && vc.maxAbsDiff > 0) {
        c.diagnostics.push_back(
            {Severity::Warning, "linear_rescale",
             "Values look linearly rescaled: second = " + formatNumber(fit.slope) + " x first + " +
                 formatNumber(fit.intercept) + " (R^2 " + formatNumber(fit.r2, 8) +
                 "). A unit change (for example Bq/ml vs SUVbw) would do this."});
    }
    if (!first.valueUnits().empty() && !second.valueUnits().empty() &&
        first.valueUnits() != second.valueUnits()) {
        c.diagnostics.push_back(
            {Severity::Warning, "units_differ",
             "Value units differ: " + first.valueUnits() + " vs " + second.valueUnits() + "."});
    }
    if (g.matchedWithinTolerance) {
        c.diagnostics.push_back(
            {Severity::Info, "grid_matched_within_tolerance",
             "Voxel centres agree within " + formatNumber(g.maxCenterDistanceMm, 3) + " mm (" +
                 formatNumber(g.maxCenterDistanceVoxels, 3) +
                 " voxel), inside the grid tolerance: matched exactly, not resampled (DICOM slice "
                 "positions often wander around their mean step)."});
    }
    if (g.interpolated) {
        c.diagnostics.push_back(
            {Severity::Info, "values_interpolated",
             std::string("The second image was resampled onto the first image's grid (") +
                 interpolationName(options.interpolation) + " interpolation)."});
    }
}

} // namespace voxdiff::core::detail
