// SPDX-License-Identifier: BSD-3-Clause
#include "export/GridPlacement.h"

#include "voxdiff/Comparison.h"

namespace voxdiff::core::dicom_out {

namespace {

constexpr double kGridToleranceMm = 0.01;

std::string axisMapText(const std::array<AxisMapEntry, 3>& map) {
    static const char kAxes[] = {'i', 'j', 'k'};
    std::string text;
    for (std::size_t a = 0; a < 3; ++a) {
        text += std::string(text.empty() ? "" : " ") + kAxes[a] + "->" +
                (map[a].flipped ? "-" : "+") + kAxes[static_cast<std::size_t>(map[a].axis)];
    }
    return text;
}

} // namespace

Result<PlacedVolume> placeOnReferenceGrid(const Volume& input, const Volume& reference) {
    const GeometryRelation g = relateGeometry(reference, input, kGridToleranceMm);
    if (!g.sameGrid) {
        std::string message = "the input does not lie on the reference's grid, so its voxels "
                              "cannot be written in the reference's series without "
                              "resampling: " +
                              g.explanation;
        for (const std::string& line : g.details) {
            message += " " + line + ";";
        }
        return makeError(ErrorCode::InvalidArgument, message);
    }
    const Index3& dims = reference.dims();
    const std::array<std::int64_t, 3> inputStride = {1, input.dims()[0],
                                                     input.dims()[0] * input.dims()[1]};
    std::int64_t base = 0;
    std::array<std::int64_t, 3> step{};
    bool identity = true;
    for (std::size_t a = 0; a < 3; ++a) {
        const AxisMapEntry& e = g.axisMap[a];
        const std::int64_t stride = inputStride[static_cast<std::size_t>(e.axis)];
        base += e.offset * stride;
        step[a] = e.flipped ? -stride : stride;
        identity = identity && !e.flipped && e.axis == static_cast<int>(a);
    }
    VoxelBuffer voxels(static_cast<std::size_t>(reference.voxelCount())); // every value written
    const VoxelBuffer& source = input.voxels();
    std::size_t out = 0;
    for (std::int64_t k = 0; k < dims[2]; ++k) {
        for (std::int64_t j = 0; j < dims[1]; ++j) {
            std::int64_t in = base + k * step[2] + j * step[1];
            for (std::int64_t i = 0; i < dims[0]; ++i, in += step[0]) {
                voxels[out++] = source[static_cast<std::size_t>(in)];
            }
        }
    }
    PlacedVolume placed;
    placed.volume = Volume(dims, reference.ijkToLps(), std::move(voxels));
    placed.volume.source() = input.source();
    placed.volume.setModality(input.modality());
    placed.volume.setValueUnits(input.valueUnits());
    placed.volume.refreshStats();
    placed.reordered = !identity;
    placed.axisMap = axisMapText(g.axisMap);
    return placed;
}

} // namespace voxdiff::core::dicom_out
