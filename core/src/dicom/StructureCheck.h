// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "voxdiff/Result.h"

namespace voxdiff::core::dicom {

/// What the structure walk learnt about a file's pixel data (file offsets in bytes).
struct PixelDataExtent {
    bool present = false;      ///< a top-level (7FE0,0010) was found
    bool encapsulated = false; ///< fragments (compressed transfer syntaxes)
    bool valueIsOw = false;    ///< explicit VR OW (matters for 8-bit big endian data)
    /// Native, not deflated: where the value starts in the file (0 when unknown).
    std::uint64_t valueOffset = 0;
    /// Native: the declared value length; encapsulated: the bytes of every fragment.
    std::uint64_t valueBytes = 0;
    /// Encapsulated: fragments after the basic offset table; entries of that table.
    std::uint64_t fragmentCount = 0;
    std::uint64_t offsetTableEntries = 0;
};

/// The outcome of a successful walk.
struct DicomStructure {
    std::string transferSyntaxUid; ///< as declared (empty when there is no meta header)
    bool bigEndian = false;
    bool deflated = false;
    PixelDataExtent pixelData;
};

/// Walks a file's whole DICOM element structure (tags and lengths; values are skipped except
/// where GDCM would parse them as sequences) and refuses, before GDCM or VoxDiff allocate
/// anything sized by the file, whatever is not understood or cannot be right: a declared length
/// past the end of the file or of the enclosing item, sequence or value; items, delimiters or
/// fragments where they do not belong; unknown value representations and transfer syntaxes;
/// undefined lengths on values that cannot have one; a basic offset table pointing outside the
/// fragments; nesting deeper than 32. Deflated data sets are inflated (at most 64 MiB) and
/// walked. Errors name the file: UnknownFormat (not DICOM), UnsupportedData (transfer syntax),
/// TruncatedData, CorruptHeader, TooLarge (a deflated data set inflating past the bound),
/// ReadFailed.
Result<DicomStructure> checkDicomStructure(const std::filesystem::path& file);

} // namespace voxdiff::core::dicom
