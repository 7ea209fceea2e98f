// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "voxdiff/Geometry.h"
#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// What a DICOM file says about its patient and study. Text is decoded to UTF-8 through the
/// file's Specific Character Set (0008,0005); a field is empty when the file does not say.
struct DicomText {
    std::string patientName; ///< as stored: '^' between components, '=' between groups
    std::string patientId;
    std::string patientBirthDate; ///< DA as stored (YYYYMMDD)
    std::string studyDate;        ///< DA as stored (YYYYMMDD)
    std::string studyDescription;
    std::string seriesDescription;
    std::string specificCharacterSet; ///< (0008,0005) as stored, e.g. "\\ISO 2022 IR 87"
    /// Stable codes of character set problems met decoding the text ("charset_unknown_term",
    /// "charset_invalid_bytes"...; docs/cli.md lists them); empty when none.
    std::vector<std::string> issues;
};

/// A file that was passed over while scanning, and why.
struct SkippedFile {
    std::filesystem::path file;
    std::string reason;
    ErrorCode code = ErrorCode::ReadFailed; ///< what loading the file alone would report
    std::string context; ///< the error's context, e.g. the structure rule that refused it
    DicomText text;      ///< what its header says, when the header could be read
};

/// One loadable volume found by scanning: a series, or one part of a series split by
/// orientation, image size, image type or echo. Listing it reads no pixel data.
struct DicomVolumeEntry {
    std::string seriesInstanceUid;
    int subVolume = 0; ///< index of this part within its series
    std::string label; ///< what distinguishes the part ("echo 2", "256x256 PIR"...)
    std::string modality;
    std::string seriesDescription; ///< the same as text.seriesDescription
    std::int64_t seriesNumber = 0;
    DicomText text; ///< patient and study, from the first file
    std::int64_t fileCount = 0;
    std::int64_t frameCount = 0; ///< frames (slices x time points) over all its files
    Index3 dims{0, 0, 0};        ///< columns x rows x slices
    std::int64_t timePoints = 1;
    std::string orientation; ///< RAS code of the grid ("LPS", "PIR") or "oblique ..."
    std::vector<std::filesystem::path> files;
    /// Empty when the volume can be built; otherwise why not (missing geometry, files that
    /// disagree...), the message loadDicomVolume will return.
    std::string problem;
};

/// What a folder, file or DICOMDIR holds.
struct DicomListing {
    std::filesystem::path root;
    std::vector<DicomVolumeEntry> volumes;
    std::vector<SkippedFile> skipped;  ///< unreadable or not DICOM
    std::vector<SkippedFile> nonImage; ///< RTSTRUCT, SR, presentation states, ...
};

/// Lists the loadable volumes under `path` (a folder searched recursively, a single file or a
/// DICOMDIR), reading headers only, on every core. A path whose files are all unreadable or
/// non-image still gives a listing (with no volumes) that says why each file was passed over.
/// Errors: FileNotFound, PermissionDenied, NoImageData (no files at all), Cancelled.
Result<DicomListing> scanDicom(const std::filesystem::path& path,
                               const ProgressCallback& progress = {},
                               const std::atomic<bool>* cancel = nullptr);

/// Builds the volume of one listed entry: slices sorted along the normal, ijkToLps from the
/// first position, rescale per slice, diagnostics for spacing, tilt, missing slices...
Result<Volume> loadDicomVolume(const DicomVolumeEntry& entry, const LoadOptions& options = {});

/// scanDicom, then the entry chosen by options.seriesUid / options.subVolume (the first image
/// volume when unspecified), then loadDicomVolume.
Result<Volume> loadDicom(const std::filesystem::path& path, const LoadOptions& options = {});

} // namespace voxdiff::core
