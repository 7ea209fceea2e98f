// SPDX-License-Identifier: BSD-3-Clause
#include "model/CursorReadout.h"

#include <cmath>

#include "voxdiff/DisplayConvention.h"

namespace voxdiff::ui {

ImageReadout readImageAt(const core::Volume* volume, const core::Vec3& pointLps) {
    ImageReadout r;
    if (!volume) {
        return r;
    }
    r.loaded = true;
    r.continuousIjk = volume->continuousIndexOfLps(pointLps);
    const core::Index3 nearest = core::nearestVoxelIndex(r.continuousIjk);
    for (std::size_t a = 0; a < 3; ++a) {
        r.nearestIjk[a] = nearest[a];
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
    // On a shared lattice the second's voxel is the first's partner through the exact axis map,
    // never a separate rounding that could land one voxel off at a half-voxel cursor.
    const auto& comparison = state.comparison();
    if (comparison && comparison->geometry.sameLattice && r.images[0].inside &&
        r.images[1].loaded) {
        const core::Index3 first{r.images[0].nearestIjk[0], r.images[0].nearestIjk[1],
                                 r.images[0].nearestIjk[2]};
        const core::Index3 partner = core::partnerVoxelIndex(comparison->geometry, first);
        ImageReadout& second = r.images[1];
        const auto* v = state.volume(ImageSlot::Second).get();
        for (std::size_t a = 0; a < 3; ++a) {
            second.nearestIjk[a] = partner[a];
        }
        second.inside = v->containsIndex(partner[0], partner[1], partner[2]);
        if (second.inside) {
            second.value = v->value(partner[0], partner[1], partner[2]);
        }
    }
    if (r.images[0].inside && r.images[1].inside) {
        r.difference = r.images[1].value - r.images[0].value;
    }
    return r;
}

} // namespace voxdiff::ui
