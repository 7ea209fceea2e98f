// SPDX-License-Identifier: BSD-3-Clause
// Loading a classic CT series of 400 slices of 512x512 int16: wall time of loadDicom and peak
// resident memory against the float32 volume. Not a test: run it by hand and read the numbers.
//
//   bench_dicom_load [FOLDER] [SLICES] [generate-only]
//   (default: a temporary folder of 400 slices, generated on first use; bench/run_peers.sh uses
//   generate-only to write the series it loads with voxdiff-cli and dcm2niix)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <gdcmAttribute.h>
#include <gdcmImage.h>
#include <gdcmImageWriter.h>
#include <gdcmUIDGenerator.h>

#include "voxdiff/DicomSeries.h"

namespace fs = std::filesystem;

namespace {

int g_slices = 400;
constexpr int kSide = 512;
constexpr double kPixelMm = 0.7;
constexpr double kSliceMm = 1.25;

double peakRssMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

template <std::uint16_t G, std::uint16_t E>
void setText(gdcm::DataSet& ds, const std::string& value) {
    gdcm::Attribute<G, E> a;
    a.SetValue(value.c_str());
    ds.Replace(a.GetAsDataElement());
}

bool writeSlice(const fs::path& file, int k, const std::string& seriesUid,
                const std::string& studyUid) {
    gdcm::ImageWriter writer;
    gdcm::Image& image = writer.GetImage();
    image.SetNumberOfDimensions(2);
    image.SetDimension(0, kSide);
    image.SetDimension(1, kSide);
    image.SetPixelFormat(gdcm::PixelFormat::INT16);
    image.SetPhotometricInterpretation(gdcm::PhotometricInterpretation::MONOCHROME2);
    image.SetSpacing(0, kPixelMm);
    image.SetSpacing(1, kPixelMm);
    image.SetSpacing(2, kSliceMm);
    image.SetOrigin(0, -179.0);
    image.SetOrigin(1, -179.0);
    image.SetOrigin(2, -250.0 + kSliceMm * k);
    const double cosines[6] = {1, 0, 0, 0, 1, 0};
    image.SetDirectionCosines(cosines);
    image.SetIntercept(-1024.0);
    image.SetSlope(1.0);
    std::vector<std::int16_t> pixels(static_cast<std::size_t>(kSide) * kSide);
    for (int j = 0; j < kSide; ++j) {
        for (int i = 0; i < kSide; ++i) {
            const int r2 = (i - 256) * (i - 256) + (j - 256) * (j - 256);
            pixels[static_cast<std::size_t>(j * kSide + i)] =
                static_cast<std::int16_t>(r2 < 200 * 200 ? 1000 + (i + j + k) % 200 : 0);
        }
    }
    gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
    pixelData.SetByteValue(reinterpret_cast<const char*>(pixels.data()),
                           static_cast<std::uint32_t>(pixels.size() * sizeof(std::int16_t)));
    image.SetDataElement(pixelData);

    gdcm::DataSet& ds = writer.GetFile().GetDataSet();
    gdcm::UIDGenerator uid;
    setText<0x0008, 0x0016>(ds, "1.2.840.10008.5.1.4.1.1.2");
    setText<0x0008, 0x0018>(ds, uid.Generate());
    setText<0x0008, 0x0060>(ds, "CT");
    setText<0x0020, 0x000D>(ds, studyUid);
    setText<0x0020, 0x000E>(ds, seriesUid);
    setText<0x0008, 0x103E>(ds, "bench CT 400x512x512");
    // Fixed dates, times and numbers: otherwise GDCM stamps each file with the time it was
    // written, and dcm2niix then splits the series.
    for (const auto& [tag, value] : {std::pair{gdcm::Tag(0x0008, 0x0020), "20240101"},
                                     {gdcm::Tag(0x0008, 0x0021), "20240101"},
                                     {gdcm::Tag(0x0008, 0x0022), "20240101"},
                                     {gdcm::Tag(0x0008, 0x0023), "20240101"},
                                     {gdcm::Tag(0x0008, 0x0030), "120000"},
                                     {gdcm::Tag(0x0008, 0x0031), "120000"},
                                     {gdcm::Tag(0x0008, 0x0032), "120000"},
                                     {gdcm::Tag(0x0008, 0x0033), "120000"},
                                     {gdcm::Tag(0x0020, 0x0011), "1"},
                                     {gdcm::Tag(0x0020, 0x0012), "1"}}) {
        gdcm::DataElement e(tag);
        e.SetVR(tag.GetElement() >= 0x0011 && tag.GetGroup() == 0x0020 ? gdcm::VR::IS
                : tag.GetElement() < 0x0030                            ? gdcm::VR::DA
                                                                       : gdcm::VR::TM);
        e.SetByteValue(value, static_cast<std::uint32_t>(std::strlen(value)));
        ds.Replace(e);
    }
    // Instance numbers run backwards so that sorting by them would be wrong.
    gdcm::Attribute<0x0020, 0x0013> instance;
    instance.SetValue(g_slices - k);
    ds.Replace(instance.GetAsDataElement());
    writer.SetFileName(file.c_str());
    return writer.Write();
}

bool generate(const fs::path& dir) {
    fs::create_directories(dir);
    gdcm::UIDGenerator uid;
    const std::string series = uid.Generate();
    const std::string study = uid.Generate();
    for (int k = 0; k < g_slices; ++k) {
        char name[32];
        std::snprintf(name, sizeof name, "CT%04d.dcm", (k * 37) % g_slices);
        if (!writeSlice(dir / name, k, series, study)) {
            std::fprintf(stderr, "cannot write %s\n", (dir / name).c_str());
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    const fs::path dir =
        argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / "voxdiff-bench-ct400";
    if (argc > 2) {
        g_slices = std::max(1, std::atoi(argv[2]));
    }
    if (!fs::exists(dir / "done")) {
        std::printf("generating %d slices of %dx%d int16 in %s\n", g_slices, kSide, kSide,
                    dir.c_str());
        if (!generate(dir)) {
            return 1;
        }
        std::FILE* marker = std::fopen((dir / "done").c_str(), "w");
        if (marker != nullptr) {
            std::fclose(marker);
        }
    }
    if (argc > 3 && std::string(argv[3]) == "generate-only") {
        return 0;
    }
    const double rssBefore = peakRssMiB();
    std::vector<double> seconds;
    for (int run = 0; run < 5; ++run) {
        const auto start = std::chrono::steady_clock::now();
        auto volume = voxdiff::core::loadDicom(dir);
        const auto stop = std::chrono::steady_clock::now();
        if (!volume) {
            std::fprintf(stderr, "load failed: %s\n", volume.error().describe().c_str());
            return 1;
        }
        seconds.push_back(std::chrono::duration<double>(stop - start).count());
        if (run == 0) {
            const auto& d = volume->dims();
            std::printf("loaded %lldx%lldx%lld, mean %.3f\n", static_cast<long long>(d[0]),
                        static_cast<long long>(d[1]), static_cast<long long>(d[2]),
                        volume->stats().mean);
        }
    }
    std::sort(seconds.begin(), seconds.end());
    const double volumeMiB = 4.0 * g_slices * kSide * kSide / (1024.0 * 1024.0);
    const double peak = peakRssMiB();
    std::printf("loadDicom: best %.3f s, median %.3f s over %zu runs (warm page cache)\n",
                seconds.front(), seconds[seconds.size() / 2], seconds.size());
    std::printf("peak RSS %.0f MiB (%.0f MiB before loading); float32 volume %.0f MiB; "
                "peak / volume = %.2f\n",
                peak, rssBefore, volumeMiB, peak / volumeMiB);
    return 0;
}
