#include "model/CursorReadout.h"

#include <cmath>

namespace voxdiff::ui {

ImageReadout readImageAt(const core::Volume* volume, const core::Vec3& pointLps) {
    ImageReadout r;
    if (!volume) {
        return r;
    }
    r.loaded = true;
    r.continuousIjk = volume->continuousIndexOfLps(pointLps);
    for (std::size_t a = 0; a < 3; ++a) {
        // The small bias keeps exact voxel centres from flipping under rounding noise.
        r.nearestIjk[a] = static_cast<std::int64_t>(std::floor(r.continuousIjk[a] + 0.5 + 1e-9));
    }
    r.inside = volume->containsIndex(r.nearestIjk[0], r.nearestIjk[1], r.nearestIjk[2]);
    if (r.inside) {
        r.value = volume->value(r.nearestIjk[0], r.nearestIjk[1], r.nearestIjk[2]);
    }
    return r;
}

CursorReadout readCursor(const ViewerState& state) {
    CursorReadout r;
    r.pointLps = state.cursorLps();
    r.pointRas = core::lpsToRasPoint(r.pointLps);
    for (int s = 0; s < kSlotCount; ++s) {
        r.images[static_cast<std::size_t>(s)] =
            readImageAt(state.volume(static_cast<ImageSlot>(s)).get(), r.pointLps);
    }
    if (r.images[0].inside && r.images[1].inside) {
        r.difference = r.images[1].value - r.images[0].value;
    }
    return r;
}

} // namespace voxdiff::ui
