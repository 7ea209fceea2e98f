// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/Volume.h"

#include <cmath>
#include <limits>

namespace voxdiff::core {

const char* imageFormatName(ImageFormat f) {
    switch (f) {
    case ImageFormat::Nifti1:
        return "NIfTI-1";
    case ImageFormat::Nifti2:
        return "NIfTI-2";
    case ImageFormat::Dicom:
        return "DICOM";
    }
    return "unknown";
}

const char* scalingKindName(ScalingKind k) {
    switch (k) {
    case ScalingKind::None:
        return "none";
    case ScalingKind::NiftiScl:
        return "nifti_scl";
    case ScalingKind::DicomRescale:
        return "dicom_rescale";
    case ScalingKind::DoseGridScaling:
        return "dose_grid_scaling";
    case ScalingKind::PhilipsPrivate:
        return "philips_private";
    }
    return "none";
}

bool Scaling::slopeVariesPerSlice() const {
    for (const auto& s : perSliceK) {
        if (s.slope != perSliceK.front().slope) {
            return true;
        }
    }
    return false;
}

bool Scaling::interceptVariesPerSlice() const {
    for (const auto& s : perSliceK) {
        if (s.intercept != perSliceK.front().intercept) {
            return true;
        }
    }
    return false;
}

double Scaling::slopeOfSlice(std::int64_t k) const {
    if (k >= 0 && static_cast<std::size_t>(k) < perSliceK.size()) {
        return perSliceK[static_cast<std::size_t>(k)].slope;
    }
    return slope;
}

Volume::Volume(Index3 dimsIjk, const Matrix4& ijkToLps, VoxelBuffer voxels)
    : m_dims(dimsIjk), m_voxels(std::move(voxels)) {
    setIjkToLps(ijkToLps);
}

void Volume::setIjkToLps(const Matrix4& ijkToLps) {
    m_ijkToLps = ijkToLps;
    m_lpsToIjk = ijkToLps.inverse();
}

Vec3 Volume::spacingMm() const {
    return {norm(m_ijkToLps.column(0)), norm(m_ijkToLps.column(1)), norm(m_ijkToLps.column(2))};
}

std::array<Vec3, 2> Volume::boundsLps() const {
    Vec3 lo{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
            std::numeric_limits<double>::infinity()};
    Vec3 hi{-lo[0], -lo[1], -lo[2]};
    for (int c = 0; c < 8; ++c) {
        const Vec3 ijk{(c & 1) ? static_cast<double>(m_dims[0] - 1) : 0.0,
                       (c & 2) ? static_cast<double>(m_dims[1] - 1) : 0.0,
                       (c & 4) ? static_cast<double>(m_dims[2] - 1) : 0.0};
        const Vec3 p = voxelCenterLps(ijk);
        for (std::size_t a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], p[a]);
            hi[a] = std::max(hi[a], p[a]);
        }
    }
    return {lo, hi};
}

} // namespace voxdiff::core
