// SPDX-License-Identifier: BSD-3-Clause
#include "model/SliceOrientation.h"

#include <cmath>

namespace voxdiff::ui {

const char* orientationName(SliceOrientation o) {
    switch (o) {
    case SliceOrientation::Axial:
        return "Axial";
    case SliceOrientation::Coronal:
        return "Coronal";
    case SliceOrientation::Sagittal:
        return "Sagittal";
    }
    return "?";
}

std::array<double, 2> planeCoordinatesMm(SliceOrientation o, const core::Vec3& pointLps) {
    const SliceFrameLps f = sliceFrameLps(o);
    return {core::dot(f.rightLps, pointLps), core::dot(f.upLps, pointLps)};
}

core::Vec3 pointOnPlaneLps(SliceOrientation o, double xMm, double yMm,
                           const core::Vec3& planePointLps) {
    const SliceFrameLps f = sliceFrameLps(o);
    const double depthMm = core::dot(f.normalLps, planePointLps);
    return xMm * f.rightLps + yMm * f.upLps + depthMm * f.normalLps;
}

core::Matrix4 planeToLps(SliceOrientation o, const core::Vec3& planePointLps) {
    const SliceFrameLps f = sliceFrameLps(o);
    const core::Vec3 originLps = core::dot(f.normalLps, planePointLps) * f.normalLps;
    core::Matrix4 m = core::Matrix4::identity();
    for (int r = 0; r < 3; ++r) {
        m.at(r, 0) = f.rightLps[static_cast<std::size_t>(r)];
        m.at(r, 1) = f.upLps[static_cast<std::size_t>(r)];
        m.at(r, 2) = f.normalLps[static_cast<std::size_t>(r)];
        m.at(r, 3) = originLps[static_cast<std::size_t>(r)];
    }
    return m;
}

} // namespace voxdiff::ui
