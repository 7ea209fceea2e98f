// SPDX-License-Identifier: BSD-3-Clause
#include "render/OrientationPipeline.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkImageMapToColors.h>
#include <vtkImageReslice.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>

#include "render/ColorLookup.h"
#include "render/FusedSlice.h"

namespace voxdiff::ui {

namespace {

// Larger slices would cost frame rate without showing more on a screen-sized view.
constexpr int kMaxSlicePixels = 1024;

/// The volume's voxels as VTK image data in index space, without copying: the caller keeps the
/// volume alive for as long as the image is used.
vtkSmartPointer<vtkImageData> indexSpaceImage(const core::Volume& volume) {
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(static_cast<int>(volume.dims()[0]), static_cast<int>(volume.dims()[1]),
                         static_cast<int>(volume.dims()[2]));
    image->SetOrigin(0, 0, 0);
    image->SetSpacing(1, 1, 1);
    auto values = vtkSmartPointer<vtkFloatArray>::New();
    // save = 1: VTK must not free the volume's memory.
    values->SetArray(const_cast<float*>(volume.voxels().data()),
                     static_cast<vtkIdType>(volume.voxels().size()), 1);
    image->GetPointData()->SetScalars(values);
    return image;
}

/// A single NaN voxel: the reslice input of an empty slot, which then shows the background.
vtkSmartPointer<vtkImageData> emptyImage() {
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(1, 1, 1);
    image->AllocateScalars(VTK_FLOAT, 1);
    *static_cast<float*>(image->GetScalarPointer()) = std::numeric_limits<float>::quiet_NaN();
    return image;
}

vtkSmartPointer<vtkMatrix4x4> toVtk(const core::Matrix4& m) {
    auto out = vtkSmartPointer<vtkMatrix4x4>::New();
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 4; ++c) {
            out->SetElement(r, c, m.at(r, c));
        }
    }
    return out;
}

} // namespace

OrientationPipeline::OrientationPipeline(SliceOrientation orientation)
    : m_orientation(orientation) {
    for (int s = 0; s < kSlotCount; ++s) {
        auto& reslice = m_reslices[static_cast<std::size_t>(s)];
        reslice = vtkSmartPointer<vtkImageReslice>::New();
        // Nearest neighbour shows the stored voxels as they are: this tool is about telling
        // whether two images hold the same values, and interpolation would blur that.
        reslice->SetInterpolationModeToNearestNeighbor();
        reslice->SetOutputDimensionality(2);
        reslice->SetBackgroundLevel(std::numeric_limits<double>::quiet_NaN());
        reslice->SetInputData(emptyImage());
        auto& table = m_tables[static_cast<std::size_t>(s)];
        table = vtkSmartPointer<vtkLookupTable>::New();
        configureLookupTable(table, ColorMap::Grey, {});
        auto& colors = m_colors[static_cast<std::size_t>(s)];
        colors = vtkSmartPointer<vtkImageMapToColors>::New();
        colors->SetLookupTable(table);
        colors->SetOutputFormatToRGB();
        colors->SetInputConnection(reslice->GetOutputPort());
    }
    updateResliceAxes();
}

OrientationPipeline::~OrientationPipeline() = default;

std::array<double, 4> OrientationPipeline::sliceRectMm() const {
    const double half = 0.5 * m_pixelMm;
    return {m_gridOriginMm[0] - half, m_gridOriginMm[1] - half,
            m_gridOriginMm[0] - half + m_pixels[0] * m_pixelMm,
            m_gridOriginMm[1] - half + m_pixels[1] * m_pixelMm};
}

void OrientationPipeline::setVolumes(const ViewerState& state) {
    std::array<double, 2> lowMm{std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::max()};
    std::array<double, 2> highMm{std::numeric_limits<double>::lowest(),
                                 std::numeric_limits<double>::lowest()};
    for (int s = 0; s < kSlotCount; ++s) {
        const auto idx = static_cast<std::size_t>(s);
        m_volumes[idx] = state.volume(static_cast<ImageSlot>(s));
        const core::Volume* volume = m_volumes[idx].get();
        m_inputs[idx] = volume ? indexSpaceImage(*volume) : emptyImage();
        m_reslices[idx]->SetInputData(m_inputs[idx]);
        if (!volume) {
            continue;
        }
        // The plane grid covers the voxels' full extent (centres +- half a voxel).
        for (int corner = 0; corner < 8; ++corner) {
            core::Vec3 ijk{};
            for (std::size_t a = 0; a < 3; ++a) {
                const bool high = (corner >> a) & 1;
                ijk[a] = high ? static_cast<double>(volume->dims()[a]) - 0.5 : -0.5;
            }
            const auto xy = planeCoordinatesMm(m_orientation, volume->voxelCenterLps(ijk));
            for (std::size_t c = 0; c < 2; ++c) {
                lowMm[c] = std::min(lowMm[c], xy[c]);
                highMm[c] = std::max(highMm[c], xy[c]);
            }
        }
    }
    const core::Volume* reference = state.referenceVolume();
    double pixelMm = 1.0;
    if (reference) {
        const core::Vec3 spacingMm = reference->spacingMm();
        pixelMm = std::min({spacingMm[0], spacingMm[1], spacingMm[2]});
        for (std::size_t c = 0; c < 2; ++c) {
            pixelMm = std::max(pixelMm, (highMm[c] - lowMm[c]) / kMaxSlicePixels);
        }
    } else {
        lowMm = {0, 0};
        highMm = {1, 1};
    }
    std::array<int, 2> pixels{};
    for (std::size_t c = 0; c < 2; ++c) {
        pixels[c] = std::max(1, static_cast<int>(std::ceil((highMm[c] - lowMm[c]) / pixelMm)));
    }
    for (auto& reslice : m_reslices) {
        // Pixel centres start half a pixel inside the covered extent.
        reslice->SetOutputOrigin(lowMm[0] + 0.5 * pixelMm, lowMm[1] + 0.5 * pixelMm, 0.0);
        reslice->SetOutputSpacing(pixelMm, pixelMm, 1.0);
        reslice->SetOutputExtent(0, pixels[0] - 1, 0, pixels[1] - 1, 0, 0);
    }
    m_gridOriginMm = {lowMm[0] + 0.5 * pixelMm, lowMm[1] + 0.5 * pixelMm};
    m_pixelMm = pixelMm;
    m_pixels = pixels;
    m_gridExtentXMm = {lowMm[0], lowMm[0] + pixels[0] * pixelMm};
    updateResliceAxes();
    setDisplay(state);
}

bool OrientationPipeline::setCursor(const core::Vec3& cursorLps) {
    m_cursorLps = cursorLps;
    const double depthMm = core::dot(sliceFrameLps(m_orientation).normalLps, cursorLps);
    if (depthMm == m_planeDepthMm) {
        return false;
    }
    updateResliceAxes();
    return true;
}

void OrientationPipeline::updateResliceAxes() {
    m_planeDepthMm = core::dot(sliceFrameLps(m_orientation).normalLps, m_cursorLps);
    const core::Matrix4 planeToLpsMatrix = planeToLps(m_orientation, m_cursorLps);
    for (int s = 0; s < kSlotCount; ++s) {
        const auto idx = static_cast<std::size_t>(s);
        const core::Volume* volume = m_volumes[idx].get();
        // Output (plane mm) -> LPS -> the volume's continuous index = VTK's input coordinates.
        const core::Matrix4 axes =
            volume ? volume->lpsToIjk() * planeToLpsMatrix : core::Matrix4::identity();
        m_reslices[idx]->SetResliceAxes(toVtk(axes));
    }
}

void OrientationPipeline::setDisplay(const ViewerState& state) {
    for (int s = 0; s < kSlotCount; ++s) {
        const auto slot = static_cast<ImageSlot>(s);
        configureLookupTable(m_tables[static_cast<std::size_t>(s)], state.colorMap(slot),
                             state.windowLevel(slot));
        m_colors[static_cast<std::size_t>(s)]->Modified();
    }
}

namespace {

/// VTK stores the bottom row first; Qt paints the top row first. mirrored() also copies.
QImage topDown(const unsigned char* rgb, int widthPx, int heightPx) {
    return QImage(rgb, widthPx, heightPx, 3 * widthPx, QImage::Format_RGB888).mirrored(false, true);
}

} // namespace

void OrientationPipeline::updateSlices(const ViewerState& state) {
    for (int s = 0; s < kSlotCount; ++s) {
        const auto idx = static_cast<std::size_t>(s);
        if (!m_volumes[idx]) {
            m_sliceImages[idx] = QImage();
            continue;
        }
        m_colors[idx]->Update();
        m_sliceImages[idx] = topDown(
            static_cast<const unsigned char*>(m_colors[idx]->GetOutput()->GetScalarPointer()),
            m_pixels[0], m_pixels[1]);
    }
    updateFused(state);
}

void OrientationPipeline::updateFused(const ViewerState& state) {
    FusedSliceInputs in;
    in.widthPx = m_pixels[0];
    in.heightPx = m_pixels[1];
    in.originMm = m_gridOriginMm;
    in.pixelMm = m_pixelMm;
    for (int s = 0; s < kSlotCount; ++s) {
        const auto idx = static_cast<std::size_t>(s);
        if (!m_volumes[idx]) {
            continue;
        }
        // Already up to date from updateSlices(): the fused slice reuses the image slices.
        m_colors[idx]->Update();
        in.rgb[idx] =
            static_cast<const unsigned char*>(m_colors[idx]->GetOutput()->GetScalarPointer());
        in.values[idx] =
            static_cast<const float*>(m_reslices[idx]->GetOutput()->GetScalarPointer());
    }
    if (!in.rgb[0] && !in.rgb[1]) {
        m_sliceImages[2] = QImage();
        return;
    }
    m_fusedRgb.resize(static_cast<std::size_t>(in.widthPx) * in.heightPx * 3);
    composeFusedSlice(in, fusedSliceSettings(state), m_fusedRgb.data());
    m_sliceImages[2] = topDown(m_fusedRgb.data(), in.widthPx, in.heightPx);
}

} // namespace voxdiff::ui
