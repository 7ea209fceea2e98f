// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace voxdiff::core::dicom {

/// The numbers held by element `name` of a Siemens CSA header (the value of (0029,xx10),
/// private creator "SIEMENS CSA HEADER"), in item order; empty when the element is absent or
/// the header is malformed. A bounded reader of both layouts (CSA1, and CSA2 starting "SV10"):
/// every count and length is checked against the bytes before it is used. GDCM's own CSA
/// reader asserts on malformed headers (found by FuzzDicomFile), so VoxDiff does not call it.
std::vector<double> csaNumbers(const char* bytes, std::size_t size, const std::string& name);

} // namespace voxdiff::core::dicom
