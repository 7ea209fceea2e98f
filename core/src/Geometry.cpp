// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/Geometry.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace voxdiff::core {

Matrix4 Matrix4::identity() {
    Matrix4 r;
    for (int i = 0; i < 4; ++i) {
        r.at(i, i) = 1.0;
    }
    return r;
}

Matrix4 Matrix4::lpsToRas() {
    Matrix4 r = identity();
    r.at(0, 0) = -1.0;
    r.at(1, 1) = -1.0;
    return r;
}

Matrix4 Matrix4::fromRows(const std::array<std::array<double, 4>, 4>& rows) {
    Matrix4 r;
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
            r.at(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
        }
    }
    return r;
}

Vec3 Matrix4::transformPoint(const Vec3& p) const {
    Vec3 out{};
    for (int r = 0; r < 3; ++r) {
        out[static_cast<std::size_t>(r)] =
            at(r, 0) * p[0] + at(r, 1) * p[1] + at(r, 2) * p[2] + at(r, 3);
    }
    return out;
}

Vec3 Matrix4::transformVector(const Vec3& v) const {
    Vec3 out{};
    for (int r = 0; r < 3; ++r) {
        out[static_cast<std::size_t>(r)] = at(r, 0) * v[0] + at(r, 1) * v[1] + at(r, 2) * v[2];
    }
    return out;
}

Vec3 Matrix4::column(int c) const {
    return {at(0, c), at(1, c), at(2, c)};
}

Matrix4 Matrix4::operator*(const Matrix4& rhs) const {
    Matrix4 r;
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
            double s = 0.0;
            for (int k = 0; k < 4; ++k) {
                s += at(i, k) * rhs.at(k, j);
            }
            r.at(i, j) = s;
        }
    }
    return r;
}

Matrix4 Matrix4::inverse(bool* ok) const {
    // Gauss-Jordan with partial pivoting on [A | I].
    double a[4][8];
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
            a[i][j] = at(i, j);
            a[i][j + 4] = (i == j) ? 1.0 : 0.0;
        }
    }
    double scale = 0.0;
    for (double v : m) {
        if (!std::isfinite(v)) { // NaN would slip through the pivot test below
            if (ok) {
                *ok = false;
            }
            return identity();
        }
        scale = std::max(scale, std::abs(v));
    }
    for (int col = 0; col < 4; ++col) {
        int pivot = col;
        for (int r = col + 1; r < 4; ++r) {
            if (std::abs(a[r][col]) > std::abs(a[pivot][col])) {
                pivot = r;
            }
        }
        if (!(std::abs(a[pivot][col]) > 1e-12 * std::max(scale, 1e-300))) {
            if (ok) {
                *ok = false;
            }
            return identity();
        }
        if (pivot != col) {
            for (int j = 0; j < 8; ++j) {
                std::swap(a[col][j], a[pivot][j]);
            }
        }
        const double p = a[col][col];
        for (int j = 0; j < 8; ++j) {
            a[col][j] /= p;
        }
        for (int r = 0; r < 4; ++r) {
            if (r != col && a[r][col] != 0.0) {
                const double f = a[r][col];
                for (int j = 0; j < 8; ++j) {
                    a[r][j] -= f * a[col][j];
                }
            }
        }
    }
    Matrix4 r;
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
            r.at(i, j) = a[i][j + 4];
            if (!std::isfinite(r.at(i, j))) {
                if (ok) {
                    *ok = false;
                }
                return identity();
            }
        }
    }
    if (ok) {
        *ok = true;
    }
    return r;
}

double Matrix4::determinant3() const {
    return at(0, 0) * (at(1, 1) * at(2, 2) - at(1, 2) * at(2, 1)) -
           at(0, 1) * (at(1, 0) * at(2, 2) - at(1, 2) * at(2, 0)) +
           at(0, 2) * (at(1, 0) * at(2, 1) - at(1, 1) * at(2, 0));
}

double Matrix4::maxAbsDiff(const Matrix4& other) const {
    double d = 0.0;
    for (std::size_t i = 0; i < 16; ++i) {
        d = std::max(d, std::abs(m[i] - other.m[i]));
    }
    return d;
}

double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double norm(const Vec3& a) {
    return std::sqrt(dot(a, a));
}

Vec3 normalized(const Vec3& a) {
    const double n = norm(a);
    if (n == 0.0) {
        return a;
    }
    return {a[0] / n, a[1] / n, a[2] / n};
}

Vec3 operator-(const Vec3& a, const Vec3& b) {
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
Vec3 operator+(const Vec3& a, const Vec3& b) {
    return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
Vec3 operator*(double s, const Vec3& a) {
    return {s * a[0], s * a[1], s * a[2]};
}

std::string orientationCodeRas(const Matrix4& ijkToRas) {
    static const char kPositive[3] = {'R', 'A', 'S'};
    static const char kNegative[3] = {'L', 'P', 'I'};
    std::string code;
    bool used[3] = {false, false, false};
    for (int c = 0; c < 3; ++c) {
        const Vec3 v = normalized(ijkToRas.column(c));
        int best = -1;
        double bestAbs = -1.0;
        for (int r = 0; r < 3; ++r) {
            if (!used[r] && std::abs(v[static_cast<std::size_t>(r)]) > bestAbs) {
                bestAbs = std::abs(v[static_cast<std::size_t>(r)]);
                best = r;
            }
        }
        if (best < 0 || bestAbs == 0.0) {
            code += '?';
            continue;
        }
        used[best] = true;
        code += v[static_cast<std::size_t>(best)] >= 0 ? kPositive[best] : kNegative[best];
    }
    return code;
}

double maxOffAxisCosine(const Matrix4& ijkToLps) {
    double worst = 0.0;
    for (int c = 0; c < 3; ++c) {
        const Vec3 v = normalized(ijkToLps.column(c));
        double largest = 0.0;
        for (double x : v) {
            largest = std::max(largest, std::abs(x));
        }
        for (double x : v) {
            if (std::abs(x) != largest) {
                worst = std::max(worst, std::abs(x));
            }
        }
    }
    return worst;
}

std::string formatMatrix(const Matrix4& m, int precision) {
    std::ostringstream os;
    os << std::setprecision(precision);
    for (int r = 0; r < 4; ++r) {
        os << "[";
        for (int c = 0; c < 4; ++c) {
            os << (c ? ", " : "") << m.at(r, c);
        }
        os << "]\n";
    }
    return os.str();
}

} // namespace voxdiff::core
