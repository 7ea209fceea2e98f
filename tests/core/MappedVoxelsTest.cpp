// SPDX-License-Identifier: BSD-3-Clause
// Uncompressed float32 NIfTI mapped instead of copied (LoadOptions::mapFiles, the CLI's
// compare and info): the same image and statistics as the copy, writes that never reach the
// file, a fallback to reading wherever a mapping does not fit, and a truncated mapped file
// that ends the process with the status of truncated_data instead of a crash.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include "NiftiWriter.h"
#include "TestData.h"
#include "voxdiff/NiftiReader.h"
#include "voxdiff/VoxelBuffer.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;

// 2.6 M voxels: over the size from which the reader maps (2^21 voxels).
const std::vector<std::int64_t> kDims{160, 160, 102};

std::vector<float> sampleValues() {
    std::vector<float> v(160 * 160 * 102);
    for (std::size_t n = 0; n < v.size(); ++n) {
        v[n] = static_cast<float>(std::sin(static_cast<double>(n) * 1e-3) * 1000.0);
    }
    v[7] = std::numeric_limits<float>::quiet_NaN();
    v[v.size() / 2] = std::numeric_limits<float>::infinity();
    v[v.size() - 1] = -std::numeric_limits<float>::infinity();
    return v;
}

core::LoadOptions mapping(bool on) {
    core::LoadOptions o;
    o.mapFiles = on;
    return o;
}

struct OpenFile {
    int fd;
    explicit OpenFile(const fs::path& p) : fd(open(p.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~OpenFile() {
        if (fd >= 0) {
            close(fd);
        }
    }
};

TEST(MappedVoxels, TheMappedImageIsTheCopiedImageBitForBit) {
    TempDir dir;
    writeNifti(dir / "f.nii", kDims, DT_FLOAT32, bytesOf(sampleValues()));
    auto mapped = core::readNifti(dir / "f.nii", mapping(true));
    auto copied = core::readNifti(dir / "f.nii", mapping(false));
    ASSERT_TRUE(mapped.ok()) << mapped.error().describe();
    ASSERT_TRUE(copied.ok()) << copied.error().describe();
    EXPECT_TRUE(mapped->voxels().mapsFile());
    EXPECT_FALSE(copied->voxels().mapsFile());
    ASSERT_EQ(mapped->voxels().size(), copied->voxels().size());
    EXPECT_EQ(std::memcmp(mapped->voxels().data(), copied->voxels().data(),
                          copied->voxels().size() * sizeof(float)),
              0);
    EXPECT_EQ(mapped->stats().nanCount, 1);
    EXPECT_EQ(mapped->stats().infCount, 2);
    EXPECT_EQ(mapped->stats().nanCount, copied->stats().nanCount);
    EXPECT_EQ(mapped->stats().infCount, copied->stats().infCount);
    EXPECT_EQ(mapped->stats().min, copied->stats().min);
    EXPECT_EQ(mapped->stats().max, copied->stats().max);
    EXPECT_EQ(mapped->stats().mean, copied->stats().mean);
}

TEST(MappedVoxels, OnlyUnscaledNativeFloat32IsMapped) {
    TempDir dir;
    writeNifti(dir / "scaled.nii", kDims, DT_FLOAT32, bytesOf(sampleValues()),
               [](nifti_image& nim) {
                   nim.scl_slope = 2;
                   nim.scl_inter = 1;
               });
    auto scaled = core::readNifti(dir / "scaled.nii", mapping(true));
    ASSERT_TRUE(scaled.ok()) << scaled.error().describe();
    EXPECT_FALSE(scaled->voxels().mapsFile());
    EXPECT_FLOAT_EQ(scaled->voxels()[1], sampleValues()[1] * 2 + 1);
}

TEST(MappedVoxels, WritesChangeTheBufferAndNeverTheFile) {
    TempDir dir;
    const std::vector<float> values = sampleValues();
    writeNifti(dir / "f.nii", kDims, DT_FLOAT32, bytesOf(values));
    const auto before = fs::file_size(dir / "f.nii");
    {
        auto v = core::readNifti(dir / "f.nii", mapping(true));
        ASSERT_TRUE(v.ok()) << v.error().describe();
        ASSERT_TRUE(v->voxels().mapsFile());
        v->voxels()[3] = 12345.0F;
        EXPECT_EQ(v->voxels()[3], 12345.0F);
    }
    auto again = core::readNifti(dir / "f.nii", mapping(false));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->voxels()[3], values[3]);
    EXPECT_EQ(fs::file_size(dir / "f.nii"), before);
}

TEST(MappedVoxels, WhatCannotBeMappedIsRefusedSoThatTheCallerReadsIt) {
    TempDir dir;
    std::ofstream(dir / "raw.bin", std::ios::binary) << std::string(4096 * 3, 'x');
    const OpenFile f(dir / "raw.bin");
    ASSERT_GE(f.fd, 0);
    EXPECT_TRUE(core::VoxelBuffer::mapFile(f.fd, 4, 1000, dir / "raw.bin").has_value());
    // An offset that would misalign float32, more values than the file holds, nothing.
    EXPECT_FALSE(core::VoxelBuffer::mapFile(f.fd, 2, 10, dir / "raw.bin").has_value());
    EXPECT_FALSE(core::VoxelBuffer::mapFile(f.fd, 4, 3072, dir / "raw.bin").has_value());
    EXPECT_FALSE(core::VoxelBuffer::mapFile(f.fd, 0, 0, dir / "raw.bin").has_value());
    EXPECT_FALSE(core::VoxelBuffer::mapFile(-1, 0, 10, dir / "raw.bin").has_value());
}

TEST(MappedVoxels, AShortFileIsStillRefusedAsTruncated) {
    TempDir dir;
    writeNifti(dir / "t.nii", kDims, DT_FLOAT32, bytesOf(sampleValues()));
    fs::resize_file(dir / "t.nii", fs::file_size(dir / "t.nii") - 4096);
    auto v = core::readNifti(dir / "t.nii", mapping(true));
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, core::ErrorCode::TruncatedData);
    EXPECT_EQ(v.error().file, dir / "t.nii");
}

TEST(MappedVoxels, CopiesOfAMappedBufferAreIndependentMemory) {
    TempDir dir;
    writeNifti(dir / "f.nii", kDims, DT_FLOAT32, bytesOf(sampleValues()));
    auto v = core::readNifti(dir / "f.nii", mapping(true));
    ASSERT_TRUE(v.ok());
    core::VoxelBuffer copy = v->voxels();
    EXPECT_FALSE(copy.mapsFile());
    EXPECT_TRUE(copy == v->voxels() || std::isnan(copy[7])); // NaN != NaN: compare bytes
    EXPECT_EQ(std::memcmp(copy.data(), v->voxels().data(), copy.size() * sizeof(float)), 0);
    core::VoxelBuffer moved = std::move(v->voxels());
    EXPECT_TRUE(moved.mapsFile());
    EXPECT_EQ(moved[100], copy[100]);
}

// Another program truncates a file while it is mapped: reading a lost page raises SIGBUS, and
// the process ends with the status given to setMappedFileTruncationExit and a message with the
// stable code, instead of crashing.
TEST(MappedVoxelsDeathTest, ATruncatedMappedFileEndsTheProcessAsTruncatedData) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    TempDir dir;
    writeNifti(dir / "f.nii", kDims, DT_FLOAT32, bytesOf(sampleValues()));
    EXPECT_EXIT(
        {
            core::setMappedFileTruncationExit("voxdiff-test", 5);
            auto v = core::readNifti(dir / "f.nii", mapping(true));
            if (!v.ok() || !v->voxels().mapsFile()) {
                std::_Exit(99);
            }
            fs::resize_file(dir / "f.nii", 0);
            volatile float last = v->voxels()[v->voxels().size() - 1];
            (void)last;
            std::_Exit(98);
        },
        ::testing::ExitedWithCode(5), "voxdiff-test: error: .*f\\.nii: .*\\(truncated_data\\)");
}

} // namespace
} // namespace voxdiff::test
