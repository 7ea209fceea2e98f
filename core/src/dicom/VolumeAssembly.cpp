// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/VolumeAssembly.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

#include "dicom/ParallelFor.h"
#include "dicom/PetSuv.h"
#include "dicom/PixelDecoder.h"
#include "dicom/StackLayout.h"

namespace voxdiff::core::dicom {

namespace {

/// Multiplies the values, and the rescale that produced them, by the SUVbw factor.
void applySuv(Volume& volume, const SuvFactor& suv) {
    for (float& v : volume.voxels()) {
        v = static_cast<float>(v * suv.factor);
    }
    // The rescale now lands in SUV: the storage step (and so the quantization bound the
    // comparison uses) scales with the values.
    for (SliceScaling& s : volume.scaling().perSliceK) {
        s.slope *= suv.factor;
        s.intercept *= suv.factor;
    }
    volume.scaling().slope *= suv.factor;
    volume.scaling().intercept *= suv.factor;
    volume.scaling().suvFactor = suv.factor;
    volume.setValueUnits("g/ml (SUVbw)");
    volume.addDiagnostic(Severity::Info, "suv_bw", suv.explanation);
}

} // namespace

namespace {

std::string number(double v) {
    std::ostringstream os;
    os.precision(8);
    os << v;
    return os.str();
}

std::string unitsOf(const ObjectHeader& h) {
    if (!h.realWorldUnits.empty()) {
        return h.realWorldUnits;
    }
    if (h.modality == "CT") {
        return "HU";
    }
    if (h.modality == "PT") {
        static const std::map<std::string, std::string> kPet = {
            {"BQML", "Bq/ml"}, {"GML", "g/ml (SUVbw)"}, {"CNTS", "counts"}, {"PROPCPS", "propcps"}};
        const auto it = kPet.find(h.pet.units);
        return it != kPet.end() ? it->second : h.pet.units;
    }
    if (h.rtDose) {
        return "Gy";
    }
    return {};
}

void describeScaling(const std::vector<const ObjectHeader*>& objects, Volume& volume) {
    const Scaling& s = volume.scaling();
    if (s.perSliceK.empty()) {
        return;
    }
    const auto [lo, hi] = std::minmax_element(
        s.perSliceK.begin(), s.perSliceK.end(),
        [](const SliceScaling& a, const SliceScaling& b) { return a.slope < b.slope; });
    if (s.slopeVariesPerSlice()) {
        volume.addDiagnostic(Severity::Info, "rescale_slope_varies_per_slice",
                             "RescaleSlope differs between slices (" + number(lo->slope) + " to " +
                                 number(hi->slope) +
                                 "); each slice was rescaled with its own slope and intercept");
    }
    if (s.interceptVariesPerSlice()) {
        volume.addDiagnostic(Severity::Info, "rescale_intercept_varies_per_slice",
                             "RescaleIntercept differs between slices; each slice keeps its own");
    }
    std::optional<double> philips;
    for (const ObjectHeader* o : objects) {
        for (const FrameHeader& f : o->frames) {
            philips = philips ? philips : f.philipsScaleSlope;
        }
    }
    if (philips) {
        volume.addDiagnostic(
            Severity::Info, "philips_private_scaling",
            "values are DICOM modality values (stored x RescaleSlope + RescaleIntercept); the "
            "Philips private scale slope (2005,100E) = " +
                number(*philips) +
                " was not applied (dcm2niix by default writes (value) / (RescaleSlope x "
                "ScaleSlope) instead)");
    }
}

using Placements = std::map<const ObjectHeader*, std::vector<FramePlacement>>;

/// Where each slice of time point t comes from (file, frame, tile) and its rescale.
Scaling planSlices(const StackLayout& layout, std::int64_t t, const ObjectHeader& first,
                   Placements& placements) {
    Scaling scaling;
    bool rescalePresent = false;
    for (std::size_t k = 0; k < layout.slicesKt.size(); ++k) {
        const FrameRef& ref = layout.slicesKt[k][static_cast<std::size_t>(t)];
        const FrameHeader& fh = ref.header();
        rescalePresent = rescalePresent || fh.rescaleSlope || fh.rescaleIntercept;
        double slope = fh.rescaleSlope.value_or(1.0);
        const double intercept = fh.rescaleIntercept.value_or(0.0);
        if (ref.object->rtDose && ref.object->doseGridScaling) {
            slope *= *ref.object->doseGridScaling;
        }
        scaling.perSliceK.push_back({slope, intercept});
        placements[ref.object].push_back(
            {ref.frame, ref.tile, static_cast<std::int64_t>(k), slope, intercept});
    }
    scaling.kind = first.rtDose && first.doseGridScaling ? ScalingKind::DoseGridScaling
                   : rescalePresent                      ? ScalingKind::DicomRescale
                                                         : ScalingKind::None;
    scaling.storedType = first.floatPixelBytes != 0
                             ? "float" + std::to_string(8 * first.floatPixelBytes)
                             : std::string(first.pixelRepresentation == 1 ? "int" : "uint") +
                                   std::to_string(first.bitsAllocated);
    if (scaling.kind == ScalingKind::None) {
        scaling.perSliceK.clear();
    }
    return scaling;
}

struct DecodedSlices {
    VoxelBuffer voxels;
    ValueStats stats;
};

/// Decodes every placed frame into one buffer on every core. The value statistics of each
/// slice are gathered right after decoding it, while it is in cache, and merged in slice order,
/// so that they depend on the volume only (not on the scheduling, nor on the files' names).
Result<DecodedSlices> decodeSlices(const Placements& placements, const Index3& dims,
                                   std::uint64_t voxelCount, const ObjectHeader& first,
                                   const LoadOptions& options) {
    DecodedSlices out;
    try {
        out.voxels = VoxelBuffer(static_cast<std::size_t>(voxelCount));
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge,
                         "not enough memory for " + std::to_string(voxelCount * sizeof(float)) +
                             " bytes",
                         first.file);
    }
    std::vector<std::pair<const ObjectHeader*, std::vector<FramePlacement>>> work(
        placements.begin(), placements.end());
    std::vector<std::optional<Error>> failures(work.size());
    std::vector<ValueStatsAccumulator> stats(static_cast<std::size_t>(dims[2]));
    const std::size_t sliceVoxels =
        static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1]);
    float* voxels = out.voxels.data();
    const std::uint64_t budget = volumeBudgetBytes(options);
    // Progress about 50 times over the objects, in increasing order whichever thread reports.
    std::atomic<std::size_t> done{0};
    std::size_t reported = 0;
    std::mutex progressMutex;
    const std::size_t step = std::max<std::size_t>(1, work.size() / 50);
    parallelFor(
        work.size(),
        [&](std::size_t n) {
            Status s = decodeIntoVolume(*work[n].first, work[n].second, dims, voxels, budget);
            if (!s) {
                failures[n] = s.error();
                return;
            }
            for (const FramePlacement& p : work[n].second) {
                stats[static_cast<std::size_t>(p.sliceK)].add(
                    voxels + sliceVoxels * static_cast<std::size_t>(p.sliceK), sliceVoxels);
            }
            const std::size_t d = ++done;
            if (options.progress && (d % step == 0 || d == work.size())) {
                const std::lock_guard<std::mutex> lock(progressMutex);
                if (d > reported) {
                    reported = d;
                    options.progress(static_cast<double>(d) / static_cast<double>(work.size()),
                                     "reading pixel data");
                }
            }
        },
        options.cancel);
    if (options.cancel != nullptr && options.cancel->load()) {
        return makeError(ErrorCode::Cancelled, "loading was cancelled", first.file);
    }
    for (const auto& failure : failures) {
        if (failure) {
            return *failure;
        }
    }
    ValueStatsAccumulator total;
    for (const ValueStatsAccumulator& slice : stats) {
        total.merge(slice);
    }
    out.stats = total.result();
    return out;
}

/// Source labels, units, time points and the diagnostics of the layout and the scaling.
void describeVolume(Volume& volume, const DicomVolumeEntry& entry,
                    const std::vector<const ObjectHeader*>& objects, const StackLayout& layout,
                    std::int64_t t) {
    const ObjectHeader& first = *objects.front();
    volume.source().path = first.file.parent_path();
    volume.source().format = ImageFormat::Dicom;
    volume.source().seriesInstanceUid = entry.seriesInstanceUid;
    volume.source().description = entry.seriesDescription;
    volume.source().fileCount = static_cast<std::int64_t>(objects.size());
    volume.source().identity = first.identity;
    volume.setModality(first.modality);
    volume.setValueUnits(unitsOf(first));
    volume.setTimePoints(layout.timePoints, t);
    for (const Diagnostic& d : layout.diagnostics) {
        volume.addDiagnostic(d.severity, d.code, d.message);
    }
    describeScaling(objects, volume);
    if (first.rtDose && first.doseGridScaling) {
        volume.addDiagnostic(Severity::Info, "dose_grid_scaling",
                             "RT Dose values are stored x DoseGridScaling " +
                                 number(*first.doseGridScaling));
    }
    if (first.photometric == "MONOCHROME1") {
        volume.addDiagnostic(Severity::Warning, "monochrome1",
                             "MONOCHROME1: low values display bright; values are kept as stored "
                             "(not inverted)");
    }
}

/// SUVbw: applied on request to PET (statistics computed again), its factor kept for any PET
/// series, and a note when it was requested for another modality.
Status handleSuv(Volume& volume, const std::vector<const ObjectHeader*>& objects,
                 const LoadOptions& options) {
    const ObjectHeader& first = *objects.front();
    // SUVbw is a PET quantity: for any other modality the request does not apply (a viewer
    // opens CT and MR with the same settings as PET), and the volume says so.
    if (options.suv && first.modality != "PT") {
        volume.addDiagnostic(Severity::Info, "suv_not_applicable",
                             "SUVbw conversion applies to PET only; this " + first.modality +
                                 " series keeps its own values");
    }
    if (first.modality != "PT") {
        return Ok{};
    }
    auto suv = suvBodyWeightFactor(objects);
    if (options.suv && !suv) {
        return suv.error();
    }
    if (suv && suv->factor != 1.0) {
        // Kept even when not applied: a comparison can then name the factor of a pair that
        // differs by it.
        volume.scaling().suvFactorAvailable = suv->factor;
        volume.scaling().suvInputs = suv->explanation;
    }
    if (options.suv) {
        applySuv(volume, suv.value());
        volume.refreshStats();
    }
    return Ok{};
}

} // namespace

Result<Volume> assembleVolume(const DicomVolumeEntry& entry,
                              const std::vector<const ObjectHeader*>& objects,
                              const LoadOptions& options) {
    auto layoutResult = buildStackLayout(objects);
    if (!layoutResult) {
        return layoutResult.error();
    }
    StackLayout& layout = layoutResult.value();
    // Whatever the positions, spacings and thicknesses said, the grid must be invertible and
    // finite (a single slice of thickness 0, positions near 1e308): otherwise every later
    // step (the comparison, the cursor) would work on a silently wrong placement.
    bool invertible = false;
    layout.ijkToLps.inverse(&invertible);
    if (!invertible) {
        return makeError(ErrorCode::CorruptHeader,
                         "the slices' positions and spacings give no usable grid (a singular "
                         "or non-finite index-to-LPS matrix)",
                         objects.front()->file);
    }
    const std::int64_t t = options.volumeIndex;
    if (t < 0 || t >= layout.timePoints) {
        return makeError(ErrorCode::NoSuchVolume,
                         "volume index " + std::to_string(t) + " does not exist: the series has " +
                             std::to_string(layout.timePoints) + " volume(s)",
                         objects.front()->file);
    }
    const std::uint64_t voxelCount = static_cast<std::uint64_t>(layout.dims[0]) *
                                     static_cast<std::uint64_t>(layout.dims[1]) *
                                     static_cast<std::uint64_t>(layout.dims[2]);
    const std::uint64_t budget = volumeBudgetBytes(options);
    if (voxelCount * sizeof(float) > budget) {
        return makeError(ErrorCode::TooLarge,
                         "the volume needs " + std::to_string(voxelCount * sizeof(float)) +
                             " bytes, more than the budget of " + std::to_string(budget),
                         objects.front()->file);
    }
    const ObjectHeader& first = *objects.front();
    Placements placements;
    Scaling scaling = planSlices(layout, t, first, placements);
    auto decoded = decodeSlices(placements, layout.dims, voxelCount, first, options);
    if (!decoded) {
        return decoded.error();
    }
    Volume volume(layout.dims, layout.ijkToLps, std::move(decoded->voxels));
    volume.setStats(decoded->stats);
    volume.scaling() = std::move(scaling);
    describeVolume(volume, entry, objects, layout, t);
    if (Status suv = handleSuv(volume, objects, options); !suv) {
        return suv.error();
    }
    return volume;
}

} // namespace voxdiff::core::dicom
