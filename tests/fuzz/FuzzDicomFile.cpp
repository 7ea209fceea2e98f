// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer harness: one DICOM file (any transfer syntax GDCM decodes) loaded as a volume.
#include "FuzzInput.h"
#include "voxdiff/DicomSeries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace voxdiff;
    const auto path = fuzz::scratchDir() / "input.dcm";
    fuzz::writeFile(path, data, size);
    core::LoadOptions options;
    options.maxVolumeBytes = fuzz::kFuzzMaxVolumeBytes;
    (void)core::loadDicom(path, options);
    return 0;
}
