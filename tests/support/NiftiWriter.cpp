// SPDX-License-Identifier: BSD-3-Clause
#include "NiftiWriter.h"

#include <gtest/gtest.h>

#include <cstring>

namespace voxdiff::test {

void writeNifti(const std::filesystem::path& path, const std::vector<std::int64_t>& dims,
                int datatype, const std::vector<unsigned char>& data,
                const std::function<void(nifti_image&)>& adjust, int niftiVersion) {
    int64_t dim[8] = {static_cast<int64_t>(dims.size()), 1, 1, 1, 1, 1, 1, 1};
    for (std::size_t d = 0; d < dims.size(); ++d) {
        dim[d + 1] = dims[d];
    }
    nifti_image* nim = nifti_make_new_nim(dim, datatype, 0);
    ASSERT_NE(nim, nullptr);
    ASSERT_EQ(static_cast<std::size_t>(nim->nvox) * static_cast<std::size_t>(nim->nbyper),
              data.size());
    nim->data = std::malloc(data.size());
    std::memcpy(nim->data, data.data(), data.size());
    nim->nifti_type = niftiVersion == 2 ? NIFTI_FTYPE_NIFTI2_1 : NIFTI_FTYPE_NIFTI1_1;
    const std::string p = path.string();
    if (p.size() > 4 && (p.substr(p.size() - 4) == ".hdr" || p.substr(p.size() - 4) == ".img")) {
        nim->nifti_type = niftiVersion == 2 ? NIFTI_FTYPE_NIFTI2_2 : NIFTI_FTYPE_NIFTI1_2;
    }
    nim->qform_code = 0;
    nim->sform_code = 0;
    if (adjust) {
        adjust(*nim);
    }
    const int type = nim->nifti_type;
    ASSERT_EQ(nifti_set_filenames(nim, p.c_str(), 0, 1), 0);
    nim->nifti_type = type; // nifti_set_filenames guesses the type from the extension
    if (niftiVersion == 2) {
        // nifti_image_write of this nifti_clib release writes a broken NIfTI-2 header;
        // compose the single-file layout ourselves: header, 4-byte extender, data.
        nifti_2_header hdr;
        ASSERT_EQ(nifti_convert_nim2n2hdr(nim, &hdr), 0);
        std::memcpy(hdr.magic, "n+2\0\r\n\032\n", 8);
        hdr.vox_offset = 544;
        FILE* f = std::fopen(p.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        const char extender[4] = {0, 0, 0, 0};
        std::fwrite(&hdr, sizeof hdr, 1, f);
        std::fwrite(extender, 1, 4, f);
        std::fwrite(data.data(), 1, data.size(), f);
        std::fclose(f);
    } else {
        nifti_image_write(nim);
    }
    nifti_image_free(nim);
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
}

} // namespace voxdiff::test
