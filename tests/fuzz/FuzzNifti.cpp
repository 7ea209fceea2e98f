// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer harness: the NIfTI reader on arbitrary bytes, as .nii and as a .hdr/.img pair.
#include "FuzzInput.h"
#include "voxdiff/NiftiReader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace voxdiff;
    const auto& dir = fuzz::scratchDir();
    core::LoadOptions options;
    options.maxVolumeBytes = fuzz::kFuzzMaxVolumeBytes;
    fuzz::writeFile(dir / "input.nii", data, size);
    (void)core::readNifti(dir / "input.nii", options);
    if (size > 348) {
        fuzz::writeFile(dir / "pair.hdr", data, 348);
        fuzz::writeFile(dir / "pair.img", data + 348, size - 348);
        (void)core::readNifti(dir / "pair.hdr", options);
    }
    return 0;
}
