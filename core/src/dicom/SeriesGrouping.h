// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dicom/ObjectHeader.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/LoadOptions.h"

namespace voxdiff::core::dicom {

/// Headers of a set of files, read on every core; files that are not readable DICOM images
/// are sorted into `skipped` (unreadable, truncated, colour) and `nonImage` (no pixel data).
struct HeaderScan {
    std::vector<ObjectHeader> images;
    std::vector<SkippedFile> skipped;
    std::vector<SkippedFile> nonImage;
};

/// The files under `path`: a folder searched recursively, a single file, or a DICOMDIR (the
/// files of its folder tree). Sorted by path so that listings are reproducible.
std::vector<std::filesystem::path> collectFiles(const std::filesystem::path& path);

/// One file's header as read: its result (none when the read was cancelled before it), and
/// the text of a file whose header was read but whose pixel data was refused.
struct HeaderRead {
    std::filesystem::path file;
    std::optional<Result<ObjectHeader>> result;
    DicomText textOfFailed;
};

/// Reads one file's header (a DICOMDIR is listed as an object without pixel data).
HeaderRead readHeaderOf(const std::filesystem::path& file);

/// Sorts what was read into images, skipped files and objects without pixel data, in the
/// order of `reads`.
HeaderScan classifyHeaders(std::vector<HeaderRead>& reads);

/// readHeaderOf on every core, then classifyHeaders, in the order of `files`.
HeaderScan readHeaders(const std::vector<std::filesystem::path>& files,
                       const ProgressCallback& progress, const std::atomic<bool>* cancel);

/// One loadable part of a series: the objects sharing series, orientation, image size, image
/// type, echo and mosaic layout.
struct SeriesPart {
    std::vector<const ObjectHeader*> objects;
    std::string label;
};

/// Groups image headers by SeriesInstanceUID, then splits each series into parts; the order
/// is by series number, series UID, then first file.
std::vector<SeriesPart> splitIntoParts(const std::vector<ObjectHeader>& images);

} // namespace voxdiff::core::dicom
