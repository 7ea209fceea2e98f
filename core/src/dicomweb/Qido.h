// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>
#include <vector>

#include "voxdiff/DicomWeb.h"
#include "voxdiff/Json.h"

namespace voxdiff::core::dicomweb {

/// A DICOM JSON attribute as text: string values joined by '\', person names by their
/// Alphabetic group, numbers in full. Empty when absent.
std::string dicomJsonString(const Json& dataset, const char* tagHex);

/// A DICOM JSON integer attribute (IS, US, UL...), or `fallback` when absent or not a number.
std::int64_t dicomJsonInteger(const Json& dataset, const char* tagHex, std::int64_t fallback);

/// QIDO-RS GET of `pathAndQuery` (relative to the server base, with its own '?'), page by
/// page with limit/offset, until a short page or maxResults. Errors: getOk's, ServerError
/// (not a JSON array).
Result<std::vector<Json>> qidoAll(const DicomWebUrl& server, const std::string& pathAndQuery,
                                  int pageSize, std::int64_t maxResults,
                                  const DicomWebOptions& options);

/// The SOP Instance UIDs of a series, in the server's order.
Result<std::vector<std::string>> listInstanceUids(const DicomWebUrl& series,
                                                  const DicomWebOptions& options);

} // namespace voxdiff::core::dicomweb
