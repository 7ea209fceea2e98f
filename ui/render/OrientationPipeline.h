#pragma once

#include <array>
#include <memory>

#include <vtkSmartPointer.h>

#include "model/SliceOrientation.h"
#include "model/ViewerState.h"

class vtkAlgorithmOutput;
class vtkImageBlend;
class vtkImageData;
class vtkImageMapToColors;
class vtkImageReslice;
class vtkLookupTable;

namespace voxdiff::ui {

/// The VTK pipeline of one orientation: both images resliced on the same plane through the
/// cursor and on the same 2D grid, mapped to colours, and alpha-blended for the fused view.
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
    /// change (then nothing is recomputed).
    void setCursor(const core::Vec3& cursorLps);
    void setDisplay(const ViewerState& state);

    bool hasImage(ImageSlot slot) const { return m_volumes[slotIndex(slot)] != nullptr; }
    /// RGB slice of one image, and the fused (blended) slice.
    vtkAlgorithmOutput* colorOutput(ImageSlot slot);
    vtkAlgorithmOutput* fusedOutput();

  private:
    void updateResliceAxes();
    void rebuildBlend();

    SliceOrientation m_orientation;
    double m_planeDepthMm = 0.0;
    core::Vec3 m_cursorLps{0, 0, 0};
    std::array<std::shared_ptr<const core::Volume>, kSlotCount> m_volumes;
    std::array<vtkSmartPointer<vtkImageData>, kSlotCount> m_inputs;
    std::array<vtkSmartPointer<vtkImageReslice>, kSlotCount> m_reslices;
    std::array<vtkSmartPointer<vtkLookupTable>, kSlotCount> m_tables;
    std::array<vtkSmartPointer<vtkImageMapToColors>, kSlotCount> m_colors;
    vtkSmartPointer<vtkImageBlend> m_blend;
    double m_fusionOpacity = 0.5;
};

} // namespace voxdiff::ui
