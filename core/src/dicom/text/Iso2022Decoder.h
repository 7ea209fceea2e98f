// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dicom/text/CharacterSet.h"
#include "dicom/text/CodeSets.h"

namespace voxdiff::core::dicom::text {

/// The sets designated into G0 (bytes 0x21-0x7E) and G1 (bytes 0xA0-0xFF).
struct Designations {
    CodeSet g0 = CodeSet::Ascii;
    CodeSet g1 = CodeSet::None;
};

/// Decodes one value in the ISO 2022 model of PS3.5 6.1.2.5: starting from `initial` (the first
/// value of (0008,0005)), escape sequences designate other sets into G0 or G1; control
/// characters, and the delimiters of `vr` when read as single-byte characters, bring back
/// `initial`. Escape sequences of sets outside `declared` are honoured but reported. Bytes above
/// 0x7F with nothing in G1 are read as Latin-1 (as pydicom does) and reported.
std::string decodeIso2022(std::string_view bytes, Designations initial,
                          const std::vector<CodeSet>& declared, TextVr vr, CharsetIssues& issues);

} // namespace voxdiff::core::dicom::text
