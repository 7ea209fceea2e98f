#pragma once

#include <filesystem>

#include "voxdiff/Result.h"

namespace voxdiff::core::dicom {

/// Walks a file's DICOM element structure (tags and lengths only, values skipped) and refuses
/// what cannot be right before GDCM parses it: an element or item whose declared length runs
/// past the end of the file (GDCM would first allocate and zero that many bytes, up to 4 GiB),
/// or sequences nested absurdly deep (GDCM recurses). Where the walk cannot tell (deflated data
/// sets, an unexpected VR), it stops and lets GDCM decide. Errors: TruncatedData, CorruptHeader.
Status checkDicomStructure(const std::filesystem::path& file);

} // namespace voxdiff::core::dicom
