// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/SliceOrientation.h"

#include <cmath>

namespace voxdiff::core {

const char* sliceOrientationName(SliceOrientation o) {
    switch (o) {
    case SliceOrientation::Axial:
        return "axial";
    case SliceOrientation::Coronal:
        return "coronal";
    case SliceOrientation::Sagittal:
        return "sagittal";
    }
    return "axial";
}

SliceFrameLps sliceFrameLps(SliceOrientation o) {
    // LPS axes: +x = left, +y = posterior, +z = superior.
    switch (o) {
    case SliceOrientation::Axial:
        // Seen from the feet: the patient's left on screen right, anterior (-y) up.
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

std::string anatomicalLetter(const Vec3& directionLps) {
    std::size_t axis = 0;
    for (std::size_t a = 1; a < 3; ++a) {
        if (std::abs(directionLps[a]) > std::abs(directionLps[axis])) {
            axis = a;
        }
    }
    static const char* kPositive[] = {"L", "P", "S"};
    static const char* kNegative[] = {"R", "A", "I"};
    return directionLps[axis] > 0 ? kPositive[axis] : kNegative[axis];
}

SideLabels sideLabelsOf(SliceOrientation o) {
    const SliceFrameLps f = sliceFrameLps(o);
    return {anatomicalLetter(-1.0 * f.rightLps), anatomicalLetter(f.rightLps),
            anatomicalLetter(f.upLps), anatomicalLetter(-1.0 * f.upLps)};
}

} // namespace voxdiff::core
