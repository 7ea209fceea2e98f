// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/NiftiWriter.h"

#include <cmath>
#include <cstring>
#include <memory>

#include "io/SafeOutput.h"

extern "C" {
#include <nifti2_io.h>
}

namespace voxdiff::core {

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kMaxNifti1Dim = 32767; // dim[] is int16 in NIfTI-1
constexpr int kNifti1VoxOffset = 352;         // 348-byte header + 4-byte extender

struct NiftiImageDeleter {
    void operator()(nifti_image* p) const { nifti_image_free(p); }
};
using NiftiImagePtr = std::unique_ptr<nifti_image, NiftiImageDeleter>;

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

nifti_dmat44 toNifti(const Matrix4& m) {
    nifti_dmat44 r;
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
            r.m[i][j] = m.at(i, j);
        }
    }
    return r;
}

/// The NIfTI-1 header of `volume`, composed by nifti_clib so that the quaternion, pixdim and
/// magic follow the reference implementation.
Result<nifti_1_header> makeHeader(const Volume& volume, const WriteOptions& options) {
    const Index3& dims = volume.dims();
    const std::int64_t dim[8] = {3, dims[0], dims[1], dims[2], 1, 1, 1, 1};
    NiftiImagePtr nim(nifti_make_new_nim(dim, DT_FLOAT32, 0));
    if (!nim) {
        return makeError(ErrorCode::Internal, "nifti_clib could not create an image header");
    }
    const Matrix4 ijkToRas = volume.ijkToRas();
    const Vec3 spacingMm = volume.spacingMm();
    nim->nifti_type = NIFTI_FTYPE_NIFTI1_1;
    nim->dx = nim->pixdim[1] = spacingMm[0];
    nim->dy = nim->pixdim[2] = spacingMm[1];
    nim->dz = nim->pixdim[3] = spacingMm[2];
    nim->xyz_units = NIFTI_UNITS_MM;
    nim->time_units = NIFTI_UNITS_UNKNOWN;
    // Slope 0 means "no scaling" to every reader; the values are already the modality values.
    nim->scl_slope = 0.0;
    nim->scl_inter = 0.0;

    nim->sform_code = NIFTI_XFORM_SCANNER_ANAT;
    nim->sto_xyz = toNifti(ijkToRas);
    nim->sto_ijk = nifti_dmat44_inverse(nim->sto_xyz);

    nim->qform_code = NIFTI_XFORM_SCANNER_ANAT;
    double dx = 0.0;
    double dy = 0.0;
    double dz = 0.0;
    nifti_dmat44_to_quatern(nim->sto_xyz, &nim->quatern_b, &nim->quatern_c, &nim->quatern_d,
                            &nim->qoffset_x, &nim->qoffset_y, &nim->qoffset_z, &dx, &dy, &dz,
                            &nim->qfac);
    nim->qto_xyz = nifti_quatern_to_dmat44(nim->quatern_b, nim->quatern_c, nim->quatern_d,
                                           nim->qoffset_x, nim->qoffset_y, nim->qoffset_z, nim->dx,
                                           nim->dy, nim->dz, nim->qfac);
    nim->qto_ijk = nifti_dmat44_inverse(nim->qto_xyz);
    nim->pixdim[0] = nim->qfac;

    const std::string descrip = options.description.empty() ? "VoxDiff" : options.description;
    std::strncpy(nim->descrip, descrip.c_str(), sizeof nim->descrip - 1);
    nim->descrip[sizeof nim->descrip - 1] = '\0';

    nifti_1_header hdr;
    if (nifti_convert_nim2n1hdr(nim.get(), &hdr) != 0) {
        return makeError(ErrorCode::Internal, "nifti_clib could not compose a NIfTI-1 header");
    }
    std::memcpy(hdr.magic, "n+1\0", 4);
    hdr.vox_offset = static_cast<float>(kNifti1VoxOffset);
    return hdr;
}

Status writeFile(const fs::path& tempPath, bool gz, const nifti_1_header& hdr,
                 std::span<const float> voxels) {
    znzFile file = znzopen(tempPath.c_str(), "wb", gz ? 1 : 0);
    if (znz_isnull(file)) {
        return makeError(ErrorCode::WriteFailed, "cannot create the file", tempPath);
    }
    const char extender[4] = {0, 0, 0, 0};
    const std::size_t dataBytes = voxels.size() * sizeof(float);
    bool good = znzwrite(&hdr, 1, sizeof hdr, file) == sizeof hdr &&
                znzwrite(extender, 1, sizeof extender, file) == sizeof extender &&
                znzwrite(voxels.data(), 1, dataBytes, file) == dataBytes;
    // The close flushes (and for gzip writes the trailer): its failure is a write failure.
    good = (Xznzclose(&file) == 0) && good;
    if (!good) {
        return makeError(ErrorCode::WriteFailed,
                         "writing the image failed (disk full or no permission?)", tempPath);
    }
    return Ok{};
}

} // namespace

Status writeNifti(const Volume& volume, const fs::path& path, const WriteOptions& options) {
    const std::string name = path.filename().string();
    const bool gz = endsWith(name, ".nii.gz");
    if (!gz && !endsWith(name, ".nii")) {
        return makeError(ErrorCode::InvalidArgument, "a NIfTI output must be named .nii or .nii.gz",
                         path);
    }
    const Index3& dims = volume.dims();
    if (volume.voxelCount() <= 0 ||
        static_cast<std::size_t>(volume.voxelCount()) != volume.voxels().size()) {
        return makeError(ErrorCode::InvalidArgument, "the volume holds no voxels", path);
    }
    for (std::int64_t d : dims) {
        if (d > kMaxNifti1Dim) {
            return makeError(ErrorCode::InvalidArgument,
                             "a dimension of " + std::to_string(d) +
                                 " voxels exceeds NIfTI-1's limit of 32767",
                             path);
        }
    }
    auto header = makeHeader(volume, options);
    if (!header) {
        Error e = header.error();
        e.file = path;
        return e;
    }
    auto output = SafeOutputFile::begin(path, options.overwrite);
    if (!output) {
        return output.error();
    }
    if (auto st = writeFile(output->tempPath(), gz, header.value(), volume.voxels()); !st) {
        Error e = st.error();
        e.file = path;
        return e;
    }
    return output->commit();
}

} // namespace voxdiff::core
