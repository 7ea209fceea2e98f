// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <new>

#include "compare/RunInternal.h"
#include "voxdiff/BatchRunner.h"
#include "voxdiff/ComparisonRun.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/DicomWeb.h"
#include "voxdiff/ImageLoader.h"

extern "C" {
#include <nifti2_io.h>
}

namespace voxdiff::core {

namespace fs = std::filesystem;

namespace {

/// Threads, histograms and per-slice tables of one comparison, beyond its volumes.
constexpr std::uint64_t kPairFixedBytes = std::uint64_t{16} << 20;
constexpr std::uint64_t kFloatBytes = 4;

struct NiftiImageDeleter {
    void operator()(nifti_image* p) const { nifti_image_free(p); }
};

/// Voxels of the volume that will be loaded and the bytes per stored voxel.
struct SideSize {
    std::uint64_t voxels = 0;
    std::uint64_t storedBytesPerVoxel = 0;
};

Result<SideSize> niftiSideSize(const fs::path& path) {
    static std::once_flag quiet;
    std::call_once(quiet, [] { nifti_set_debug_level(0); });
    std::unique_ptr<nifti_image, NiftiImageDeleter> nim(nifti_image_read(path.c_str(), 0));
    if (!nim) {
        return makeError(ErrorCode::CorruptHeader, "the NIfTI header cannot be read", path);
    }
    SideSize s;
    s.voxels = static_cast<std::uint64_t>(std::max<std::int64_t>(1, nim->nx)) *
               static_cast<std::uint64_t>(std::max<std::int64_t>(1, nim->ny)) *
               static_cast<std::uint64_t>(std::max<std::int64_t>(1, nim->nz));
    s.storedBytesPerVoxel = static_cast<std::uint64_t>(std::max(1, nim->nbyper));
    return s;
}

Result<SideSize> dicomSideSize(const fs::path& path, const std::string& seriesUid) {
    auto listing = scanDicom(path);
    if (!listing) {
        return listing.error();
    }
    SideSize s;
    s.storedBytesPerVoxel = 2;
    for (const auto& v : listing->volumes) {
        if (!seriesUid.empty() && v.seriesInstanceUid != seriesUid) {
            continue;
        }
        // Every frame of the part, whatever the time points: an upper bound of one load.
        const std::uint64_t voxels =
            static_cast<std::uint64_t>(std::max<std::int64_t>(0, v.dims[0])) *
            static_cast<std::uint64_t>(std::max<std::int64_t>(0, v.dims[1])) *
            static_cast<std::uint64_t>(std::max<std::int64_t>(1, v.frameCount));
        s.voxels = std::max(s.voxels, voxels);
    }
    return s;
}

Result<SideSize> sideSize(const fs::path& path, const std::string& seriesUid) {
    switch (detectInputKind(path)) {
    case InputKind::Nifti:
        return niftiSideSize(path);
    case InputKind::Dicom:
        return dicomSideSize(path, seriesUid);
    case InputKind::Unknown:
        break;
    }
    return makeError(ErrorCode::UnknownFormat, "neither NIfTI nor DICOM", path);
}

/// A file name for the pair's report: the name with anything but [A-Za-z0-9._-] as '_'.
std::string reportFileName(const std::string& name) {
    std::string out;
    for (char c : name) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        out += safe ? c : '_';
    }
    if (out.empty() || out[0] == '.') {
        out.insert(out.begin(), '_');
    }
    return out + ".json";
}

void recordComparison(BatchPairResult& r, const Comparison& c) {
    r.outcome = outcomeOfVerdict(c.verdict);
    r.verdict = verdictName(c.verdict);
    r.reason = verdictReasonCode(c.reason);
    r.verdictReason = c.verdictReason;
    r.maxAbsDiff = c.values.maxAbsDiff;
    r.sameGrid = c.geometry.sameGrid;
    if (c.geometry.sameLattice) {
        r.axisMap = c.geometry.axisMap;
    }
}

/// `compare`'s run of the pair; a row naming a different series on each side loads each side
/// with its own series, under the same settings otherwise.
Result<ComparisonRun> runPairComparison(const BatchPair& pair, const ComparisonSettings& settings) {
    if (pair.seriesFirst == pair.seriesSecond) {
        return runComparison(pair.first, pair.second, settings);
    }
    std::array<LoadOptions, 2> load{loadOptionsFor(settings, Side::First),
                                    loadOptionsFor(settings, Side::Second)};
    load[0].seriesUid = pair.seriesFirst;
    load[1].seriesUid = pair.seriesSecond;
    return detail::loadAndCompare({pair.first, pair.second}, load, settings);
}

/// Load, compare, report: the steps of `compare`, for one pair.
std::optional<Error> comparePair(const BatchPair& pair, const BatchRunOptions& options,
                                 BatchPairResult& r) {
    auto run = runPairComparison(pair, batchSettings(pair));
    if (!run) {
        return run.error();
    }
    recordComparison(r, run->comparison);
    if (!options.reportFolder.empty()) {
        ExportRequest request;
        request.force = options.overwrite;
        request.inputs = {pair.first, pair.second};
        const std::string bytes = renderReport(run.value(), ReportFormat::Json, request);
        const fs::path path = options.reportFolder / reportFileName(pair.name);
        if (auto st = writeOutput(path, bytes, options.overwrite, request.inputs); !st) {
            return st.error();
        }
    }
    return std::nullopt;
}

} // namespace

ComparisonSettings batchSettings(const BatchPair& pair) {
    ComparisonSettings settings;
    if (pair.absTolerance) {
        settings.absTolerance = *pair.absTolerance;
    }
    if (pair.relTolerance) {
        settings.relTolerance = *pair.relTolerance;
    }
    settings.suv = {pair.suv, pair.suv};
    settings.seriesUid = pair.seriesFirst;
    return settings;
}

Result<std::uint64_t> estimatePairBytes(const BatchPair& pair) {
    auto first = sideSize(pair.first, pair.seriesFirst);
    if (!first) {
        return first.error();
    }
    auto second = sideSize(pair.second, pair.seriesSecond);
    if (!second) {
        return second.error();
    }
    std::uint64_t bytes = kPairFixedBytes;
    for (const SideSize& s : {first.value(), second.value()}) {
        bytes += s.voxels * (kFloatBytes + s.storedBytesPerVoxel);
    }
    // Room for the second image resampled onto the first grid.
    return bytes + first->voxels * kFloatBytes;
}

BatchPairRun runBatchPair(const BatchPair& pair, const BatchRunOptions& options) {
    BatchPairRun run;
    BatchPairResult& r = run.result;
    r.name = pair.name;
    r.first = inputAsShown(pair.first.string());
    r.second = inputAsShown(pair.second.string());
    const auto start = std::chrono::steady_clock::now();
    try {
        run.error = comparePair(pair, options, r);
    } catch (const std::bad_alloc&) {
        run.error = makeError(ErrorCode::TooLarge, "out of memory while comparing this pair");
    } catch (const std::exception& e) {
        run.error = makeError(ErrorCode::Internal, std::string("unexpected failure: ") + e.what());
    }
    if (run.error) {
        r.outcome = PairOutcome::Error;
        r.verdict.clear();
        r.errorCode = std::string(errorCodeName(run.error->code));
        r.errorMessage = run.error->describe();
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

} // namespace voxdiff::core
