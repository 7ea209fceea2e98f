// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dicom/StructureCheck.h"

namespace voxdiff::core::dicom {

/// How the elements of a data set (or of one sequence's items) are encoded.
struct ElementEncoding {
    bool explicitVr = true;
    bool bigEndian = false;
    bool encapsulatedPixels = false; ///< the transfer syntax is a compressed one
};

/// A refusal: the ErrorCode, a sentence, and the stable name of the rule that refused
/// (tests assert the rule, never the sentence).
struct StructureFault {
    ErrorCode code = ErrorCode::CorruptHeader;
    std::string rule;
    std::string message;
};

/// Walks the elements of a data set held in bytes[0, size) (a mapped file or an inflated
/// stream) from `begin` to the end, strictly: every element, item and fragment is checked
/// against the bytes left in its enclosing value, recursing into sequences of either length
/// and into defined-length values GDCM may later parse as sequences (implicit VR, VR UN).
/// `fileOffsetOfBytes`: added to positions reported in `extent` (0 for a mapped file; when the
/// bytes are an inflated stream, pass nullopt and no file offset is reported).
std::optional<StructureFault> walkDataSet(const std::uint8_t* bytes, std::uint64_t size,
                                          std::uint64_t begin, ElementEncoding encoding,
                                          bool bytesAreTheFile, PixelDataExtent& extent);

/// "(GGGG,EEEE)"
std::string tagText(std::uint16_t group, std::uint16_t element);

/// True for the two-letter value representations of PS3.5 (2023).
bool isKnownVr(char a, char b);

/// True when the VR has a 2-byte reserved field and a 4-byte length in explicit VR.
bool hasLongLength(char a, char b);

} // namespace voxdiff::core::dicom
