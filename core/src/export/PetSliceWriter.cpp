// SPDX-License-Identifier: BSD-3-Clause
#include "export/PetSliceWriter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <exception>

#include <gdcmDataElement.h>
#include <gdcmFile.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmTransferSyntax.h>
#include <gdcmWriter.h>

#include "TextFormat.h"
#include "export/Uid.h"
#include "io/DicomElements.h"
#include "io/SafeOutput.h"

namespace voxdiff::core::dicom_out {

namespace fs = std::filesystem;
using gdcm::Tag;
using gdcm::VR;

namespace {

constexpr double kMaxStored = 32767.0;
constexpr double kOrthogonalityTolerance = 1e-4; // |cos| between the i and j directions

// The pixel bytes are copied from int16 in memory into an Explicit VR *Little* Endian file.
static_assert(std::endian::native == std::endian::little, "little-endian host assumed");

double maxAbsOfSlice(const Volume& volume, std::int64_t k) {
    const std::size_t n = static_cast<std::size_t>(volume.dims()[0] * volume.dims()[1]);
    const float* values = volume.voxels().data() + static_cast<std::size_t>(k) * n;
    double maxAbs = 0.0;
    for (std::size_t p = 0; p < n; ++p) {
        maxAbs = std::max(maxAbs, std::abs(static_cast<double>(values[p])));
    }
    return maxAbs;
}

void removeAll(const std::vector<fs::path>& files) {
    std::error_code ec;
    for (const fs::path& p : files) {
        fs::remove(p, ec);
    }
}

} // namespace

std::string joinDs(const std::vector<double>& values) {
    std::string s;
    for (double v : values) {
        s += (s.empty() ? "" : "\\") + formatDs(v);
    }
    return s;
}

Result<PlaneGeometry> planeGeometry(const Volume& volume) {
    const Vec3 iLps = volume.directionLps(0);
    const Vec3 jLps = volume.directionLps(1);
    if (std::abs(dot(iLps, jLps)) > kOrthogonalityTolerance) {
        return makeError(ErrorCode::InvalidArgument,
                         "the i and j axes of the grid are not orthogonal: DICOM image rows and "
                         "columns must be");
    }
    const Vec3 spacingMm = volume.spacingMm();
    PlaneGeometry g;
    g.orientation = joinDs({iLps[0], iLps[1], iLps[2], jLps[0], jLps[1], jLps[2]});
    g.pixelSpacing = joinDs({spacingMm[1], spacingMm[0]});
    g.sliceThickness = formatDs(spacingMm[2]);
    return g;
}

std::string slopeTextFor(double maxAbsValue) {
    if (!(maxAbsValue > 0.0)) {
        return "1";
    }
    const double wanted = maxAbsValue / kMaxStored;
    // DS keeps about 10 significant digits: round the text up until it is not below `wanted`,
    // so that no value needs more than 32767 steps.
    double candidate = wanted;
    for (int attempt = 0; attempt < 8; ++attempt) {
        const std::string text = formatDs(candidate);
        if (parseDecimal(text).value_or(0.0) >= wanted) {
            return text;
        }
        candidate = wanted * (1.0 + 1e-9 * std::exp2(attempt));
    }
    return formatDs(wanted * 1.000001);
}

void putInt16Image(gdcm::DataSet& ds, const Volume& volume) {
    putUs(ds, Tag(0x0028, 0x0002), 1);
    putText(ds, Tag(0x0028, 0x0004), VR::CS, "MONOCHROME2");
    putUs(ds, Tag(0x0028, 0x0010), static_cast<std::uint16_t>(volume.dims()[1]));
    putUs(ds, Tag(0x0028, 0x0011), static_cast<std::uint16_t>(volume.dims()[0]));
    putUs(ds, Tag(0x0028, 0x0100), 16);
    putUs(ds, Tag(0x0028, 0x0101), 16);
    putUs(ds, Tag(0x0028, 0x0102), 15);
    putUs(ds, Tag(0x0028, 0x0103), 1);
    putText(ds, Tag(0x0028, 0x1052), VR::DS, "0");
    putText(ds, Tag(0x0028, 0x2110), VR::CS, "00");
}

QuantizedSlice quantizeSlice(const Volume& volume, std::int64_t k, const std::string& slopeText) {
    QuantizedSlice out;
    out.slopeText = slopeText;
    out.slope = parseDecimal(slopeText).value_or(1.0);
    const std::size_t n = static_cast<std::size_t>(volume.dims()[0] * volume.dims()[1]);
    const float* values = volume.voxels().data() + static_cast<std::size_t>(k) * n;
    out.stored.resize(n);
    const double inverse = 1.0 / out.slope;
    for (std::size_t p = 0; p < n; ++p) {
        const double q = std::round(static_cast<double>(values[p]) * inverse);
        out.stored[p] = static_cast<std::int16_t>(std::clamp(q, -kMaxStored, kMaxStored));
    }
    return out;
}

Status writeDataSetFile(const gdcm::DataSet& dataSet, const fs::path& target, bool overwrite) {
    auto output = SafeOutputFile::begin(target, overwrite);
    if (!output) {
        return output.error();
    }
    bool written = false;
    try {
        gdcm::Writer writer;
        writer.SetFileName(output->tempPath().c_str());
        gdcm::File& file = writer.GetFile();
        file.SetDataSet(dataSet);
        file.GetHeader().SetDataSetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
        written = writer.Write();
    } catch (const std::exception& e) {
        return makeError(ErrorCode::WriteFailed, std::string("GDCM failed: ") + e.what(), target);
    }
    if (!written) {
        return makeError(ErrorCode::WriteFailed, "GDCM could not write the file", target);
    }
    return output->commit();
}

Result<std::int64_t> writePetSlices(const Volume& volume, const gdcm::DataSet& common,
                                    const fs::path& folder, bool overwrite, SlopeChoice slopes,
                                    const ProgressCallback& progress,
                                    const std::atomic<bool>* cancel) {
    const std::int64_t slices = volume.dims()[2];
    std::string volumeSlope = "1";
    if (slopes == SlopeChoice::OneForVolume) {
        double maxAbs = 0.0;
        for (std::int64_t k = 0; k < slices; ++k) {
            maxAbs = std::max(maxAbs, maxAbsOfSlice(volume, k));
        }
        volumeSlope = slopeTextFor(maxAbs);
    }
    std::vector<fs::path> written;
    for (std::int64_t k = 0; k < slices; ++k) {
        if (cancel != nullptr && cancel->load()) {
            removeAll(written);
            return makeError(ErrorCode::Cancelled, "writing was cancelled", folder);
        }
        const QuantizedSlice q = quantizeSlice(
            volume, k,
            slopes == SlopeChoice::PerSlice ? slopeTextFor(maxAbsOfSlice(volume, k)) : volumeSlope);
        gdcm::DataSet ds = common;
        const Vec3 positionLps = volume.voxelCenterLps({0.0, 0.0, static_cast<double>(k)});
        const std::string number = std::to_string(k + 1);
        putText(ds, Tag(0x0008, 0x0018), VR::UI, newUid());
        putText(ds, Tag(0x0020, 0x0013), VR::IS, number);
        putText(ds, Tag(0x0020, 0x0032), VR::DS,
                joinDs({positionLps[0], positionLps[1], positionLps[2]}));
        putText(ds, Tag(0x0028, 0x1053), VR::DS, q.slopeText);
        putUs(ds, Tag(0x0054, 0x1330), static_cast<std::uint16_t>(k + 1));
        gdcm::DataElement pixels(Tag(0x7fe0, 0x0010));
        pixels.SetVR(VR::OW);
        pixels.SetByteValue(reinterpret_cast<const char*>(q.stored.data()),
                            static_cast<std::uint32_t>(q.stored.size() * sizeof(std::int16_t)));
        ds.Replace(pixels);

        char name[32];
        std::snprintf(name, sizeof name, "IM_%04lld.dcm", static_cast<long long>(k + 1));
        const fs::path target = folder / name;
        if (auto st = writeDataSetFile(ds, target, overwrite); !st) {
            // Leave no partial series behind: a reader would take it for a short one.
            removeAll(written);
            Error e = st.error();
            e.context = "writing slice " + number + " of " + std::to_string(slices);
            return e;
        }
        written.push_back(target);
        if (progress) {
            progress(static_cast<double>(k + 1) / static_cast<double>(slices), "writing slices");
        }
    }
    return static_cast<std::int64_t>(written.size());
}

} // namespace voxdiff::core::dicom_out
