// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <optional>
#include <string>

#include <gdcmDataSet.h>
#include <gdcmTag.h>

#include "dicom/text/CharacterSet.h"

namespace voxdiff::core::dicom::text {

/// The character set of `ds`: its own Specific Character Set (0008,0005) when it has one,
/// otherwise `inherited` (a sequence item uses its dataset's set unless it declares its own).
CharacterSet characterSetOf(const gdcm::DataSet& ds,
                            const CharacterSet& inherited = CharacterSet());

/// The value of a text element (all its values, backslashes kept) decoded to UTF-8 through
/// `charset`, without the padding spaces (and, for a person name, without the empty component
/// groups at its end); nullopt when the element is absent or empty. Problems are added to
/// `issues`.
std::optional<std::string> decodedTextOf(const gdcm::DataSet& ds, const gdcm::Tag& tag,
                                         const CharacterSet& charset, TextVr vr,
                                         CharsetIssues& issues);

} // namespace voxdiff::core::dicom::text
