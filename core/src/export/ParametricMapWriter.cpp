// SPDX-License-Identifier: BSD-3-Clause
#include "export/ParametricMapWriter.h"

#include <bit>
#include <cstring>
#include <limits>

#include <gdcmDataElement.h>

#include "export/PetSliceWriter.h"
#include "export/Uid.h"
#include "export/UnitsChoice.h"
#include "io/DicomElements.h"

namespace voxdiff::core::dicom_out {

namespace fs = std::filesystem;
using gdcm::Tag;
using gdcm::VR;

namespace {

constexpr const char* kParametricMapStorage = "1.2.840.10008.5.1.4.1.1.30";
constexpr const char* kImageType = "DERIVED\\PRIMARY\\VOLUME\\NONE";

static_assert(std::endian::native == std::endian::little, "little-endian host assumed");

void putBinary(gdcm::DataSet& ds, const Tag& tag, VR vr, const void* bytes, std::size_t size) {
    gdcm::DataElement de(tag);
    de.SetVR(vr);
    de.SetByteValue(static_cast<const char*>(bytes), static_cast<std::uint32_t>(size));
    ds.Replace(de);
}

void putFd(gdcm::DataSet& ds, const Tag& tag, double value) {
    putBinary(ds, tag, VR::FD, &value, sizeof value);
}

void putUl(gdcm::DataSet& ds, const Tag& tag, std::uint32_t value) {
    putBinary(ds, tag, VR::UL, &value, sizeof value);
}

void putAt(gdcm::DataSet& ds, const Tag& tag, const Tag& value) {
    const std::uint16_t words[2] = {value.GetGroup(), value.GetElement()};
    putBinary(ds, tag, VR::AT, words, sizeof words);
}

gdcm::DataSet realWorldValueMapping(const std::string& petUnits) {
    const auto [ucum, meaning] = ucumOfPetUnits(petUnits);
    gdcm::DataSet item;
    putFd(item, Tag(0x0040, 0x9214), -std::numeric_limits<float>::max());
    putFd(item, Tag(0x0040, 0x9213), std::numeric_limits<float>::max());
    putFd(item, Tag(0x0040, 0x9224), 0.0);
    putFd(item, Tag(0x0040, 0x9225), 1.0);
    putText(item, Tag(0x0028, 0x3003), VR::LO, meaning);
    putText(item, Tag(0x0040, 0x9210), VR::SH, petUnits.substr(0, 16));
    putSequence(item, Tag(0x0040, 0x08ea), {codeItem(ucum, "UCUM", meaning)});
    return item;
}

gdcm::DataSet sharedGroups(const PlaneGeometry& plane, const std::string& petUnits) {
    gdcm::DataSet shared;
    gdcm::DataSet measures;
    putText(measures, Tag(0x0028, 0x0030), VR::DS, plane.pixelSpacing);
    putText(measures, Tag(0x0018, 0x0050), VR::DS, plane.sliceThickness);
    putSequence(shared, Tag(0x0028, 0x9110), {measures});
    gdcm::DataSet orientation;
    putText(orientation, Tag(0x0020, 0x0037), VR::DS, plane.orientation);
    putSequence(shared, Tag(0x0020, 0x9116), {orientation});
    putSequence(shared, Tag(0x0040, 0x9096), {realWorldValueMapping(petUnits)});
    // Identity Pixel Value Transformation: the Real World Value Mapping carries the units.
    gdcm::DataSet identity;
    putText(identity, Tag(0x0028, 0x1052), VR::DS, "0");
    putText(identity, Tag(0x0028, 0x1053), VR::DS, "1");
    putText(identity, Tag(0x0028, 0x1054), VR::LO, "US");
    putSequence(shared, Tag(0x0028, 0x9145), {identity});
    gdcm::DataSet anatomy;
    putSequence(anatomy, Tag(0x0008, 0x2218), {codeItem("38266002", "SCT", "Entire body")});
    putText(anatomy, Tag(0x0020, 0x9072), VR::CS, "U");
    putSequence(shared, Tag(0x0020, 0x9071), {anatomy});
    gdcm::DataSet frameType;
    putText(frameType, Tag(0x0008, 0x9007), VR::CS, kImageType);
    putSequence(shared, Tag(0x0040, 0x9092), {frameType});
    return shared;
}

std::vector<gdcm::DataSet> perFrameGroups(const Volume& placed) {
    std::vector<gdcm::DataSet> frames;
    frames.reserve(static_cast<std::size_t>(placed.dims()[2]));
    for (std::int64_t k = 0; k < placed.dims()[2]; ++k) {
        const Vec3 p = placed.voxelCenterLps({0.0, 0.0, static_cast<double>(k)});
        gdcm::DataSet item;
        gdcm::DataSet position;
        putText(position, Tag(0x0020, 0x0032), VR::DS, joinDs({p[0], p[1], p[2]}));
        putSequence(item, Tag(0x0020, 0x9113), {position});
        gdcm::DataSet content;
        putUl(content, Tag(0x0020, 0x9157), static_cast<std::uint32_t>(k + 1));
        putSequence(item, Tag(0x0020, 0x9111), {content});
        frames.push_back(std::move(item));
    }
    return frames;
}

void putDimensions(gdcm::DataSet& ds) {
    const std::string organization = newUid();
    gdcm::DataSet org;
    putText(org, Tag(0x0020, 0x9164), VR::UI, organization);
    putSequence(ds, Tag(0x0020, 0x9221), {org});
    gdcm::DataSet index;
    putText(index, Tag(0x0020, 0x9164), VR::UI, organization);
    putAt(index, Tag(0x0020, 0x9165), Tag(0x0020, 0x0032));
    putAt(index, Tag(0x0020, 0x9167), Tag(0x0020, 0x9113));
    putText(index, Tag(0x0020, 0x9421), VR::LO, "Image position along the slice normal");
    putSequence(ds, Tag(0x0020, 0x9222), {index});
    putText(ds, Tag(0x0020, 0x9311), VR::CS, "3D");
}

void putImage(gdcm::DataSet& ds, const Volume& placed) {
    putText(ds, Tag(0x0008, 0x0008), VR::CS, kImageType);
    putUs(ds, Tag(0x0028, 0x0002), 1);
    putText(ds, Tag(0x0028, 0x0004), VR::CS, "MONOCHROME2");
    putUs(ds, Tag(0x0028, 0x0010), static_cast<std::uint16_t>(placed.dims()[1]));
    putUs(ds, Tag(0x0028, 0x0011), static_cast<std::uint16_t>(placed.dims()[0]));
    putUs(ds, Tag(0x0028, 0x0100), 32);
    putText(ds, Tag(0x0028, 0x2110), VR::CS, "00");
    putText(ds, Tag(0x0028, 0x0301), VR::CS, "NO");
    putText(ds, Tag(0x0028, 0x0302), VR::CS, "NO");
    putText(ds, Tag(0x2050, 0x0020), VR::CS, "IDENTITY");
    putText(ds, Tag(0x0018, 0x9004), VR::CS, "RESEARCH");
    putText(ds, Tag(0x0070, 0x0080), VR::CS, "VOXDIFF_EXPORT");
    putText(ds, Tag(0x0070, 0x0081), VR::LO, "Values exported by VoxDiff without loss");
    putText(ds, Tag(0x0070, 0x0084), VR::PN, "");
    putText(ds, Tag(0x0020, 0x0013), VR::IS, "1");
    putText(ds, Tag(0x0028, 0x0008), VR::IS, std::to_string(placed.dims()[2]));
}

} // namespace

Result<fs::path> writeParametricMap(const Volume& placed, const ReferenceSeries& reference,
                                    const NewSeries& series, const fs::path& folder) {
    auto plane = planeGeometry(placed);
    if (!plane) {
        Error e = plane.error();
        e.file = folder;
        return e;
    }
    gdcm::DataSet ds;
    putSeriesAndEquipment(reference, series, ds);
    putText(ds, Tag(0x0018, 0x1000), VR::LO, "0"); // DeviceSerialNumber: software, none
    putText(ds, Tag(0x0008, 0x0016), VR::UI, kParametricMapStorage);
    putText(ds, Tag(0x0008, 0x0018), VR::UI, newUid());
    putImage(ds, placed);
    putDimensions(ds);
    putSequence(ds, Tag(0x5200, 0x9229), {sharedGroups(plane.value(), series.units)});
    putSequence(ds, Tag(0x5200, 0x9230), perFrameGroups(placed));
    putSequence(ds, Tag(0x0040, 0x0555), {});
    putBinary(ds, Tag(0x7fe0, 0x0008), VR::OF, placed.voxels().data(),
              placed.voxels().size() * sizeof(float));
    const fs::path target = folder / "PM_0001.dcm";
    if (auto st = writeDataSetFile(ds, target, false); !st) {
        return st.error();
    }
    return target;
}

} // namespace voxdiff::core::dicom_out
