// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/DicomSeries.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include <gdcmTrace.h>

#include "FileChecks.h"
#include "dicom/HeaderStream.h"
#include "dicom/ParallelFor.h"
#include "dicom/SeriesGrouping.h"
#include "dicom/StackLayout.h"
#include "dicom/VolumeAssembly.h"

namespace voxdiff::core {

namespace fs = std::filesystem;
using dicom::HeaderScan;
using dicom::ObjectHeader;
using dicom::SeriesPart;

namespace {

/// A listing together with the headers behind it: listing.volumes[n] is parts[n].
struct ScanState {
    DicomListing listing;
    std::unique_ptr<HeaderScan> headers;
    std::vector<SeriesPart> parts;
};

/// GDCM reports warnings and errors on the console itself (e.g. "Encapsulated stream has
/// more bits actually stored on disk"); the core reports through Error and diagnostics only.
void silenceGdcm() {
    static std::once_flag once;
    std::call_once(once, [] {
        gdcm::Trace::WarningOff();
        gdcm::Trace::ErrorOff();
        gdcm::Trace::DebugOff();
    });
}

/// The listing of headers already read from the files under `root`.
ScanState listHeaders(const fs::path& root, HeaderScan headers) {
    ScanState state;
    state.headers = std::make_unique<HeaderScan>(std::move(headers));
    state.listing.root = root;
    state.listing.skipped = state.headers->skipped;
    state.listing.nonImage = state.headers->nonImage;
    state.parts = dicom::splitIntoParts(state.headers->images);
    std::map<std::string, int> partsPerSeries;
    for (const SeriesPart& part : state.parts) {
        const ObjectHeader& first = *part.objects.front();
        DicomVolumeEntry e;
        e.seriesInstanceUid = first.seriesInstanceUid;
        e.subVolume = partsPerSeries[first.seriesInstanceUid]++;
        e.label = part.label;
        e.modality = first.modality;
        e.seriesDescription = first.seriesDescription;
        e.seriesNumber = first.seriesNumber;
        e.text = first.text;
        e.fileCount = static_cast<std::int64_t>(part.objects.size());
        for (const ObjectHeader* o : part.objects) {
            e.files.push_back(o->file);
            e.frameCount += o->frameCount;
        }
        auto layout = dicom::buildStackLayout(part.objects);
        if (layout) {
            e.dims = layout->dims;
            e.timePoints = layout->timePoints;
            e.orientation = layout->orientationLabel();
            if (layout->mosaic) {
                e.frameCount = layout->dims[2] * layout->timePoints;
            }
        } else {
            e.dims = {first.columns, first.rows, e.frameCount};
            e.orientation = "unknown";
            e.problem = layout.error().message;
        }
        state.listing.volumes.push_back(std::move(e));
    }
    return state;
}

Result<ScanState> scanWithHeaders(const fs::path& path, const ProgressCallback& progress,
                                  const std::atomic<bool>* cancel) {
    silenceGdcm();
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return makeError(ErrorCode::FileNotFound, "no such file or folder", path);
    }
    if (fs::is_regular_file(path, ec)) {
        if (Status readable = checkReadableFile(path); !readable) {
            return readable.error();
        }
    } else if (fs::is_directory(path, ec)) {
        fs::directory_iterator probe(path, ec);
        if (ec) {
            return makeError(ErrorCode::PermissionDenied, "the folder cannot be listed", path);
        }
    }
    const std::vector<fs::path> files = dicom::collectFiles(path);
    if (files.empty()) {
        return makeError(ErrorCode::NoImageData, "the folder holds no files", path);
    }
    HeaderScan headers = dicom::readHeaders(files, progress, cancel);
    if (cancel != nullptr && cancel->load()) {
        return makeError(ErrorCode::Cancelled, "scanning was cancelled", path);
    }
    return listHeaders(path, std::move(headers));
}

std::vector<const ObjectHeader*> readEntryHeaders(const DicomVolumeEntry& entry,
                                                  std::vector<ObjectHeader>& storage,
                                                  std::vector<SkippedFile>& skipped) {
    std::vector<std::optional<Result<ObjectHeader>>> results(entry.files.size());
    dicom::parallelFor(entry.files.size(), [&](std::size_t n) {
        results[n] = dicom::readObjectHeader(entry.files[n]);
    });
    storage.reserve(results.size());
    for (std::size_t n = 0; n < results.size(); ++n) {
        if (results[n]->ok() && results[n]->value().isImage()) {
            storage.push_back(std::move(results[n]->value()));
        } else if (!results[n]->ok()) {
            skipped.push_back({entry.files[n],
                               results[n]->error().message,
                               results[n]->error().code,
                               results[n]->error().context,
                               {}});
        }
    }
    std::vector<const ObjectHeader*> pointers;
    for (const ObjectHeader& h : storage) {
        pointers.push_back(&h);
    }
    return pointers;
}

void noteSkipped(const std::vector<SkippedFile>& skipped, Volume& volume) {
    for (const SkippedFile& s : skipped) {
        volume.addDiagnostic(Severity::Warning, "file_skipped",
                             s.file.filename().string() + " was skipped: " + s.reason);
    }
}

/// Character set problems of the text shown with the volume, as warnings.
void noteTextIssues(const DicomVolumeEntry& entry, Volume& volume) {
    for (const std::string& code : entry.text.issues) {
        volume.addDiagnostic(Severity::Warning, code,
                             "the header text (patient, study and series) may not read as "
                             "written: Specific Character Set is '" +
                                 entry.text.specificCharacterSet + "' (" + code + ")");
    }
}

} // namespace

Result<DicomListing> scanDicom(const fs::path& path, const ProgressCallback& progress,
                               const std::atomic<bool>* cancel) {
    auto state = scanWithHeaders(path, progress, cancel);
    if (!state) {
        return state.error();
    }
    return std::move(state.value().listing);
}

Result<Volume> loadDicomVolume(const DicomVolumeEntry& entry, const LoadOptions& options) {
    silenceGdcm();
    if (entry.files.empty()) {
        return makeError(ErrorCode::NoSuchVolume, "the volume entry lists no files");
    }
    std::vector<ObjectHeader> storage;
    std::vector<SkippedFile> skipped;
    const auto objects = readEntryHeaders(entry, storage, skipped);
    if (objects.empty()) {
        if (!skipped.empty()) {
            return makeError(skipped.front().code, skipped.front().reason, skipped.front().file,
                             skipped.front().context);
        }
        return makeError(ErrorCode::NoImageData, "none of the files holds an image",
                         entry.files.front());
    }
    auto volume = dicom::assembleVolume(entry, objects, options);
    if (volume) {
        noteSkipped(skipped, volume.value());
        noteTextIssues(entry, volume.value());
    }
    return volume;
}

namespace {

/// Why nothing can be loaded from a listing without volumes.
Error nothingToLoad(const fs::path& path, const DicomListing& listing) {
    std::error_code ec;
    if (listing.skipped.size() == 1 && (!fs::is_directory(path, ec) || listing.nonImage.empty())) {
        // One file, named by the user or alone in its folder: its own error says the most.
        const SkippedFile& s = listing.skipped.front();
        return makeError(s.code, s.reason, s.file, s.context);
    }
    if (!listing.skipped.empty()) {
        const SkippedFile& s = listing.skipped.front();
        return makeError(
            ErrorCode::NoImageData,
            "no DICOM image in this folder: " + std::to_string(listing.skipped.size()) +
                " file(s) skipped, e.g. " + s.file.filename().string() + ": " + s.reason,
            path);
    }
    return makeError(ErrorCode::NoImageData,
                     listing.nonImage.empty() ? "no DICOM image found"
                                              : "only objects without pixel data (" +
                                                    listing.nonImage.front().reason + ", ...)",
                     path);
}

/// The volume the options ask for; unless told otherwise, the first one that can be built.
Result<std::size_t> chooseVolume(const fs::path& path, const DicomListing& listing,
                                 const LoadOptions& options) {
    std::vector<std::size_t> candidates;
    for (std::size_t n = 0; n < listing.volumes.size(); ++n) {
        const DicomVolumeEntry& e = listing.volumes[n];
        if ((options.seriesUid.empty() || e.seriesInstanceUid == options.seriesUid) &&
            (options.subVolume < 0 || e.subVolume == options.subVolume)) {
            candidates.push_back(n);
        }
    }
    if (candidates.empty()) {
        return makeError(ErrorCode::NoSuchVolume,
                         options.seriesUid.empty()
                             ? "no volume " + std::to_string(options.subVolume)
                             : "no volume of series " + options.seriesUid +
                                   (options.subVolume >= 0
                                        ? " with index " + std::to_string(options.subVolume)
                                        : ""),
                         path);
    }
    const auto buildable = std::find_if(candidates.begin(), candidates.end(), [&](std::size_t n) {
        return listing.volumes[n].problem.empty();
    });
    return buildable != candidates.end() ? *buildable : candidates.front();
}

Result<Volume> loadScanned(const fs::path& path, const ScanState& state,
                           const LoadOptions& options) {
    const DicomListing& listing = state.listing;
    if (listing.volumes.empty()) {
        return nothingToLoad(path, listing);
    }
    auto chosen = chooseVolume(path, listing, options);
    if (!chosen) {
        return chosen.error();
    }
    const DicomVolumeEntry& entry = listing.volumes[chosen.value()];
    auto volume = dicom::assembleVolume(entry, state.parts[chosen.value()].objects, options);
    if (!volume) {
        return volume.error();
    }
    Volume& v = volume.value();
    v.source().path = path;
    noteSkipped(listing.skipped, v);
    noteTextIssues(entry, v);
    if (listing.volumes.size() > 1) {
        v.addDiagnostic(Severity::Info, "other_volumes",
                        "the input holds " + std::to_string(listing.volumes.size()) +
                            " loadable volumes; this is " + entry.seriesInstanceUid +
                            (entry.label.empty() ? "" : " (" + entry.label + ")") +
                            " (list them with voxdiff-cli series)");
    }
    return volume;
}

} // namespace

Result<Volume> loadDicom(const fs::path& path, const LoadOptions& options) {
    // The headers take about 40 % of a local load, the pixel data the rest.
    constexpr double kHeaderShare = 0.4;
    ProgressCallback headerProgress;
    LoadOptions pixelOptions = options;
    if (options.progress) {
        headerProgress = [&options](double f, const std::string& label) {
            options.progress(f * kHeaderShare, label);
        };
        pixelOptions.progress = [&options](double f, const std::string& label) {
            options.progress(kHeaderShare + f * (1.0 - kHeaderShare), label);
        };
    }
    auto scanned = scanWithHeaders(path, headerProgress, options.cancel);
    if (!scanned) {
        return scanned.error();
    }
    return loadScanned(path, scanned.value(), pixelOptions);
}

namespace dicom {

Result<Volume> loadDicomHeaders(const fs::path& root, HeaderScan headers,
                                const LoadOptions& options) {
    silenceGdcm();
    return loadScanned(root, listHeaders(root, std::move(headers)), options);
}

} // namespace dicom

} // namespace voxdiff::core
