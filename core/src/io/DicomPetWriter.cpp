#include "voxdiff/DicomPetWriter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <exception>

#include <gdcmDataElement.h>
#include <gdcmFile.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmTransferSyntax.h>
#include <gdcmUIDGenerator.h>
#include <gdcmWriter.h>

#include "io/DicomElements.h"
#include "io/SafeOutput.h"

namespace voxdiff::core {

namespace fs = std::filesystem;
using namespace dicom_out;
using gdcm::Tag;
using gdcm::VR;

namespace {

constexpr const char* kPetImageStorage = "1.2.840.10008.5.1.4.1.1.128";
constexpr double kMaxStored = 32767.0;
constexpr double kOrthogonalityTolerance = 1e-4; // |cos| between the i and j directions

// The pixel bytes are copied from int16 in memory into an Explicit VR *Little* Endian file.
static_assert(std::endian::native == std::endian::little, "little-endian host assumed");

/// Geometry of the series in DICOM terms, from the volume's ijkToLps.
struct PlaneGeometry {
    std::string orientation;  ///< ImageOrientationPatient: i direction \ j direction (LPS)
    std::string pixelSpacing; ///< PixelSpacing: row spacing (along j) \ column spacing (i)
    std::string sliceThickness;
};

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

std::string generateUid() {
    gdcm::UIDGenerator generator;
    return generator.Generate();
}

/// The attributes shared by every slice: Patient, General Study, Patient Study, General
/// Series, PET Series, PET Isotope, NM/PET Patient Orientation, Frame of Reference, General
/// Equipment, the constant parts of General Image, Image Plane, Image Pixel and PET Image,
/// Acquisition Context and SOP Common.
gdcm::DataSet commonAttributes(const Volume& volume, const PetSeriesInfo& info,
                               const PlaneGeometry& plane, const std::string& description,
                               const std::string& seriesUid) {
    gdcm::DataSet ds;
    const std::string seriesTime = formatTm(info.seriesTimeOfDayS);
    const std::string injectionTime = formatTm(info.injectionTimeOfDayS);

    putText(ds, Tag(0x0008, 0x0008), VR::CS, "ORIGINAL\\PRIMARY");
    putText(ds, Tag(0x0008, 0x0016), VR::UI, kPetImageStorage);
    putText(ds, Tag(0x0008, 0x0020), VR::DA, info.date);
    putText(ds, Tag(0x0008, 0x0021), VR::DA, info.date);
    putText(ds, Tag(0x0008, 0x0022), VR::DA, info.date);
    putText(ds, Tag(0x0008, 0x0023), VR::DA, info.date);
    putText(ds, Tag(0x0008, 0x0030), VR::TM, injectionTime);
    putText(ds, Tag(0x0008, 0x0031), VR::TM, seriesTime);
    putText(ds, Tag(0x0008, 0x0032), VR::TM, seriesTime);
    putText(ds, Tag(0x0008, 0x0033), VR::TM, seriesTime);
    putText(ds, Tag(0x0008, 0x0050), VR::SH, "");
    putText(ds, Tag(0x0008, 0x0060), VR::CS, "PT");
    putText(ds, Tag(0x0008, 0x0070), VR::LO, "VoxDiff");
    putText(ds, Tag(0x0008, 0x0090), VR::PN, "");
    putText(ds, Tag(0x0008, 0x1030), VR::LO, "VoxDiff sample data");
    putText(ds, Tag(0x0008, 0x103e), VR::LO, description);
    putText(ds, Tag(0x0008, 0x1090), VR::LO, "voxdiff-cli");

    putText(ds, Tag(0x0010, 0x0010), VR::PN, info.patientName);
    putText(ds, Tag(0x0010, 0x0020), VR::LO, info.patientId);
    putText(ds, Tag(0x0010, 0x0030), VR::DA, "");
    putText(ds, Tag(0x0010, 0x0040), VR::CS, info.patientSex);
    putText(ds, Tag(0x0010, 0x1020), VR::DS, formatDs(info.patientSizeM));
    putText(ds, Tag(0x0010, 0x1030), VR::DS, formatDs(info.patientWeightKg));

    putText(ds, Tag(0x0018, 0x0015), VR::CS, "WHOLEBODY");
    putText(ds, Tag(0x0018, 0x0050), VR::DS, plane.sliceThickness);
    putText(ds, Tag(0x0018, 0x1020), VR::LO, VOXDIFF_VERSION);
    putText(ds, Tag(0x0018, 0x1181), VR::CS, "NONE");
    putText(ds, Tag(0x0018, 0x1242), VR::IS,
            std::to_string(std::lround(info.frameDurationS * 1000)));

    gdcm::DataSet isotope;
    putText(isotope, Tag(0x0018, 0x0031), VR::LO, info.radiopharmaceutical);
    putText(isotope, Tag(0x0018, 0x1072), VR::TM, injectionTime);
    putText(isotope, Tag(0x0018, 0x1074), VR::DS, formatDs(info.injectedDoseBq));
    putText(isotope, Tag(0x0018, 0x1075), VR::DS, formatDs(info.halfLifeS));
    putText(isotope, Tag(0x0018, 0x1076), VR::DS, "0.9673");
    putText(isotope, Tag(0x0018, 0x1078), VR::DT, info.date + injectionTime);
    putSequence(isotope, Tag(0x0054, 0x0300), {codeItem("77004003", "SCT", "^18^Fluorine")});
    putSequence(isotope, Tag(0x0054, 0x0304),
                {codeItem("35321007", "SCT", "Fluorodeoxyglucose F^18^")});
    putSequence(ds, Tag(0x0054, 0x0016), {isotope});

    putText(ds, Tag(0x0020, 0x000d), VR::UI, generateUid());
    putText(ds, Tag(0x0020, 0x000e), VR::UI, seriesUid);
    putText(ds, Tag(0x0020, 0x0010), VR::SH, "1");
    putText(ds, Tag(0x0020, 0x0011), VR::IS, std::to_string(info.seriesNumber));
    putText(ds, Tag(0x0020, 0x0037), VR::DS, plane.orientation);
    putText(ds, Tag(0x0020, 0x0052), VR::UI, generateUid());
    putText(ds, Tag(0x0020, 0x1040), VR::LO, "");

    putUs(ds, Tag(0x0028, 0x0002), 1);
    putText(ds, Tag(0x0028, 0x0004), VR::CS, "MONOCHROME2");
    putUs(ds, Tag(0x0028, 0x0010), static_cast<std::uint16_t>(volume.dims()[1]));
    putUs(ds, Tag(0x0028, 0x0011), static_cast<std::uint16_t>(volume.dims()[0]));
    putText(ds, Tag(0x0028, 0x0030), VR::DS, plane.pixelSpacing);
    putText(ds, Tag(0x0028, 0x0051), VR::CS, "DECY\\ATTN\\SCAT\\DTIM\\RAN\\NORM");
    putUs(ds, Tag(0x0028, 0x0100), 16);
    putUs(ds, Tag(0x0028, 0x0101), 16);
    putUs(ds, Tag(0x0028, 0x0102), 15);
    putUs(ds, Tag(0x0028, 0x0103), 1);
    putText(ds, Tag(0x0028, 0x1052), VR::DS, "0");
    putText(ds, Tag(0x0028, 0x2110), VR::CS, "00");

    putSequence(ds, Tag(0x0040, 0x0555), {});

    // Decay during the frame: the factor that scaled it, and the time the mean activity
    // corresponds to (PS3.3 C.8.9.4.1.5), both for a single static frame.
    const double lambda = std::log(2.0) / info.halfLifeS;
    const double lt = lambda * info.frameDurationS;
    const double decayFactor = lt / (1.0 - std::exp(-lt));
    putUs(ds, Tag(0x0054, 0x0081), static_cast<std::uint16_t>(volume.dims()[2]));
    gdcm::DataSet orientation = codeItem("102538003", "SCT", "recumbent");
    putSequence(orientation, Tag(0x0054, 0x0412), {codeItem("40199007", "SCT", "supine")});
    putSequence(ds, Tag(0x0054, 0x0410), {orientation});
    putSequence(ds, Tag(0x0054, 0x0414), {codeItem("102540008", "SCT", "headfirst")});
    putText(ds, Tag(0x0054, 0x1000), VR::CS, "STATIC\\IMAGE");
    putText(ds, Tag(0x0054, 0x1001), VR::CS, "BQML");
    putText(ds, Tag(0x0054, 0x1002), VR::CS, "EMISSION");
    putText(ds, Tag(0x0054, 0x1102), VR::CS, "START");
    putText(ds, Tag(0x0054, 0x1300), VR::DS, formatDs(std::log(decayFactor) / lambda * 1000.0));
    putText(ds, Tag(0x0054, 0x1321), VR::DS, formatDs(decayFactor));
    return ds;
}

/// The int16 values of slice k and the slope that maps them back: slope = max |value| /
/// 32767 (1 for an all-zero slice). The slope is rounded to its DS text first, so that
/// stored * slope as a reader computes it is within slope / 2 of the value.
double quantizeSlice(const Volume& volume, std::int64_t k, std::vector<std::int16_t>& stored) {
    const std::size_t n = static_cast<std::size_t>(volume.dims()[0] * volume.dims()[1]);
    const float* values = volume.voxels().data() + static_cast<std::size_t>(k) * n;
    double maxAbs = 0.0;
    for (std::size_t p = 0; p < n; ++p) {
        maxAbs = std::max(maxAbs, std::abs(static_cast<double>(values[p])));
    }
    const double slope = maxAbs > 0.0 ? std::stod(formatDs(maxAbs / kMaxStored)) : 1.0;
    stored.resize(n);
    for (std::size_t p = 0; p < n; ++p) {
        const double q = std::round(static_cast<double>(values[p]) / slope);
        // The clamp only absorbs the DS rounding of the slope (a part in 10^10).
        stored[p] = static_cast<std::int16_t>(std::clamp(q, -kMaxStored, kMaxStored));
    }
    return slope;
}

Status writeSliceFile(const gdcm::DataSet& dataSet, const fs::path& target, bool overwrite) {
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

bool allFinite(const std::vector<float>& values) {
    return std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

} // namespace

double PetSeriesInfo::decayedDoseBq() const {
    return injectedDoseBq * std::exp2(-uptakeS() / halfLifeS);
}

Result<DicomSeriesWritten> writeDicomPetSeries(const Volume& volumeBqml, const PetSeriesInfo& info,
                                               const fs::path& folder,
                                               const WriteOptions& options) {
    const Index3& dims = volumeBqml.dims();
    if (volumeBqml.voxelCount() <= 0 || dims[0] > 65535 || dims[1] > 65535 || dims[2] > 65535) {
        return makeError(ErrorCode::InvalidArgument,
                         "a DICOM series needs 1 to 65535 rows, columns and slices", folder);
    }
    if (!allFinite(volumeBqml.voxels())) {
        return makeError(ErrorCode::InvalidArgument,
                         "the volume holds NaN or infinite values, which int16 cannot store",
                         folder);
    }
    auto plane = planeGeometry(volumeBqml);
    if (!plane) {
        Error e = plane.error();
        e.file = folder;
        return e;
    }
    if (auto st = prepareOutputFolder(folder, options.overwrite); !st) {
        return st.error();
    }

    DicomSeriesWritten result;
    result.folder = folder;
    result.seriesInstanceUid = generateUid();
    const std::string description =
        options.description.empty() ? info.seriesDescription : options.description;
    const gdcm::DataSet common =
        commonAttributes(volumeBqml, info, plane.value(), description, result.seriesInstanceUid);

    std::vector<fs::path> written;
    std::vector<std::int16_t> stored;
    for (std::int64_t k = 0; k < dims[2]; ++k) {
        gdcm::DataSet ds = common;
        const double slope = quantizeSlice(volumeBqml, k, stored);
        const Vec3 positionLps = volumeBqml.voxelCenterLps({0.0, 0.0, static_cast<double>(k)});
        const std::string number = std::to_string(k + 1);
        putText(ds, Tag(0x0008, 0x0018), VR::UI, generateUid());
        putText(ds, Tag(0x0020, 0x0013), VR::IS, number);
        putText(ds, Tag(0x0020, 0x0032), VR::DS,
                joinDs({positionLps[0], positionLps[1], positionLps[2]}));
        putText(ds, Tag(0x0028, 0x1053), VR::DS, formatDs(slope));
        putUs(ds, Tag(0x0054, 0x1330), static_cast<std::uint16_t>(k + 1));
        gdcm::DataElement pixels(Tag(0x7fe0, 0x0010));
        pixels.SetVR(VR::OW);
        pixels.SetByteValue(reinterpret_cast<const char*>(stored.data()),
                            static_cast<std::uint32_t>(stored.size() * sizeof(std::int16_t)));
        ds.Replace(pixels);

        char name[32];
        std::snprintf(name, sizeof name, "IM_%04lld.dcm", static_cast<long long>(k + 1));
        const fs::path target = folder / name;
        if (auto st = writeSliceFile(ds, target, options.overwrite); !st) {
            // Leave no partial series behind: a reader would take it for a short one.
            std::error_code ec;
            for (const fs::path& p : written) {
                fs::remove(p, ec);
            }
            Error e = st.error();
            e.context = "writing slice " + number + " of " + std::to_string(dims[2]);
            return e;
        }
        written.push_back(target);
    }
    result.fileCount = static_cast<std::int64_t>(written.size());
    return result;
}

} // namespace voxdiff::core
