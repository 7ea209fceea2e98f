// SPDX-License-Identifier: BSD-3-Clause
#include "export/SeriesAttributes.h"

#include <set>

#include <gdcmSequenceOfItems.h>

#include "dicom/DatasetValues.h"
#include "export/Uid.h"
#include "io/DicomElements.h"

namespace voxdiff::core::dicom_out {

using gdcm::Tag;
using gdcm::VR;

namespace {

constexpr const char* kPetImageStorage = "1.2.840.10008.5.1.4.1.1.128";

/// Copies `tag` from the reference, or writes `fallback` (an empty fallback writes the element
/// empty: a Type 2 attribute present without a value).
void copyOr(const ReferenceSeries& reference, gdcm::DataSet& ds, const Tag& tag, VR vr,
            const std::string& fallback) {
    if (!copyAttribute(reference, ds, tag)) {
        putText(ds, tag, vr, fallback);
    }
}

void copyOrEmptySequence(const ReferenceSeries& reference, gdcm::DataSet& ds, const Tag& tag) {
    if (!copyAttribute(reference, ds, tag)) {
        putSequence(ds, tag, {});
    }
}

/// The reference's Radiopharmaceutical Information Sequence, each item completed with the
/// Type 2 code sequence it lacks (written empty), or an empty sequence.
void putRadiopharmaceuticals(const ReferenceSeries& reference, gdcm::DataSet& ds) {
    const Tag sequence(0x0054, 0x0016);
    std::vector<gdcm::DataSet> items;
    // Hold the sequence while its items are copied (GDCM may build it on request).
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq =
        reference.attributes.FindDataElement(sequence)
            ? reference.attributes.GetDataElement(sequence).GetValueAsSQ()
            : nullptr;
    for (gdcm::SequenceOfItems::SizeType n = 1; sq && n <= sq->GetNumberOfItems(); ++n) {
        gdcm::DataSet copy = sq->GetItem(n).GetNestedDataSet();
        // RadionuclideCodeSequence is Type 2 (present, maybe empty); the Type 3
        // RadiopharmaceuticalCodeSequence is left out when absent.
        if (!copy.FindDataElement(Tag(0x0054, 0x0300))) {
            putSequence(copy, Tag(0x0054, 0x0300), {});
        }
        items.push_back(std::move(copy));
    }
    putSequence(ds, sequence, items);
}

bool mayBePaired(const ReferenceSeries& reference) {
    static const std::set<std::string> kUnpaired = {
        "WHOLEBODY", "HEAD",         "HEADNECK",      "NECK",   "CHEST", "ABDOMEN",
        "PELVIS",    "CHESTABDOMEN", "ABDOMENPELVIS", "CAP",    "BRAIN", "HEART",
        "LIVER",     "SPINE",        "CSPINE",        "TSPINE", "LSPINE"};
    const auto part = dicom::textOf(reference.attributes, Tag(0x0018, 0x0015));
    return !part || kUnpaired.count(*part) == 0;
}

std::string seriesNumberOf(const ReferenceSeries& reference) {
    const auto number = dicom::numberOf(reference.attributes, Tag(0x0020, 0x0011));
    const long long n = number ? static_cast<long long>(*number) : 0;
    return std::to_string(n >= 0 && n < 1000000 ? n + 1000 : 1000);
}

} // namespace

void putSeriesAndEquipment(const ReferenceSeries& reference, const NewSeries& series,
                           gdcm::DataSet& ds) {
    copyPatientStudyFrame(reference, ds);
    // Type 2 attributes the reference may lack are written empty; missing UIDs are new.
    const std::pair<Tag, VR> kType2[] = {
        {Tag(0x0010, 0x0010), VR::PN}, {Tag(0x0010, 0x0020), VR::LO}, {Tag(0x0010, 0x0030), VR::DA},
        {Tag(0x0010, 0x0040), VR::CS}, {Tag(0x0008, 0x0020), VR::DA}, {Tag(0x0008, 0x0030), VR::TM},
        {Tag(0x0008, 0x0050), VR::SH}, {Tag(0x0008, 0x0090), VR::PN}, {Tag(0x0020, 0x0010), VR::SH},
        {Tag(0x0020, 0x1040), VR::LO}};
    for (const auto& [tag, vr] : kType2) {
        if (!ds.FindDataElement(tag)) {
            putText(ds, tag, vr, "");
        }
    }
    for (const Tag& uid : {Tag(0x0020, 0x000d), Tag(0x0020, 0x0052)}) {
        if (!ds.FindDataElement(uid)) {
            putText(ds, uid, VR::UI, newUid());
        }
    }
    putText(ds, Tag(0x0008, 0x0060), VR::CS,
            reference.modality.empty() ? "OT" : reference.modality);
    putText(ds, Tag(0x0008, 0x103e), VR::LO, series.description.substr(0, 64));
    putText(ds, Tag(0x0020, 0x000e), VR::UI, series.seriesInstanceUid);
    putText(ds, Tag(0x0020, 0x0011), VR::IS, seriesNumberOf(reference));
    copyAttribute(reference, ds, Tag(0x0018, 0x0015)); // BodyPartExamined
    putText(ds, Tag(0x0008, 0x0070), VR::LO, "VoxDiff");
    putText(ds, Tag(0x0008, 0x1090), VR::LO, "voxdiff export-dicom");
    putText(ds, Tag(0x0018, 0x1020), VR::LO, VOXDIFF_VERSION);
    putText(ds, Tag(0x0008, 0x0023), VR::DA, series.contentDate);
    putText(ds, Tag(0x0008, 0x0033), VR::TM, series.contentTime);
}

gdcm::DataSet petSeriesAttributes(const ReferenceSeries& reference, const Volume& placed,
                                  const PlaneGeometry& plane, const NewSeries& series) {
    gdcm::DataSet ds;
    putSeriesAndEquipment(reference, series, ds);
    putText(ds, Tag(0x0008, 0x0060), VR::CS, "PT");
    // Laterality (Type 2C, classic PET only: a Parametric Map has Frame Laterality): copied;
    // written empty when the body part may be paired (absent, EXTREMITY, ...), absent for an
    // unpaired one (dciodvfy refuses it there).
    if (!copyAttribute(reference, ds, Tag(0x0020, 0x0060)) && mayBePaired(reference)) {
        putText(ds, Tag(0x0020, 0x0060), VR::CS, "");
    }
    putText(ds, Tag(0x0008, 0x0008), VR::CS, "DERIVED\\PRIMARY");
    putText(ds, Tag(0x0008, 0x0016), VR::UI, kPetImageStorage);
    // PET Series: timing first, since decay correction and SUV refer to it.
    copyOr(reference, ds, Tag(0x0008, 0x0021), VR::DA, series.contentDate);
    copyOr(reference, ds, Tag(0x0008, 0x0031), VR::TM, series.contentTime);
    copyOr(reference, ds, Tag(0x0008, 0x0022), VR::DA, "");
    copyOr(reference, ds, Tag(0x0008, 0x0032), VR::TM, "");
    copyOr(reference, ds, Tag(0x0018, 0x1242), VR::IS, "");
    putText(ds, Tag(0x0054, 0x1001), VR::CS, series.units);
    copyOr(reference, ds, Tag(0x0054, 0x1002), VR::CS, "EMISSION");
    copyOr(reference, ds, Tag(0x0054, 0x1000), VR::CS, "STATIC\\IMAGE");
    copyOr(reference, ds, Tag(0x0054, 0x1102), VR::CS, "NONE");
    copyOr(reference, ds, Tag(0x0028, 0x0051), VR::CS, "");
    copyOr(reference, ds, Tag(0x0054, 0x1300), VR::DS, "0");
    copyAttribute(reference, ds, Tag(0x0054, 0x1321));      // DecayFactor
    copyOr(reference, ds, Tag(0x0018, 0x1181), VR::CS, ""); // CollimatorType
    for (const Tag& method :
         {Tag(0x0054, 0x1100), Tag(0x0054, 0x1101), Tag(0x0054, 0x1103), Tag(0x0054, 0x1105)}) {
        copyAttribute(reference, ds, method);
    }
    putUs(ds, Tag(0x0054, 0x0081), static_cast<std::uint16_t>(placed.dims()[2]));
    putRadiopharmaceuticals(reference, ds);
    copyOrEmptySequence(reference, ds, Tag(0x0054, 0x0410)); // Patient Orientation Code
    copyOrEmptySequence(reference, ds, Tag(0x0054, 0x0414)); // Patient Gantry Relationship
    // Image Plane and Image Pixel: int16 with a rescale per slice, intercept 0.
    putText(ds, Tag(0x0018, 0x0050), VR::DS, plane.sliceThickness);
    putText(ds, Tag(0x0020, 0x0037), VR::DS, plane.orientation);
    putText(ds, Tag(0x0028, 0x0030), VR::DS, plane.pixelSpacing);
    putInt16Image(ds, placed);
    putSequence(ds, Tag(0x0040, 0x0555), {});
    return ds;
}

} // namespace voxdiff::core::dicom_out
