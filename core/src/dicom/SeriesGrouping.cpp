// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/SeriesGrouping.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <mutex>
#include <sstream>

#include "dicom/ParallelFor.h"

namespace voxdiff::core::dicom {

namespace fs = std::filesystem;

namespace {

constexpr double kOrientationTolerance = 1e-3;

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::string nonImageKind(const ObjectHeader& h) {
    static const std::map<std::string, std::string> kKinds = {
        {"RTSTRUCT", "RT structure set"}, {"SR", "structured report"},
        {"PR", "presentation state"},     {"RTPLAN", "RT plan"},
        {"KO", "key object selection"},   {"REG", "registration"},
        {"SEG", "segmentation"},          {"DOC", "encapsulated document"}};
    const auto it = kKinds.find(h.modality);
    const std::string kind = it != kKinds.end() ? it->second : "object";
    return kind + (h.modality.empty() ? "" : " (" + h.modality + ")") + " without pixel data";
}

struct PartKey {
    std::string seriesUid;
    int rows = 0;
    int columns = 0;
    std::string imageType;
    double echo = 0.0;
    bool mosaic = false;
    std::optional<std::array<double, 6>> orientation;

    bool matches(const PartKey& o) const {
        if (seriesUid != o.seriesUid || rows != o.rows || columns != o.columns ||
            imageType != o.imageType || echo != o.echo || mosaic != o.mosaic ||
            orientation.has_value() != o.orientation.has_value()) {
            return false;
        }
        if (orientation) {
            for (std::size_t c = 0; c < 6; ++c) {
                if (std::abs((*orientation)[c] - (*o.orientation)[c]) >= kOrientationTolerance) {
                    return false;
                }
            }
        }
        return true;
    }
};

PartKey keyOf(const ObjectHeader& h) {
    PartKey k;
    k.seriesUid = h.seriesInstanceUid;
    k.rows = h.rows;
    k.columns = h.columns;
    k.imageType = h.imageType;
    k.echo = h.echoNumber.value_or(0.0);
    k.mosaic = h.mosaic.has_value();
    if (!h.frames.empty()) {
        k.orientation = h.frames.front().orientation;
    }
    return k;
}

std::string labelOf(const PartKey& k, const std::vector<PartKey>& siblings) {
    std::vector<std::string> parts;
    auto differs = [&](auto field) {
        return std::any_of(siblings.begin(), siblings.end(),
                           [&](const PartKey& s) { return field(s) != field(k); });
    };
    if (differs([](const PartKey& s) { return s.echo; })) {
        std::ostringstream os;
        os << "echo " << k.echo;
        parts.push_back(os.str());
    }
    if (differs([](const PartKey& s) { return std::make_pair(s.rows, s.columns); })) {
        parts.push_back(std::to_string(k.columns) + "x" + std::to_string(k.rows));
    }
    if (differs([](const PartKey& s) { return s.imageType; })) {
        parts.push_back(k.imageType);
    }
    if (differs([](const PartKey& s) { return s.mosaic; })) {
        parts.push_back(k.mosaic ? "mosaic" : "not mosaic");
    }
    if (parts.empty() && siblings.size() > 1) {
        parts.push_back("orientation " + std::to_string(&k - siblings.data() + 1));
    }
    std::string label;
    for (const auto& p : parts) {
        label += (label.empty() ? "" : ", ") + p;
    }
    return label;
}

} // namespace

std::vector<fs::path> collectFiles(const fs::path& path) {
    std::vector<fs::path> files;
    std::error_code ec;
    fs::path root = path;
    if (fs::is_regular_file(path, ec)) {
        if (upper(path.filename().string()) != "DICOMDIR") {
            return {path};
        }
        // A DICOMDIR indexes the files of its folder tree; reading them all finds the same
        // images without trusting a directory record that may be stale.
        root = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    }
    for (fs::recursive_directory_iterator
             it(root, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

HeaderRead readHeaderOf(const fs::path& file) {
    HeaderRead read{file, std::nullopt, {}};
    if (upper(file.filename().string()) == "DICOMDIR") {
        read.result = makeError(ErrorCode::NoImageData, "DICOMDIR (a directory of files)", file);
    } else {
        read.result = readObjectHeader(file, &read.textOfFailed);
    }
    return read;
}

HeaderScan classifyHeaders(std::vector<HeaderRead>& reads) {
    HeaderScan scan;
    for (HeaderRead& read : reads) {
        if (!read.result) {
            continue; // not read (cancelled)
        }
        const fs::path& file = read.file;
        Result<ObjectHeader>& r = *read.result;
        if (!r.ok()) {
            if (r.error().code == ErrorCode::NoImageData) {
                scan.nonImage.push_back({file, r.error().message, r.error().code, r.error().context,
                                         std::move(read.textOfFailed)});
            } else {
                scan.skipped.push_back({file, r.error().message, r.error().code, r.error().context,
                                        std::move(read.textOfFailed)});
            }
            continue;
        }
        ObjectHeader& h = r.value();
        if (!h.isImage()) {
            scan.nonImage.push_back({file, nonImageKind(h), ErrorCode::NoImageData, {}, h.text});
        } else if (h.samplesPerPixel != 1 || h.photometric.rfind("PALETTE", 0) == 0) {
            scan.skipped.push_back({file,
                                    "colour image (" + h.photometric + ", " +
                                        std::to_string(h.samplesPerPixel) +
                                        " samples per pixel) is not supported",
                                    ErrorCode::UnsupportedData,
                                    {},
                                    h.text});
        } else if (h.bitsAllocated != 8 && h.bitsAllocated != 16 && h.bitsAllocated != 32 &&
                   !(h.bitsAllocated == 64 && h.floatPixelBytes == 8)) {
            scan.skipped.push_back(
                {file,
                 "BitsAllocated " + std::to_string(h.bitsAllocated) + " is not supported",
                 ErrorCode::UnsupportedData,
                 {},
                 h.text});
        } else {
            scan.images.push_back(std::move(h));
        }
    }
    return scan;
}

HeaderScan readHeaders(const std::vector<fs::path>& files, const ProgressCallback& progress,
                       const std::atomic<bool>* cancel) {
    std::vector<HeaderRead> reads(files.size());
    std::atomic<std::size_t> done{0};
    std::size_t reported = 0;
    std::mutex progressMutex;
    parallelFor(
        files.size(),
        [&](std::size_t n) {
            reads[n] = readHeaderOf(files[n]);
            const std::size_t d = ++done;
            if (progress && (d % 16 == 0 || d == files.size())) {
                const std::lock_guard<std::mutex> lock(progressMutex);
                if (d > reported) { // in increasing order whichever thread reports
                    reported = d;
                    progress(static_cast<double>(d) / static_cast<double>(files.size()),
                             "reading DICOM headers");
                }
            }
        },
        cancel);
    return classifyHeaders(reads);
}

std::vector<SeriesPart> splitIntoParts(const std::vector<ObjectHeader>& images) {
    std::vector<PartKey> keys;
    std::vector<SeriesPart> parts;
    for (const ObjectHeader& h : images) {
        const PartKey key = keyOf(h);
        auto it = std::find_if(keys.begin(), keys.end(),
                               [&](const PartKey& k) { return k.matches(key); });
        if (it == keys.end()) {
            keys.push_back(key);
            parts.push_back({{&h}, {}});
        } else {
            parts[static_cast<std::size_t>(it - keys.begin())].objects.push_back(&h);
        }
    }
    for (std::size_t p = 0; p < parts.size(); ++p) {
        std::vector<PartKey> siblings;
        for (const PartKey& k : keys) {
            if (k.seriesUid == keys[p].seriesUid) {
                siblings.push_back(k);
            }
        }
        const auto self = std::find_if(siblings.begin(), siblings.end(),
                                       [&](const PartKey& k) { return k.matches(keys[p]); });
        parts[p].label = labelOf(*self, siblings);
    }
    std::stable_sort(parts.begin(), parts.end(), [](const SeriesPart& a, const SeriesPart& b) {
        const ObjectHeader& x = *a.objects.front();
        const ObjectHeader& y = *b.objects.front();
        return std::tie(x.seriesNumber, x.seriesInstanceUid) <
               std::tie(y.seriesNumber, y.seriesInstanceUid);
    });
    return parts;
}

} // namespace voxdiff::core::dicom
