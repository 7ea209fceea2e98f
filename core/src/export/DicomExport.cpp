// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/DicomExport.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "export/GridPlacement.h"
#include "export/ParametricMapWriter.h"
#include "export/PetSliceWriter.h"
#include "export/ReferenceSeries.h"
#include "export/SeriesAttributes.h"
#include "export/StagedFolder.h"
#include "export/Uid.h"
#include "export/UnitsChoice.h"
#include "voxdiff/ComparisonReport.h"
#include "voxdiff/DicomSeries.h"

namespace voxdiff::core {

namespace fs = std::filesystem;
using namespace dicom_out;

namespace {

/// Progress weights of the three steps: reading the reference, writing, verifying.
constexpr double kReadShare = 0.3;
constexpr double kWriteShare = 0.4;

void report(const DicomExportOptions& options, double fraction, const std::string& label) {
    if (options.progress) {
        options.progress(std::clamp(fraction, 0.0, 1.0), label);
    }
}

bool cancelled(const DicomExportOptions& options) {
    return options.cancel != nullptr && options.cancel->load();
}

Error cancelledError(const fs::path& folder) {
    return makeError(ErrorCode::Cancelled, "the export was cancelled", folder);
}

Status checkInput(const Volume& input, const DicomExportOptions& options) {
    const Index3& dims = input.dims();
    if (input.voxelCount() <= 0 || dims[0] > 65535 || dims[1] > 65535 || dims[2] > 65535) {
        return makeError(ErrorCode::InvalidArgument,
                         "a DICOM series needs 1 to 65535 rows, columns and slices",
                         input.source().path);
    }
    const bool finite = std::all_of(input.voxels().begin(), input.voxels().end(),
                                    [](float v) { return std::isfinite(v); });
    if (options.kind == DicomExportKind::Pet && !finite) {
        return makeError(ErrorCode::InvalidArgument,
                         "the volume holds NaN or infinite values, which int16 PET slices cannot "
                         "store (a Parametric Map can)",
                         input.source().path);
    }
    return Ok{};
}

/// Outputs never go into the data they come from.
Status checkOutsideReference(const fs::path& referencePath, const fs::path& outFolder) {
    std::error_code ec;
    const fs::path reference = fs::weakly_canonical(referencePath, ec);
    const fs::path referenceFolder =
        fs::is_directory(reference) ? reference : reference.parent_path();
    if (referenceFolder.empty()) {
        return Ok{};
    }
    const fs::path out = fs::weakly_canonical(outFolder, ec);
    const auto [end, _] =
        std::mismatch(referenceFolder.begin(), referenceFolder.end(), out.begin(), out.end());
    if (end == referenceFolder.end()) {
        return makeError(ErrorCode::WriteFailed,
                         "the output would be inside the reference's folder; it must go elsewhere",
                         outFolder);
    }
    return Ok{};
}

NewSeries newSeries(const Volume& input, const std::string& units) {
    NewSeries series;
    series.seriesInstanceUid = newUid();
    const std::string name = input.source().path.filename().string();
    series.description = "VoxDiff export" + (name.empty() ? std::string() : " of " + name);
    series.units = units;
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char date[16];
    char time[16];
    std::strftime(date, sizeof date, "%Y%m%d", &local);
    std::strftime(time, sizeof time, "%H%M%S", &local);
    series.contentDate = date;
    series.contentTime = time;
    return series;
}

Result<std::int64_t> writeSeries(const PlacedVolume& placed, const ReferenceSeries& reference,
                                 const NewSeries& series, const fs::path& staging,
                                 const DicomExportOptions& options) {
    if (options.kind == DicomExportKind::ParametricMap) {
        auto file = writeParametricMap(placed.volume, reference, series, staging);
        if (!file) {
            return file.error();
        }
        return std::int64_t{1};
    }
    auto plane = planeGeometry(placed.volume);
    if (!plane) {
        return plane.error();
    }
    const gdcm::DataSet common =
        petSeriesAttributes(reference, placed.volume, plane.value(), series);
    const auto progress = [&options](double f, const std::string& label) {
        report(options, kReadShare + kWriteShare * f, label);
    };
    const SlopeChoice slopes =
        options.petQuantization == PetQuantization::PerSlice      ? SlopeChoice::PerSlice
        : options.petQuantization == PetQuantization::IntegerCast ? SlopeChoice::UnitSlope
                                                                  : SlopeChoice::OneForVolume;
    return writePetSlices(placed.volume, common, staging, false, slopes, progress, options.cancel);
}

Status verifyRoundTrip(const Volume& input, const DicomExportOptions& options,
                       DicomExportResult& result) {
    report(options, kReadShare + kWriteShare, "reading the export back");
    LoadOptions load;
    load.cancel = options.cancel;
    auto readBack = loadDicom(result.folder, load);
    if (!readBack) {
        return readBack.error();
    }
    CompareOptions compare;
    compare.cancel = options.cancel;
    auto comparison = compareVolumes(input, readBack.value(), compare);
    if (!comparison) {
        return comparison.error();
    }
    result.readBack = std::move(readBack.value());
    result.roundTrip = std::move(comparison.value());
    const Verdict v = result.roundTrip.verdict;
    result.verified = options.kind == DicomExportKind::ParametricMap
                          ? v == Verdict::Identical
                          : options.petQuantization == PetQuantization::PerSlice &&
                                (v == Verdict::Identical || v == Verdict::Equivalent);
    report(options, 1.0, "verified");
    return Ok{};
}

} // namespace

const char* dicomExportKindName(DicomExportKind kind) {
    return kind == DicomExportKind::Pet ? "pet" : "parametric-map";
}

const char* petQuantizationName(PetQuantization q) {
    switch (q) {
    case PetQuantization::PerSlice:
        return "per_slice";
    case PetQuantization::OneSlopeForVolume:
        return "one_slope";
    case PetQuantization::IntegerCast:
        return "integer_cast";
    }
    return "per_slice";
}

const char* unitsSourceName(UnitsSource source) {
    switch (source) {
    case UnitsSource::Given:
        return "given";
    case UnitsSource::ReferenceValues:
        return "reference_values";
    case UnitsSource::ReferenceSuvbw:
        return "reference_suvbw";
    }
    return "given";
}

Result<DicomExportResult> exportDicom(const Volume& input, const fs::path& referencePath,
                                      const fs::path& outFolder,
                                      const DicomExportOptions& options) {
    if (auto st = checkInput(input, options); !st) {
        return st.error();
    }
    if (auto st = checkOutsideReference(referencePath, outFolder); !st) {
        return st.error();
    }
    auto staged = StagedFolder::begin(outFolder, options.replaceExisting);
    if (!staged) {
        return staged.error();
    }
    report(options, 0.0, "reading the reference");
    auto reference = readReferenceSeries(referencePath, options.cancel);
    if (!reference) {
        return reference.error();
    }
    auto placed = placeOnReferenceGrid(input, reference->volume);
    if (!placed) {
        Error e = placed.error();
        e.file = referencePath;
        return e;
    }
    auto units = chooseUnits(placed->volume, reference.value(), options.units);
    if (!units) {
        Error e = units.error();
        e.file = referencePath;
        return e;
    }
    if (cancelled(options)) {
        return cancelledError(outFolder);
    }
    report(options, kReadShare, "writing");
    const NewSeries series = newSeries(input, units->petCode);
    auto count =
        writeSeries(placed.value(), reference.value(), series, staged->stagingPath(), options);
    if (!count) {
        return count.error();
    }
    if (cancelled(options)) {
        return cancelledError(outFolder);
    }
    if (auto st = staged->commit(); !st) {
        return st.error();
    }
    DicomExportResult result;
    result.kind = options.kind;
    result.folder = staged->targetPath();
    result.fileCount = count.value();
    result.seriesInstanceUid = series.seriesInstanceUid;
    result.units = units->petCode;
    result.unitsSource = units->source;
    result.reordered = placed->reordered;
    result.axisMap = placed->axisMap;
    if (auto st = verifyRoundTrip(input, options, result); !st) {
        return st.error();
    }
    return result;
}

} // namespace voxdiff::core
