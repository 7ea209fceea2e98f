// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/DicomPetWriter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <exception>

#include <gdcmDataSet.h>

#include "export/PetSliceWriter.h"
#include "export/Uid.h"
#include "io/DicomElements.h"
#include "io/SafeOutput.h"

namespace voxdiff::core {

namespace fs = std::filesystem;
using namespace dicom_out;
using gdcm::Tag;
using gdcm::VR;

namespace {

constexpr const char* kPetImageStorage = "1.2.840.10008.5.1.4.1.1.128";

/// General Study, General Series, General Image and General Equipment (group 0008).
void putGeneralAttributes(gdcm::DataSet& ds, const PetSeriesInfo& info,
                          const std::string& description) {
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
}

void putPatientAttributes(gdcm::DataSet& ds, const PetSeriesInfo& info) {
    putText(ds, Tag(0x0010, 0x0010), VR::PN, info.patientName);
    putText(ds, Tag(0x0010, 0x0020), VR::LO, info.patientId);
    putText(ds, Tag(0x0010, 0x0030), VR::DA, "");
    putText(ds, Tag(0x0010, 0x0040), VR::CS, info.patientSex);
    putText(ds, Tag(0x0010, 0x1020), VR::DS, formatDs(info.patientSizeM));
    putText(ds, Tag(0x0010, 0x1030), VR::DS, formatDs(info.patientWeightKg));
}

/// The acquisition (group 0018) and the PET Isotope module's radiopharmaceutical.
void putAcquisitionAttributes(gdcm::DataSet& ds, const PetSeriesInfo& info,
                              const PlaneGeometry& plane) {
    const std::string injectionTime = formatTm(info.injectionTimeOfDayS);
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
}

/// Study and series identity, Image Plane orientation, Frame of Reference (group 0020).
void putIdentityAttributes(gdcm::DataSet& ds, const PetSeriesInfo& info, const PlaneGeometry& plane,
                           const std::string& seriesUid) {
    putText(ds, Tag(0x0020, 0x000d), VR::UI, newUid());
    putText(ds, Tag(0x0020, 0x000e), VR::UI, seriesUid);
    putText(ds, Tag(0x0020, 0x0010), VR::SH, "1");
    putText(ds, Tag(0x0020, 0x0011), VR::IS, std::to_string(info.seriesNumber));
    putText(ds, Tag(0x0020, 0x0037), VR::DS, plane.orientation);
    putText(ds, Tag(0x0020, 0x0052), VR::UI, newUid());
    putText(ds, Tag(0x0020, 0x1040), VR::LO, "");
}

void putPixelAttributes(gdcm::DataSet& ds, const Volume& volume, const PlaneGeometry& plane) {
    putText(ds, Tag(0x0028, 0x0030), VR::DS, plane.pixelSpacing);
    putText(ds, Tag(0x0028, 0x0051), VR::CS, "DECY\\ATTN\\SCAT\\DTIM\\RAN\\NORM");
    putInt16Image(ds, volume);

    putSequence(ds, Tag(0x0040, 0x0555), {});
}

/// PET Series, PET Image and NM/PET Patient Orientation (group 0054).
void putPetAttributes(gdcm::DataSet& ds, const Volume& volume, const PetSeriesInfo& info) {
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
}

/// The attributes shared by every slice: Patient, General Study, Patient Study, General
/// Series, PET Series, PET Isotope, NM/PET Patient Orientation, Frame of Reference, General
/// Equipment, the constant parts of General Image, Image Plane, Image Pixel and PET Image,
/// Acquisition Context and SOP Common.
gdcm::DataSet commonAttributes(const Volume& volume, const PetSeriesInfo& info,
                               const PlaneGeometry& plane, const std::string& description,
                               const std::string& seriesUid) {
    gdcm::DataSet ds;
    putGeneralAttributes(ds, info, description);
    putPatientAttributes(ds, info);
    putAcquisitionAttributes(ds, info, plane);
    putIdentityAttributes(ds, info, plane, seriesUid);
    putPixelAttributes(ds, volume, plane);
    putPetAttributes(ds, volume, info);
    return ds;
}

bool allFinite(std::span<const float> values) {
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
    result.seriesInstanceUid = newUid();
    const std::string description =
        options.description.empty() ? info.seriesDescription : options.description;
    const gdcm::DataSet common =
        commonAttributes(volumeBqml, info, plane.value(), description, result.seriesInstanceUid);

    auto count =
        writePetSlices(volumeBqml, common, folder, options.overwrite, SlopeChoice::PerSlice);
    if (!count) {
        return count.error();
    }
    result.fileCount = count.value();
    return result;
}

} // namespace voxdiff::core
