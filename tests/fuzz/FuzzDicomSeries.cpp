// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer harness: a folder of DICOM files (the input split into up to four files at the
// DICM preambles it contains) scanned, grouped and assembled as a series.
#include "FuzzInput.h"
#include "voxdiff/DicomSeries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace voxdiff;
    namespace fs = std::filesystem;
    const fs::path dir = fuzz::scratchDir() / "series";
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    fuzz::writeSeriesFiles(dir, data, size);
    core::LoadOptions options;
    options.maxVolumeBytes = fuzz::kFuzzMaxVolumeBytes;
    (void)core::loadDicom(dir, options);
    return 0;
}
