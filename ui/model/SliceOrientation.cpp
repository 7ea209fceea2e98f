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

SliceFrameLps sliceFrameLps(SliceOrientation o) {
    // LPS axes: +x = left, +y = posterior, +z = superior.
    switch (o) {
    case SliceOrientation::Axial:
        // Seen from the feet: patient's left on screen right, anterior (-y) up.
        return {{1, 0, 0}, {0, -1, 0}, {0, 0, -1}};
    case SliceOrientation::Coronal:
        // Seen from the front: left on screen right, superior up.
        return {{1, 0, 0}, {0, 0, 1}, {0, -1, 0}};
    case SliceOrientation::Sagittal:
        // Seen from the patient's left: posterior on screen right, superior up.
        return {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
    }
    return {};
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

std::string anatomicalLetter(const core::Vec3& directionLps) {
    int axis = 0;
    for (int a = 1; a < 3; ++a) {
        if (std::abs(directionLps[static_cast<std::size_t>(a)]) >
            std::abs(directionLps[static_cast<std::size_t>(axis)])) {
            axis = a;
        }
    }
    const bool positive = directionLps[static_cast<std::size_t>(axis)] > 0;
    static const char* kPositive[] = {"L", "P", "S"};
    static const char* kNegative[] = {"R", "A", "I"};
    return positive ? kPositive[axis] : kNegative[axis];
}

EdgeLabels edgeLabels(SliceOrientation o) {
    const SliceFrameLps f = sliceFrameLps(o);
    return {anatomicalLetter(-1.0 * f.rightLps), anatomicalLetter(f.rightLps),
            anatomicalLetter(f.upLps), anatomicalLetter(-1.0 * f.upLps)};
}

} // namespace voxdiff::ui
