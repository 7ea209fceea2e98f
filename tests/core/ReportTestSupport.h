// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// A small synthetic comparison for the report tests: two 20 x 16 x 12 volumes on the same
// grid, the second with its k axis reversed and a few voxels changed.
#include <cmath>
#include <string>

#include "voxdiff/Comparison.h"
#include "voxdiff/Report.h"

namespace voxdiff::test {

struct ReportFixtureData {
    core::Volume first;
    core::Volume second;
    core::CompareOptions options;
    core::Comparison comparison;
    core::ReportModel report;
};

inline ReportFixtureData makeReportFixture() {
    using namespace core;
    const Index3 dims{20, 16, 12};
    const Matrix4 a =
        Matrix4::fromRows({{{2, 0, 0, -19}, {0, 2, 0, -15}, {0, 0, 3, -16.5}, {0, 0, 0, 1}}});
    Matrix4 b = a;
    b.at(2, 2) = -3.0;
    b.at(2, 3) = -16.5 + 3.0 * 11;
    std::vector<float> va(static_cast<std::size_t>(dims[0] * dims[1] * dims[2]));
    std::vector<float> vb(va.size());
    for (std::int64_t k = 0; k < dims[2]; ++k) {
        for (std::int64_t j = 0; j < dims[1]; ++j) {
            for (std::int64_t i = 0; i < dims[0]; ++i) {
                const double r2 = (i - 10.0) * (i - 10.0) + (j - 8.0) * (j - 8.0);
                const auto value = static_cast<float>(r2 < 40 ? 5.0 + 0.1 * k : 0.5);
                va[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))] = value;
                vb[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * (11 - k)))] = value;
            }
        }
    }
    // A lesion-like change in the second image at first-image voxel (12, 7, 4).
    vb[static_cast<std::size_t>(12 + dims[0] * (7 + dims[1] * (11 - 4)))] += 2.5f;
    vb[static_cast<std::size_t>(3 + dims[0] * (3 + dims[1] * (11 - 9)))] -= 0.25f;
    ReportFixtureData d{Volume(dims, a, va), Volume(dims, b, vb), {}, {}, {}};
    d.first.source().path = "first.nii.gz";
    d.second.source().path = "second_dicom";
    d.second.setModality("PT");
    d.first.refreshStats();
    d.second.refreshStats();
    d.first.addDiagnostic(Severity::Warning, "qform_sform_disagree", "test finding about first");
    d.options.absTolerance = 0.1;
    auto c = compareVolumes(d.first, d.second, d.options);
    if (c.ok()) {
        d.comparison = c.value();
    }
    d.report = buildReport(d.first, d.second, d.comparison, d.options);
    return d;
}

} // namespace voxdiff::test
