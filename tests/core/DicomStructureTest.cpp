// SPDX-License-Identifier: BSD-3-Clause
// Encodings GDCM parses lazily or in another process: implicit VR with defined-length
// sequences (items kept alive with their sequence), deflated data sets (inflated and walked
// by VoxDiff, decoded by the voxdiff-decode helper), and a helper that crashes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "RunProcess.h"
#include "TestData.h"
#include "voxdiff/DicomSeries.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

constexpr const char* kPetCase = "pet_acrin_flt_single_slice_a/dicom/1.dcm";

/// Re-encodes `in` into `out` with dcmtk's dcmconv and the given options; fails the test
/// (skips outside CI) when dcmconv is not installed (scripts/setup.sh installs dcmtk).
bool dcmconv(const std::vector<std::string>& options, const fs::path& in, const fs::path& out) {
    if (::access("/usr/bin/dcmconv", X_OK) != 0) {
        ADD_FAILURE() << "dcmconv (dcmtk) is not installed: run scripts/setup.sh";
        return false;
    }
    std::vector<std::string> args = options;
    args.push_back(in.string());
    args.push_back(out.string());
    const auto r = runProcess("/usr/bin/dcmconv", args);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.exitCode == 0;
}

core::LoadOptions suvOptions() {
    core::LoadOptions options;
    options.suv = true;
    return options;
}

TEST(DicomSequences, ImplicitVrPetWithDefinedLengthSequencesKeepsItsItemsAlive) {
    // Implicit VR with defined lengths: GDCM keeps each sequence as bytes and builds a new
    // SequenceOfItems on every read; the radiopharmaceutical item SUV needs must outlive it
    // (AddressSanitizer reports a use after free otherwise).
    VOXDIFF_SHARED_PATH_OR_SKIP(source, kPetCase);
    TempDir dir;
    fs::create_directory(dir / "implicit");
    ASSERT_TRUE(dcmconv({"+ti", "+e"}, source, dir / "implicit" / "pet.dcm"));
    auto original = core::loadDicom(source, suvOptions());
    auto implicit = core::loadDicom(dir / "implicit" / "pet.dcm", suvOptions());
    ASSERT_TRUE(original.ok()) << original.error().describe();
    ASSERT_TRUE(implicit.ok()) << implicit.error().describe();
    EXPECT_EQ(implicit->valueUnits(), "g/ml (SUVbw)");
    EXPECT_EQ(implicit->voxels(), original->voxels());
}

TEST(DicomDeflated, IsInflatedWalkedAndDecodedLikeTheOriginal) {
    VOXDIFF_SHARED_PATH_OR_SKIP(source, kPetCase);
    TempDir dir;
    ASSERT_TRUE(dcmconv({"+td"}, source, dir / "deflated.dcm"));
    auto original = core::loadDicom(source);
    auto deflated = core::loadDicom(dir / "deflated.dcm");
    ASSERT_TRUE(original.ok()) << original.error().describe();
    ASSERT_TRUE(deflated.ok()) << deflated.error().describe();
    EXPECT_EQ(deflated->voxels(), original->voxels());
}

TEST(DicomDecodeHelper, ACrashingDecoderFailsThatFileOnlyAndTheProgramGoesOn) {
    // The helper stands in for a GDCM codec that aborts on malformed compressed data.
    VOXDIFF_SHARED_PATH_OR_SKIP(source, kPetCase);
    TempDir dir;
    ASSERT_TRUE(dcmconv({"+td"}, source, dir / "deflated.dcm"));
    const fs::path crasher = dir / "crashing-decoder";
    std::ofstream(crasher) << "#!/bin/sh\nkill -ABRT $$\n";
    fs::permissions(crasher, fs::perms::owner_all);
    ::setenv("VOXDIFF_DECODE_HELPER", crasher.c_str(), 1);
    auto crashed = core::loadDicom(dir / "deflated.dcm");
    ::unsetenv("VOXDIFF_DECODE_HELPER");
    ASSERT_FALSE(crashed.ok());
    EXPECT_EQ(crashed.error().code, ErrorCode::CorruptHeader);
    EXPECT_EQ(crashed.error().context, "decoder_failed");
    EXPECT_EQ(crashed.error().file, dir / "deflated.dcm");
    auto again = core::loadDicom(dir / "deflated.dcm");
    EXPECT_TRUE(again.ok()) << again.error().describe();
}

} // namespace
} // namespace voxdiff::test
