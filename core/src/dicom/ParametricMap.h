// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <vector>

#include <gdcmDataSet.h>

#include "dicom/ObjectHeader.h"
#include "dicom/PixelDecoder.h"
#include "voxdiff/Result.h"

namespace voxdiff::core::dicom {

/// Float pixels and Real World Value Mapping, read at the data set level (GDCM's image reader
/// does not read Float or Double Float Pixel Data).
///
/// Called on a header whose frames were read: notes Float Pixel Data (7FE0,0008) or Double
/// Float Pixel Data (7FE0,0009) in `object.floatPixelBytes` (after checking that the element
/// holds every frame), and, for a Parametric Map or any float object, takes each frame's Real
/// World Value Mapping (0040,9096: its own functional group, the shared one, or the top level)
/// as that frame's slope and intercept, and its units. Errors name the file: TruncatedData (the
/// element is shorter than Rows x Columns x frames), UnsupportedData (float pixels in a big
/// endian file, or with more than one sample per pixel).
Status readFloatPixelHeader(const gdcm::DataSet& ds, ObjectHeader& object);

/// The length in bytes of a top-level Float or Double Float Pixel Data element; 0 without one.
std::uint64_t floatPixelDataBytes(const gdcm::DataSet& ds);

/// Decodes the float pixels of one object into `voxelsIjk` (dims: columns x rows x slices, i
/// fastest) as float(stored * slope + intercept), for every placement. Errors name the file:
/// ReadFailed, CorruptHeader, TruncatedData.
Status decodeFloatIntoVolume(const ObjectHeader& object,
                             const std::vector<FramePlacement>& placements, const Index3& dims,
                             float* voxelsIjk);

} // namespace voxdiff::core::dicom
