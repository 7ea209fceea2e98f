// SPDX-License-Identifier: BSD-3-Clause
// Hostile and broken input beyond single files: folders without DICOM, symlink loops, unreadable
// files, absurd frame counts, very many files and very large volumes. Each case must end in a
// volume or a clear error naming the file, never a crash, a hang or exhausted memory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>

#include <gdcmAttribute.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfFragments.h>
#include <gdcmWriter.h>

#include "NiftiWriter.h"
#include "RunProcess.h"
#include "SmallSeries.h"
#include "TestData.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/NiftiReader.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

TEST(Robustness, AFolderWithNoDicomIsRefusedNamingIt) {
    TempDir dir;
    std::ofstream(dir / "notes.txt") << "no images here";
    std::ofstream(dir / "data.csv") << "1,2,3\n";
    auto v = core::loadDicom(dir.path());
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::NoImageData) << v.error().describe();
    EXPECT_EQ(v.error().file, dir.path());

    fs::create_directory(dir / "empty");
    auto e = core::loadDicom(dir / "empty");
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().file, dir / "empty");
}

TEST(Robustness, SymlinkLoopsNeitherHangNorHideTheSeries) {
    TempDir dir;
    writeSmallSeries(dir / "series", 3);
    fs::create_directory_symlink(dir.path(), dir / "series" / "loop"); // a folder loop
    fs::create_symlink(dir / "b.dcm", dir / "a.dcm");                  // a file loop
    fs::create_symlink(dir / "a.dcm", dir / "b.dcm");
    auto v = core::loadDicom(dir.path());
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->dims()[2], 3);
}

TEST(Robustness, AnUnreadableFileIsNamedWithItsReason) {
    // The real CLI, without privileges (as nobody when the tests run as root, as in CI), on
    // files of mode 000: exit status 3, naming the file.
    TempDir dir;
    writeSmallSeries(dir.path(), 2);
    fs::permissions(dir / "IM_0001.dcm", fs::perms::none);
    std::vector<std::int16_t> raw(8, 1);
    writeNifti(dir / "x.nii", {2, 2, 2}, DT_INT16, bytesOf(raw));
    fs::permissions(dir / "x.nii", fs::perms::none);
    for (const fs::path& file : {dir / "IM_0001.dcm", dir / "x.nii"}) {
        const auto r = runCliUnprivileged({"info", file.string()});
        EXPECT_EQ(r.exitCode, 3) << file << ": " << r.err;
        EXPECT_NE(r.err.find(file.filename().string()), std::string::npos) << r.err;
    }
    if (::geteuid() == 0) {
        return; // root reads everything in-process; the CLI run above is the test
    }
    auto alone = core::loadDicom(dir / "IM_0001.dcm");
    ASSERT_FALSE(alone.ok());
    EXPECT_EQ(alone.error().code, ErrorCode::PermissionDenied);
    auto n = core::readNifti(dir / "x.nii");
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.error().code, ErrorCode::PermissionDenied);
}

/// A valid one-slice file written by VoxDiff, changed by `adjust`, saved as dir/name.
void writeAdjustedSlice(const TempDir& dir, const std::string& name,
                        const std::function<void(gdcm::DataSet&)>& adjust, bool implicitVr = false,
                        gdcm::TransferSyntax::TSType syntax = gdcm::TransferSyntax::TS_END) {
    writeSmallSeries(dir / "s", 1);
    gdcm::Reader reader;
    reader.SetFileName((dir / "s" / "IM_0001.dcm").c_str());
    ASSERT_TRUE(reader.Read());
    adjust(reader.GetFile().GetDataSet());
    if (implicitVr) { // values longer than 64 KiB (explicit VR DS has a 16-bit length)
        reader.GetFile().GetHeader().SetDataSetTransferSyntax(
            gdcm::TransferSyntax::ImplicitVRLittleEndian);
    }
    if (syntax != gdcm::TransferSyntax::TS_END) {
        reader.GetFile().GetHeader().SetDataSetTransferSyntax(syntax);
    }
    gdcm::Writer writer;
    writer.SetFile(reader.GetFile());
    writer.SetFileName((dir / name).c_str());
    ASSERT_TRUE(writer.Write());
}

TEST(Robustness, AHeaderClaimingHugeFramesIsRefusedBeforeAllocation) {
    TempDir dir;
    writeAdjustedSlice(dir, "huge.dcm", [](gdcm::DataSet& ds) {
        gdcm::Attribute<0x0028, 0x0008> frames{2000000}; // two million frames of...
        ds.Replace(frames.GetAsDataElement());
        gdcm::Attribute<0x0028, 0x0010> rows{4096}; // ...4096 x 4096: 64 TB as float32
        ds.Replace(rows.GetAsDataElement());
        gdcm::Attribute<0x0028, 0x0011> columns{4096};
        ds.Replace(columns.GetAsDataElement());
    });
    auto v = core::loadDicom(dir / "huge.dcm");
    ASSERT_FALSE(v.ok());
    EXPECT_TRUE(v.error().code == ErrorCode::TruncatedData || v.error().code == ErrorCode::TooLarge)
        << v.error().describe();
    EXPECT_EQ(v.error().file, dir / "huge.dcm");
}

TEST(Robustness, MillionsOfTinyFramesAreRefusedBeforeAHeaderPerFrame) {
    // One 8-bit pixel per frame: the pixel data really holds every frame (1 MB), so the
    // length check passes; a FrameHeader per frame would take 240 MB for this file (and
    // 10 GB for 40 million 1-bit frames in 5 MB).
    TempDir dir;
    writeAdjustedSlice(dir, "tiny_frames.dcm", [](gdcm::DataSet& ds) {
        constexpr int kFrames = 1000000;
        ds.Replace(gdcm::Attribute<0x0028, 0x0008>{kFrames}.GetAsDataElement());
        ds.Replace(gdcm::Attribute<0x0028, 0x0010>{1}.GetAsDataElement());
        ds.Replace(gdcm::Attribute<0x0028, 0x0011>{1}.GetAsDataElement());
        ds.Replace(gdcm::Attribute<0x0028, 0x0100>{8}.GetAsDataElement());
        ds.Replace(gdcm::Attribute<0x0028, 0x0101>{8}.GetAsDataElement());
        ds.Replace(gdcm::Attribute<0x0028, 0x0102>{7}.GetAsDataElement());
        std::vector<char> pixels(kFrames, 1);
        gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
        pixelData.SetVR(gdcm::VR::OB);
        pixelData.SetByteValue(pixels.data(), static_cast<std::uint32_t>(pixels.size()));
        ds.Replace(pixelData);
    });
    auto v = core::loadDicom(dir / "tiny_frames.dcm");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::TooLarge) << v.error().describe();
    EXPECT_EQ(v.error().context, "structure rule too_many_frames") << v.error().describe();
    EXPECT_EQ(v.error().file, dir / "tiny_frames.dcm");
}

TEST(Robustness, CompressedFramesTheVolumeDoesNotUseStillCountAgainstTheBudget) {
    // 64 frames of 1024 x 1024 at one position (64 volumes of one slice: 4 MB as float32),
    // JPEG-LS, each fragment a few bytes: the helper would decode all 64 frames at once
    // (128 MB). With a 16 MB budget the file is refused before the helper starts.
    TempDir dir;
    writeAdjustedSlice(
        dir, "frames.dcm",
        [](gdcm::DataSet& ds) {
            constexpr int kFrames = 64;
            ds.Replace(gdcm::Attribute<0x0028, 0x0008>{kFrames}.GetAsDataElement());
            ds.Replace(gdcm::Attribute<0x0028, 0x0010>{1024}.GetAsDataElement());
            ds.Replace(gdcm::Attribute<0x0028, 0x0011>{1024}.GetAsDataElement());
            gdcm::SmartPointer<gdcm::SequenceOfFragments> fragments = new gdcm::SequenceOfFragments;
            for (int f = 0; f < kFrames; ++f) {
                gdcm::Fragment fragment;
                fragment.SetByteValue("\xff\xd8\xff\xd9", 4);
                fragments->AddFragment(fragment);
            }
            gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
            pixelData.SetVR(gdcm::VR::OB);
            pixelData.SetValue(*fragments);
            ds.Replace(pixelData);
        },
        /*implicitVr=*/false, gdcm::TransferSyntax::JPEGLSLossless);
    core::LoadOptions options;
    options.maxVolumeBytes = 16u << 20;
    auto v = core::loadDicom(dir / "frames.dcm", options);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::TooLarge) << v.error().describe();
    EXPECT_EQ(v.error().context, "structure rule decoded_size") << v.error().describe();
}

TEST(Robustness, AnRtDoseOfManyFramesIsPlacedInLinearTime) {
    // 300,000 frames of one pixel, each its own plane (GridFrameOffsetVector): 600 KB of
    // pixel data and a 1.2 MB volume. Placing frames by a pass over all placements per frame
    // took 9 x 10^10 steps (minutes); by bisection it takes well under a second.
    constexpr int kFrames = 300000;
    TempDir dir;
    writeAdjustedSlice(
        dir, "dose.dcm",
        [](gdcm::DataSet& ds) {
            const auto text = [&ds](std::uint16_t g, std::uint16_t e, const gdcm::VR& vr,
                                    std::string value) {
                if (value.size() % 2 != 0) {
                    value += ' ';
                }
                gdcm::DataElement de(gdcm::Tag(g, e));
                de.SetVR(vr);
                de.SetByteValue(value.data(), static_cast<std::uint32_t>(value.size()));
                ds.Replace(de);
            };
            text(0x0008, 0x0016, gdcm::VR::UI, "1.2.840.10008.5.1.4.1.1.481.2");
            text(0x0008, 0x0060, gdcm::VR::CS, "RTDOSE");
            text(0x0028, 0x0008, gdcm::VR::IS, std::to_string(kFrames));
            std::string offsets = "0";
            for (int k = 1; k < kFrames; ++k) {
                offsets += "\\" + std::to_string(k);
            }
            text(0x3004, 0x000C, gdcm::VR::DS, offsets);
            text(0x3004, 0x000E, gdcm::VR::DS, "1");
            text(0x0028, 0x1053, gdcm::VR::DS, "1"); // the PET slice's own rescale, made neutral
            text(0x0028, 0x1052, gdcm::VR::DS, "0");
            ds.Replace(gdcm::Attribute<0x0028, 0x0010>{1}.GetAsDataElement());
            ds.Replace(gdcm::Attribute<0x0028, 0x0011>{1}.GetAsDataElement());
            std::vector<std::uint16_t> pixels(kFrames);
            for (int k = 0; k < kFrames; ++k) {
                pixels[static_cast<std::size_t>(k)] = static_cast<std::uint16_t>(k % 1000);
            }
            gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
            pixelData.SetVR(gdcm::VR::OW);
            pixelData.SetByteValue(reinterpret_cast<const char*>(pixels.data()),
                                   static_cast<std::uint32_t>(pixels.size() * 2));
            ds.Replace(pixelData);
        },
        /*implicitVr=*/true);
    const auto start = std::chrono::steady_clock::now();
    auto v = core::loadDicom(dir / "dose.dcm");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(v.ok()) << v.error().describe();
    ASSERT_EQ(v->dims()[2], kFrames);
    EXPECT_EQ(v->value(0, 0, 1234), 234.0F);
    EXPECT_LT(seconds, 30.0); // about 1 s here, minutes before; generous for sanitizers
}

} // namespace
} // namespace voxdiff::test
