// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "voxdiff/Json.h"

namespace voxdiff::test {

/// ../shared/data/charset_samples (objects/ and text_truth.json); empty without shared data.
std::filesystem::path charsetSamplesDir();

/// text_truth.json: pydicom's decoding of every sample; null when absent.
core::Json charsetSamplesTruth();

/// The sample file names, or {kNoSharedData} when the samples are absent (the tests then skip,
/// or fail under CI).
std::vector<std::string> charsetSampleFiles();

/// The truth entry of one sample file; null when the truth does not list it.
const core::Json& charsetSampleTruth(const core::Json& truth, const std::string& file);

} // namespace voxdiff::test
