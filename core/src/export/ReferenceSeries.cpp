// SPDX-License-Identifier: BSD-3-Clause
#include "export/ReferenceSeries.h"

#include <exception>
#include <set>

#include <gdcmFileExplicitFilter.h>
#include <gdcmReader.h>

#include "dicom/DatasetValues.h"
#include "dicom/ObjectHeader.h"
#include "dicom/PetSuv.h"
#include "voxdiff/DicomSeries.h"

namespace voxdiff::core::dicom_out {

namespace fs = std::filesystem;
using gdcm::Tag;

namespace {

const Tag kPixelData(0x7fe0, 0x0010);

/// Patient, General Study, Patient Study, Frame of Reference and the character set.
const Tag kPatientStudyFrame[] = {
    Tag(0x0008, 0x0005), // SpecificCharacterSet
    Tag(0x0010, 0x0010), Tag(0x0010, 0x0020), Tag(0x0010, 0x0021), Tag(0x0010, 0x0030),
    Tag(0x0010, 0x0040), Tag(0x0010, 0x1010), Tag(0x0010, 0x1020), Tag(0x0010, 0x1030),
    Tag(0x0020, 0x000d), // StudyInstanceUID
    Tag(0x0008, 0x0020), Tag(0x0008, 0x0030), Tag(0x0008, 0x0050), Tag(0x0008, 0x0090),
    Tag(0x0008, 0x1030), Tag(0x0020, 0x0010), Tag(0x0020, 0x0052), // FrameOfReferenceUID
    Tag(0x0020, 0x1040),                                           // PositionReferenceIndicator
};

Result<gdcm::DataSet> readAttributes(const fs::path& file) {
    try {
        gdcm::Reader reader;
        reader.SetFileName(file.c_str());
        if (!reader.ReadUpToTag(kPixelData, std::set<Tag>{kPixelData})) {
            return makeError(ErrorCode::ReadFailed, "GDCM cannot read the reference's header",
                             file);
        }
        // Implicit VR files carry no VRs: take them from the dictionary so that the copied
        // elements are written correctly in Explicit VR.
        gdcm::FileExplicitFilter filter;
        filter.SetFile(reader.GetFile());
        filter.SetChangePrivateTags(false);
        filter.Change();
        return filter.GetFile().GetDataSet();
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptHeader,
                         std::string("the reference's header cannot be parsed: ") + e.what(), file);
    }
}

/// The longest value a text VR allows (PS3.5 6.2), 0 for the VRs left as they are.
std::size_t maxLengthOf(gdcm::VR vr) {
    switch (vr) {
    case gdcm::VR::CS:
    case gdcm::VR::SH:
        return 16;
    case gdcm::VR::LO:
    case gdcm::VR::PN:
        return 64;
    default:
        return 0;
    }
}

/// Cuts each value of a short text element to its VR's length: references in the wild carry
/// too long IDs (a 18-character Study ID), which a validator rejects in the export.
void fitTextToVr(gdcm::DataElement& element) {
    const std::size_t maxLength = maxLengthOf(element.GetVR());
    const gdcm::ByteValue* bv = element.GetByteValue();
    if (maxLength == 0 || bv == nullptr) {
        return;
    }
    const std::string text(bv->GetPointer(), bv->GetLength());
    std::string fitted;
    std::size_t start = 0;
    bool changed = false;
    while (start <= text.size()) {
        std::size_t end = text.find('\\', start);
        end = end == std::string::npos ? text.size() : end;
        std::string value = text.substr(start, end - start);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) {
            value.pop_back();
        }
        if (value.size() > maxLength) {
            value.resize(maxLength);
            changed = true;
        }
        fitted += (start == 0 ? "" : "\\") + value;
        start = end + 1;
    }
    if (!changed) {
        return;
    }
    if (fitted.size() % 2 != 0) {
        fitted.push_back(' ');
    }
    element.SetByteValue(fitted.data(), static_cast<std::uint32_t>(fitted.size()));
}

} // namespace

Result<ReferenceSeries> readReferenceSeries(const fs::path& path, const std::atomic<bool>* cancel) {
    auto listing = scanDicom(path, {}, cancel);
    if (!listing) {
        return listing.error();
    }
    const DicomVolumeEntry* entry = nullptr;
    for (const DicomVolumeEntry& e : listing->volumes) {
        if (e.problem.empty() && !e.files.empty()) {
            entry = &e;
            break;
        }
    }
    if (entry == nullptr) {
        return makeError(ErrorCode::NoImageData, "the reference holds no loadable DICOM volume",
                         path);
    }
    LoadOptions load;
    load.cancel = cancel;
    auto volume = loadDicomVolume(*entry, load);
    if (!volume) {
        return volume.error();
    }
    auto attributes = readAttributes(entry->files.front());
    if (!attributes) {
        return attributes.error();
    }
    ReferenceSeries reference;
    reference.volume = std::move(volume.value());
    reference.attributes = std::move(attributes.value());
    reference.modality = entry->modality;
    reference.petUnits =
        dicom::textOf(reference.attributes, Tag(0x0054, 0x1001)).value_or(std::string());
    if (reference.modality == "PT" && reference.petUnits == "BQML") {
        auto header = dicom::readObjectHeader(entry->files.front());
        if (header) {
            auto suv = dicom::suvBodyWeightFactor({&header.value()});
            if (suv) {
                reference.suvbwPerBqml = suv->factor;
            }
        }
    }
    return reference;
}

bool copyAttribute(const ReferenceSeries& reference, gdcm::DataSet& ds, const Tag& tag) {
    if (!reference.attributes.FindDataElement(tag)) {
        return false;
    }
    gdcm::DataElement element = reference.attributes.GetDataElement(tag);
    fitTextToVr(element);
    ds.Replace(element);
    return true;
}

void copyPatientStudyFrame(const ReferenceSeries& reference, gdcm::DataSet& ds) {
    for (const Tag& tag : kPatientStudyFrame) {
        copyAttribute(reference, ds, tag);
    }
}

} // namespace voxdiff::core::dicom_out
