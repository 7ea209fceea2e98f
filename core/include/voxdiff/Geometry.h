// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace voxdiff::core {

/// A 3-vector of doubles. The frame (LPS, RAS, IJK) is carried by the variable's name.
using Vec3 = std::array<double, 3>;

/// A 3-vector of voxel indices or counts (i = column, j = row, k = slice).
using Index3 = std::array<std::int64_t, 3>;

/// A 4x4 homogeneous matrix of doubles, stored row-major: at(r, c) = m[4 * r + c].
/// Used for index-to-physical maps (ijkToLps, ijkToRas) and frame changes (lpsToRas).
struct Matrix4 {
    std::array<double, 16> m{};

    static Matrix4 identity();
    /// diag(-1, -1, 1, 1): maps LPS to RAS and back (it is its own inverse).
    static Matrix4 lpsToRas();
    /// Builds a matrix from 4 rows of 4 values.
    static Matrix4 fromRows(const std::array<std::array<double, 4>, 4>& rows);

    double& at(int row, int col) { return m[static_cast<std::size_t>(4 * row + col)]; }
    double at(int row, int col) const { return m[static_cast<std::size_t>(4 * row + col)]; }

    /// Applies the matrix to the point (x, y, z, 1).
    Vec3 transformPoint(const Vec3& p) const;
    /// Applies the upper-left 3x3 block to a direction (x, y, z, 0).
    Vec3 transformVector(const Vec3& v) const;
    /// Column c of the upper-left 3x3 block (for an ijk-to-physical map: the step of index c).
    Vec3 column(int c) const;
    /// The translation column (for an ijk-to-physical map: the centre of voxel (0,0,0)).
    Vec3 translation() const { return {at(0, 3), at(1, 3), at(2, 3)}; }

    Matrix4 operator*(const Matrix4& rhs) const;
    /// The inverse; `ok` is set false (and identity returned) when the matrix is singular or
    /// an entry of it or of its inverse is not finite.
    Matrix4 inverse(bool* ok = nullptr) const;
    double determinant3() const;
    /// Largest absolute element-wise difference.
    double maxAbsDiff(const Matrix4& other) const;
};

double dot(const Vec3& a, const Vec3& b);
Vec3 cross(const Vec3& a, const Vec3& b);
double norm(const Vec3& a);
Vec3 normalized(const Vec3& a);
Vec3 operator-(const Vec3& a, const Vec3& b);
Vec3 operator+(const Vec3& a, const Vec3& b);
Vec3 operator*(double s, const Vec3& a);

/// Converts an LPS point or vector to RAS (and back: the map is its own inverse).
inline Vec3 lpsToRasPoint(const Vec3& pLps) {
    return {-pLps[0], -pLps[1], pLps[2]};
}

/// The three-letter orientation code of an index-to-physical map in the RAS convention used by
/// nibabel's aff2axcodes ("LPS", "RAS", "PIR", ...): for each index axis, the anatomical
/// direction it points to, taken from its dominant RAS component.
std::string orientationCodeRas(const Matrix4& ijkToRas);

/// Largest absolute off-axis component of the unit direction cosines (0 for a grid aligned
/// with the patient axes).
double maxOffAxisCosine(const Matrix4& ijkToLps);

/// Short human text for a matrix: four rows of four numbers.
std::string formatMatrix(const Matrix4& m, int precision = 6);

} // namespace voxdiff::core
