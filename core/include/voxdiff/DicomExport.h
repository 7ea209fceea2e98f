// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

#include "voxdiff/Comparison.h"
#include "voxdiff/Json.h"
#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// What kind of DICOM series an export writes.
enum class DicomExportKind {
    Pet,          ///< classic PET Image IOD, int16 with one RescaleSlope per slice
    ParametricMap ///< Parametric Map IOD, float32 Float Pixel Data: lossless
};
const char* dicomExportKindName(DicomExportKind kind); ///< "pet", "parametric-map"

/// How a PET export turns float values into int16.
enum class PetQuantization {
    PerSlice,          ///< one RescaleSlope per slice from that slice's range (the export)
    OneSlopeForVolume, ///< one slope for the whole volume (demonstration)
    IntegerCast,       ///< slope 1: values rounded to integers (demonstration)
};
const char* petQuantizationName(PetQuantization q); ///< "per_slice", "one_slope", "integer_cast"

/// Where the units of the exported values came from.
enum class UnitsSource {
    Given,           ///< DicomExportOptions::units
    ReferenceValues, ///< the input equals the reference's values (in the reference's units)
    ReferenceSuvbw,  ///< the input equals the reference's Bq/ml values converted to SUVbw
};
const char* unitsSourceName(UnitsSource source); ///< "given", "reference_values", ...

/// How to export a volume as DICOM beside a reference series.
struct DicomExportOptions {
    DicomExportKind kind = DicomExportKind::Pet;
    /// PET Units code (BQML, GML, CNTS, ...; PS3.3 C.8.9.1.1.3). Empty: inferred from the
    /// reference; the export is refused when they cannot be.
    std::string units;
    /// Replace an existing output folder that holds only files (a previous export).
    bool replaceExisting = false;
    /// PET only. PerSlice is the export; the others exist to demonstrate what other exporters
    /// lose (docs/export-dicom.md).
    PetQuantization petQuantization = PetQuantization::PerSlice;
    /// Reported from 0 to 1 over reading, writing and verifying; cancel is checked between
    /// slices and steps.
    ProgressCallback progress;
    const std::atomic<bool>* cancel = nullptr;
};

/// What an export wrote and how its round trip compared.
struct DicomExportResult {
    DicomExportKind kind = DicomExportKind::Pet; ///< the IOD written
    std::filesystem::path folder;
    std::int64_t fileCount = 0;
    std::string seriesInstanceUid;
    std::string units; ///< PET Units code written (BQML, GML, ...)
    UnitsSource unitsSource = UnitsSource::Given;
    /// The input lay on the reference's grid in another index order and was reordered.
    bool reordered = false;
    /// The input's index axes in terms of the reference's, e.g. "i->i, j->j, k->-k".
    std::string axisMap;
    /// The input (first) against the export read back (second).
    Comparison roundTrip;
    /// True when the round trip is `identical` (Parametric Map) or `identical`/`equivalent`
    /// within each slice's quantization (PET with a slope per slice): the rule for a successful
    /// export. Never true for the demonstration quantizations.
    bool verified = false;
    /// The export as read back (for reports).
    Volume readBack;
};

/// Exports `input` as a DICOM series on the grid of `referencePath` (a DICOM folder or file):
/// patient, study and Frame of Reference from the reference, new Series and SOP Instance UIDs
/// (2.25 form), the reference's ijkToLps and slice order. An input on the same physical grid in
/// another index order is reordered exactly; on another grid it is refused. The series is
/// written into a staging folder beside `outFolder` and renamed into place, then read back and
/// compared with the input.
/// Errors: InvalidArgument (another grid, units not inferable, NaN for PET, ...), reading
/// errors of the reference, OutputExists, WriteFailed, Cancelled.
Result<DicomExportResult> exportDicom(const Volume& input,
                                      const std::filesystem::path& referencePath,
                                      const std::filesystem::path& outFolder,
                                      const DicomExportOptions& options = {});

/// The export's report: what was written, and the round-trip comparison (report schema v1).
Json exportReportJson(const DicomExportResult& result, const Volume& input,
                      const DicomExportOptions& options);

/// "Exported N files (...) to DIR" and the round-trip verdict, for the CLI and the viewer.
std::string exportSummaryText(const DicomExportResult& result, const Volume& input);

} // namespace voxdiff::core
