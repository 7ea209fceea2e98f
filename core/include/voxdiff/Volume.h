// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "voxdiff/Diagnostic.h"
#include "voxdiff/Geometry.h"
#include "voxdiff/VoxelBuffer.h"

namespace voxdiff::core {

enum class ImageFormat { Nifti1, Nifti2, Dicom };
const char* imageFormatName(ImageFormat f);

/// Whose image this is (DICOM; all empty for NIfTI, which carries none of it).
struct ImageIdentity {
    std::string patientName;
    std::string patientId;
    std::string patientBirthDate; ///< DA, YYYYMMDD
    std::string studyInstanceUid;
    std::string studyDate; ///< DA, YYYYMMDD
    std::string frameOfReferenceUid;
};

/// Where a volume came from.
struct VolumeSource {
    std::filesystem::path path; ///< the file or folder the user named
    ImageFormat format = ImageFormat::Nifti1;
    std::string seriesInstanceUid; ///< DICOM only
    std::string description;       ///< DICOM SeriesDescription or NIfTI descrip
    std::int64_t fileCount = 1;    ///< number of files read
    ImageIdentity identity;
};

/// The rescale of one slice (index k of the volume, after sorting): value = stored * slope +
/// intercept.
struct SliceScaling {
    double slope = 1.0;
    double intercept = 0.0;
};

enum class ScalingKind {
    None,            ///< stored values are the modality values
    NiftiScl,        ///< NIfTI scl_slope / scl_inter
    DicomRescale,    ///< DICOM RescaleSlope / RescaleIntercept (per slice)
    DoseGridScaling, ///< RT Dose DoseGridScaling
    PhilipsPrivate,  ///< Philips private scale slope (real-world values)
};
const char* scalingKindName(ScalingKind k);

/// How stored values were turned into the float32 values of the volume.
struct Scaling {
    ScalingKind kind = ScalingKind::None;
    std::string storedType;              ///< stored data type, e.g. "int16", "float32"
    double slope = 1.0;                  ///< NIfTI: scl_slope applied (1 when none)
    double intercept = 0.0;              ///< NIfTI: scl_inter applied (0 when none)
    std::vector<SliceScaling> perSliceK; ///< DICOM: slope and intercept of every slice k
    /// PET: the SUVbw factor (g/ml per Bq/ml) the values were multiplied by; 0 when none.
    double suvFactor = 0.0;
    /// PET DICOM in Bq/ml: the SUVbw factor its header gives, whether applied or not (0 when
    /// it cannot be computed), and its inputs in words.
    double suvFactorAvailable = 0.0;
    std::string suvInputs;

    /// True when the slope differs between slices (DICOM per-slice rescale).
    bool slopeVariesPerSlice() const;
    bool interceptVariesPerSlice() const;
    /// The slope of slice k (the single slope when there is no per-slice list).
    double slopeOfSlice(std::int64_t k) const;
};

/// NIfTI header facts kept for display and for the geometry diagnostics.
struct NiftiHeaderInfo {
    int version = 1;      ///< 1 or 2
    std::string datatype; ///< e.g. "int16"
    bool bigEndian = false;
    int qformCode = 0;
    int sformCode = 0;
    Matrix4 qformIjkToRas;    ///< from the quaternion (meaningful when qformCode > 0)
    Matrix4 sformIjkToRas;    ///< srow_x/y/z (meaningful when sformCode > 0)
    std::string affineSource; ///< "sform", "qform" or "pixdim"
    std::array<double, 8> pixdim{};
    std::string spatialUnit; ///< "mm", "m", "um" or "unknown"
    std::string timeUnit;
    std::array<std::int64_t, 8> dim{}; ///< the header's dim[] as stored
};

/// Summary of the voxel values (finite values only for min/max/mean).
struct ValueStats {
    double min = 0.0;
    double max = 0.0;
    double mean = 0.0;
    std::int64_t finiteCount = 0;
    std::int64_t nanCount = 0;
    std::int64_t infCount = 0;
};

/// Value statistics gathered part by part (the loaders feed it each block of voxels right
/// after decoding it, while the block is still in cache) and merged across threads.
class ValueStatsAccumulator {
  public:
    void add(const float* values, std::size_t count);
    void merge(const ValueStatsAccumulator& other);
    ValueStats result() const;

  private:
    double m_sum = 0.0;
    double m_min = 0.0;
    double m_max = 0.0;
    std::int64_t m_finite = 0;
    std::int64_t m_nan = 0;
    std::int64_t m_inf = 0;
};

ValueStats computeValueStats(std::span<const float> values);

/// One 3D image in physical space. Geometry is stored in LPS (DICOM's patient frame) as a 4x4
/// ijkToLps that maps a voxel index (i = fastest, column; j = row; k = slice) to the voxel's
/// centre in millimetres. Values are float32 modality values after any scaling, i fastest.
/// Owns its voxels. A 4D source yields one Volume per time point; timeIndex() says which.
class Volume {
  public:
    Volume() = default;
    /// voxels.size() must equal dimsIjk[0] * dimsIjk[1] * dimsIjk[2].
    Volume(Index3 dimsIjk, const Matrix4& ijkToLps, VoxelBuffer voxels);
    /// As above, copying the values (for small volumes built in code).
    Volume(Index3 dimsIjk, const Matrix4& ijkToLps, const std::vector<float>& voxels)
        : Volume(dimsIjk, ijkToLps, VoxelBuffer(voxels)) {}

    const Index3& dims() const { return m_dims; }
    std::int64_t voxelCount() const { return m_dims[0] * m_dims[1] * m_dims[2]; }
    const VoxelBuffer& voxels() const { return m_voxels; }
    VoxelBuffer& voxels() { return m_voxels; }
    std::int64_t linearIndex(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return i + m_dims[0] * (j + m_dims[1] * k);
    }
    float value(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return m_voxels[static_cast<std::size_t>(linearIndex(i, j, k))];
    }
    bool containsIndex(std::int64_t i, std::int64_t j, std::int64_t k) const {
        return i >= 0 && j >= 0 && k >= 0 && i < m_dims[0] && j < m_dims[1] && k < m_dims[2];
    }

    // Geometry (LPS is stored; RAS derived).
    const Matrix4& ijkToLps() const { return m_ijkToLps; }
    void setIjkToLps(const Matrix4& ijkToLps);
    Matrix4 ijkToRas() const { return Matrix4::lpsToRas() * m_ijkToLps; }
    /// Inverse map: LPS mm to continuous voxel index.
    const Matrix4& lpsToIjk() const { return m_lpsToIjk; }
    /// Length of each index step in mm (the norms of ijkToLps's columns).
    Vec3 spacingMm() const;
    /// Centre of voxel (0,0,0).
    Vec3 originLps() const { return m_ijkToLps.translation(); }
    Vec3 originRas() const { return lpsToRasPoint(originLps()); }
    /// Unit direction of index axis `axis` (0 = i, 1 = j, 2 = k) in LPS.
    Vec3 directionLps(int axis) const { return normalized(m_ijkToLps.column(axis)); }
    /// Unit normal of the i-j plane (i x j), in LPS; for DICOM the slice normal.
    Vec3 sliceNormalLps() const {
        return normalized(cross(m_ijkToLps.column(0), m_ijkToLps.column(1)));
    }
    Vec3 voxelCenterLps(const Vec3& ijk) const { return m_ijkToLps.transformPoint(ijk); }
    Vec3 voxelCenterRas(const Vec3& ijk) const { return lpsToRasPoint(voxelCenterLps(ijk)); }
    Vec3 continuousIndexOfLps(const Vec3& pointLps) const {
        return m_lpsToIjk.transformPoint(pointLps);
    }
    /// Axis-aligned bounding box (in LPS) of the voxel centres: {min, max}.
    std::array<Vec3, 2> boundsLps() const;
    /// RAS orientation code of the index axes ("LPS", "PIR", ...).
    std::string orientationCode() const { return orientationCodeRas(ijkToRas()); }

    // 4D.
    std::int64_t timePointCount() const { return m_timePointCount; }
    std::int64_t timeIndex() const { return m_timeIndex; }
    void setTimePoints(std::int64_t count, std::int64_t index) {
        m_timePointCount = count;
        m_timeIndex = index;
    }

    // Provenance and meaning of values.
    const VolumeSource& source() const { return m_source; }
    VolumeSource& source() { return m_source; }
    const std::string& modality() const { return m_modality; }
    void setModality(std::string m) { m_modality = std::move(m); }
    const std::string& valueUnits() const { return m_valueUnits; }
    void setValueUnits(std::string u) { m_valueUnits = std::move(u); }
    const Scaling& scaling() const { return m_scaling; }
    Scaling& scaling() { return m_scaling; }
    const std::optional<NiftiHeaderInfo>& nifti() const { return m_nifti; }
    void setNifti(NiftiHeaderInfo info) { m_nifti = std::move(info); }

    /// Statistics of the values: computed by refreshStats(), or gathered by a loader while it
    /// decoded the values and set with setStats().
    const ValueStats& stats() const { return m_stats; }
    void refreshStats() { m_stats = computeValueStats(m_voxels.span()); }
    void setStats(const ValueStats& stats) { m_stats = stats; }

    const Diagnostics& diagnostics() const { return m_diagnostics; }
    void addDiagnostic(Severity s, std::string code, std::string message) {
        m_diagnostics.push_back({s, std::move(code), std::move(message)});
    }

  private:
    Index3 m_dims{0, 0, 0};
    Matrix4 m_ijkToLps = Matrix4::identity();
    Matrix4 m_lpsToIjk = Matrix4::identity();
    VoxelBuffer m_voxels;
    std::int64_t m_timePointCount = 1;
    std::int64_t m_timeIndex = 0;
    VolumeSource m_source;
    std::string m_modality;
    std::string m_valueUnits;
    Scaling m_scaling;
    std::optional<NiftiHeaderInfo> m_nifti;
    ValueStats m_stats;
    Diagnostics m_diagnostics;
};

} // namespace voxdiff::core
