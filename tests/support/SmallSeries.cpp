// SPDX-License-Identifier: BSD-3-Clause
#include "SmallSeries.h"

#include <gtest/gtest.h>

#include "voxdiff/DicomPetWriter.h"

namespace voxdiff::test {

void writeSmallSeries(const std::filesystem::path& folder, std::int64_t slices) {
    std::vector<float> v(static_cast<std::size_t>(16 * slices));
    for (std::size_t n = 0; n < v.size(); ++n) {
        v[n] = static_cast<float>(100 + n % 50);
    }
    core::Matrix4 m = core::Matrix4::identity();
    m.at(2, 2) = 2.0;
    const core::Volume volume({4, 4, slices}, m, std::move(v));
    auto written = core::writeDicomPetSeries(volume, core::PetSeriesInfo{}, folder);
    ASSERT_TRUE(written.ok()) << written.error().describe();
}

} // namespace voxdiff::test
