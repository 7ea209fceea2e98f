// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>
#include <vector>

#include "voxdiff/Geometry.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// One row of the image facts table: what (label) and each image's value as text. The value of
/// an image that is not loaded is empty.
struct FactRow {
    std::string label;
    std::string first;
    std::string second;
    /// Both values present and unequal: the faces highlight the row.
    bool differs() const { return !first.empty() && !second.empty() && first != second; }
};

/// The facts of the two images side by side, the one table the viewer's Geometry panel and
/// every report show: path, format, description, files, modality and units, dims, spacing (mm),
/// origins (RAS and LPS, mm), orientation code, index axis directions (LPS), time point,
/// scaling, value statistics, and the NIfTI header codes when a side is NIfTI. Either volume may
/// be null (an image not loaded yet). Numbers are written by the core's number format.
std::vector<FactRow> imageFactRows(const Volume* first, const Volume* second);

/// A short name of where an image came from, for titles: the file or folder name, or for a
/// DICOMweb series "SERIES DESCRIPTION (HOST)" (its description or modality; its UID is too
/// long to read).
std::string imageDisplayName(const Volume& volume);

/// How stored values became the volume's values, in one line: "DICOM rescale, stored int16,
/// slope per slice 0.5 to 1.25", "none, stored float32".
std::string scalingText(const Scaling& scaling);

/// A number as every face writes it: up to `significant` significant digits, no trailing zeros.
std::string displayNumber(double value, int significant = 6);

/// A point or vector as every face writes it: "(x, y, z)" with 5 significant digits and no
/// negative zeros (the LPS-to-RAS sign flip makes them).
std::string displayPoint(const Vec3& p);

/// Dimensions: "96x96x72".
std::string displayDims(const Index3& dims);

/// A voxel index: "(i, j, k)".
std::string displayIndex(const Index3& index);

/// A 4 x 4 matrix as four lines of four right-aligned numbers (6 significant digits).
std::string displayMatrix(const Matrix4& m);

} // namespace voxdiff::core
