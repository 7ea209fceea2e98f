// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>

#include "voxdiff/BatchResult.h"
#include "voxdiff/Comparison.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/DicomWeb.h"
#include "voxdiff/Json.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// The JSON form of each model type, one serializer per type: the compare report, `info`,
/// `series` and the batch's JSON lines are built from these, so a type reads the same
/// everywhere. Keys and their meaning: docs/report-schema.md and docs/batch.md.

/// [x, y, z] (a point or direction in the frame its name says, millimetres).
Json toJson(const Vec3& v);
/// [i, j, k].
Json toJson(const Index3& index);
/// 4 rows of 4 numbers.
Json toJson(const Matrix4& m);
/// {severity, code, message}.
Json toJson(const Diagnostic& diagnostic);
Json toJson(const Diagnostics& diagnostics);

/// {kind, stored_type, slope, intercept} or, per slice, the pairs [slope, intercept].
Json toJson(const Scaling& scaling);
/// The NIfTI header's geometry fields (version, datatype, qform/sform, pixdim...).
Json toJson(const NiftiHeaderInfo& nifti);
/// {min, max, mean, finite_count, nan_count, inf_count}.
Json toJson(const ValueStats& stats);
/// Everything `voxdiff-cli info --json` prints about a volume: source, dims, spacing_mm,
/// origin_lps/origin_ras, direction_lps, ijk_to_lps, ijk_to_ras, NIfTI qform/sform, scaling,
/// value statistics and diagnostics.
Json toJson(const Volume& volume);
/// The patient, study and frame of reference; `anonymize` leaves names, IDs, dates and UIDs
/// out (as null).
Json toJson(const ImageIdentity& identity, bool anonymize);

/// {axis, flipped, offset}, and the three of a lattice match.
Json toJson(const AxisMapEntry& entry);
Json toJson(const std::array<AxisMapEntry, 3>& axisMap);
/// The geometry section of the compare report (axis_map null unless the lattices match).
Json toJson(const GeometryRelation& geometry);
Json toJson(const DiffLocation& location);
Json toJson(const LinearFit& fit);
Json toJson(const DiffHistogram& histogram);
Json toJson(const SliceDiffStats& slice);
/// The values section of the compare report; the tolerances are the options'.
Json toJson(const ValueComparison& values, const CompareOptions& options);
Json toJson(const RescaleFinding& rescale);

/// One batch pair: the object of one JSON line (keys in docs/batch.md).
Json toJson(const BatchPairResult& result);

/// Patient and study text of a DICOM file (decoded to UTF-8), as fields added to `object`:
/// patient_name ... specific_character_set (null when the file does not say), text_issues.
void addTextFields(const DicomText& text, Json& object);
/// {file, reason, code} and the text fields of its header.
Json toJson(const SkippedFile& skipped);
/// One listed volume of a DICOM scan.
Json toJson(const DicomVolumeEntry& entry);
/// What `voxdiff-cli series --json` prints: root, volumes, skipped, non_image.
Json toJson(const DicomListing& listing);

/// A study found on a DICOMweb server (`voxdiff-cli search --json`).
Json toJson(const DicomWebStudy& study);
/// A series found on a DICOMweb server; its URL is the caller's to add (it depends on the
/// server the search went to).
Json toJson(const DicomWebSeries& series);

} // namespace voxdiff::core
