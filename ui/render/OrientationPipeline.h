// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QImage>

#include <array>
#include <memory>
#include <vector>

#include <vtkSmartPointer.h>

#include "model/SliceOrientation.h"
#include "model/ViewerState.h"

class vtkImageData;
class vtkImageMapToColors;
class vtkImageReslice;
class vtkLookupTable;

namespace voxdiff::ui {

/// The VTK pipeline of one orientation: both images resliced on the same plane through the
/// cursor and on the same 2D grid, mapped to colours, and combined on the CPU for the fused view
/// (blend, checkerboard, difference map or swipe; or one image alone when flipped). The fused
/// slice reuses the colour-mapped slices of the two image views and, for the difference map,
/// the two resliced value planes: a per-pixel second - first in physical space.
///
/// Slices are cut in physical space: each volume enters VTK in index space (origin 0, spacing
/// 1) and the reslice axes are lpsToIjk * planeToLps, so reversed, permuted or oblique index
/// axes all land on the same anatomy. The output grid is in the plane's coordinates (mm along
/// screen right and up), the same for every cut, so the camera only moves when the user pans.
class OrientationPipeline {
  public:
    explicit OrientationPipeline(SliceOrientation orientation);
    ~OrientationPipeline();
    OrientationPipeline(const OrientationPipeline&) = delete;
    OrientationPipeline& operator=(const OrientationPipeline&) = delete;

    SliceOrientation orientation() const { return m_orientation; }

    /// Re-reads the volumes of the state and rebuilds the output grid around both.
    void setVolumes(const ViewerState& state);
    /// Moves the cut to the plane through `cursorLps`; a no-op when only in-plane coordinates
    /// change (then nothing is recomputed). Returns whether the plane moved.
    bool setCursor(const core::Vec3& cursorLps);
    void setDisplay(const ViewerState& state);
    /// Recomputes the images' slices (after setVolumes, setCursor or setDisplay) and the fused
    /// slice from them with the state's fusion settings.
    void updateSlices(const ViewerState& state);
    /// Recomputes only the fused slice (the fusion settings changed).
    void updateFused(const ViewerState& state);

    /// The slice grid's extent along screen right (plane mm): where the swipe fraction maps.
    std::array<double, 2> gridExtentXMm() const { return m_gridExtentXMm; }

    bool hasImage(ImageSlot slot) const { return m_volumes[slotIndex(slot)] != nullptr; }
    /// The colour-mapped slice of one image and the fused slice, top row first (null image for
    /// an empty slot). Computed when the plane, display or fusion changes, not when painting.
    const QImage& colorSlice(ImageSlot slot) const {
        return m_sliceImages[static_cast<std::size_t>(slotIndex(slot))];
    }
    const QImage& fusedSlice() const { return m_sliceImages[2]; }
    /// The slices' extent in plane mm: {left, bottom, right, top} pixel edges.
    std::array<double, 4> sliceRectMm() const;

  private:
    void updateResliceAxes();

    SliceOrientation m_orientation;
    double m_planeDepthMm = 0.0;
    core::Vec3 m_cursorLps{0, 0, 0};
    std::array<std::shared_ptr<const core::Volume>, kSlotCount> m_volumes;
    std::array<vtkSmartPointer<vtkImageData>, kSlotCount> m_inputs;
    std::array<vtkSmartPointer<vtkImageReslice>, kSlotCount> m_reslices;
    std::array<vtkSmartPointer<vtkLookupTable>, kSlotCount> m_tables;
    std::array<vtkSmartPointer<vtkImageMapToColors>, kSlotCount> m_colors;
    std::vector<unsigned char> m_fusedRgb;
    std::array<QImage, 3> m_sliceImages;
    std::array<double, 2> m_gridOriginMm{0, 0}; ///< centre of pixel (0, 0), plane mm
    double m_pixelMm = 1.0;
    std::array<int, 2> m_pixels{1, 1};
    std::array<double, 2> m_gridExtentXMm{0, 1};
};

} // namespace voxdiff::ui
