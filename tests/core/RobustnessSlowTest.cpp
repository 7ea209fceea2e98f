// SPDX-License-Identifier: BSD-3-Clause
// The large cases of the robustness suite (label slow): ten thousand files, a 2 GiB volume.
// Each must end in a volume or a clear error, never a crash, a hang or exhausted memory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "NiftiWriter.h"
#include "SmallSeries.h"
#include "TestData.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/NiftiReader.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

TEST(RobustnessSlow, ASeriesOfTenThousandFilesLoadsOrIsRefusedByTheBudget) {
    TempDir dir;
    writeSmallSeries(dir.path(), 10000);
    auto v = core::loadDicom(dir.path());
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->dims()[2], 10000);
    EXPECT_EQ(v->source().fileCount, 10000);

    core::LoadOptions small;
    small.maxVolumeBytes = 100000; // below the 640000 bytes this series needs as float32
    auto refused = core::loadDicom(dir.path(), small);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::TooLarge);
    EXPECT_NE(refused.error().message.find("budget"), std::string::npos) << refused.error().message;
}

TEST(RobustnessSlow, ATwoGibibyteNiftiLoadsOrIsRefusedWithAClearMessage) {
    TempDir dir;
    // 1024 x 1024 x 512 float32 = 2 GiB of voxels: a real header, a sparse file of zeros.
    writeNifti(dir / "big.nii", {2, 2, 2}, DT_FLOAT32, bytesOf(std::vector<float>(8, 0.0f)));
    {
        std::fstream f(dir / "big.nii", std::ios::in | std::ios::out | std::ios::binary);
        const std::int16_t dims[3] = {1024, 1024, 512};
        f.seekp(42);
        f.write(reinterpret_cast<const char*>(dims), sizeof dims);
    }
    fs::resize_file(dir / "big.nii", 352 + (std::uint64_t{2} << 30));
    core::LoadOptions budget;
    budget.maxVolumeBytes = std::uint64_t{1} << 30;
    auto refused = core::readNifti(dir / "big.nii", budget);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::TooLarge);
    EXPECT_NE(refused.error().message.find("2 GiB"), std::string::npos) << refused.error().message;

    auto loaded = core::readNifti(dir / "big.nii"); // the default budget: half the memory
    if (core::defaultMaxVolumeBytes() >= (std::uint64_t{2} << 30)) {
        ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
        EXPECT_EQ(loaded->voxelCount(), std::int64_t{1} << 29);
        EXPECT_EQ(loaded->stats().max, 0.0);
    } else {
        ASSERT_FALSE(loaded.ok());
        EXPECT_EQ(loaded.error().code, ErrorCode::TooLarge);
    }
}

} // namespace
} // namespace voxdiff::test
