// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/ObjectHeader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <set>

#include <gdcmByteValue.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmPrivateTag.h>
#include <gdcmReader.h>
#include <gdcmTransferSyntax.h>

#include "dicom/DatasetValues.h"
#include "dicom/ParametricMap.h"
#include "dicom/SiemensCsa.h"
#include "dicom/StructureCheck.h"
#include "dicom/text/DatasetText.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::core::dicom {

namespace fs = std::filesystem;

namespace {

const gdcm::Tag kPixelData(0x7fe0, 0x0010);
const gdcm::Tag kSharedGroups(0x5200, 0x9229);
const gdcm::Tag kPerFrameGroups(0x5200, 0x9230);
const gdcm::Tag kPlanePositionSeq(0x0020, 0x9113);
const gdcm::Tag kPlaneOrientationSeq(0x0020, 0x9116);
const gdcm::Tag kPixelMeasuresSeq(0x0028, 0x9110);
const gdcm::Tag kPixelValueTransformSeq(0x0028, 0x9145);
const gdcm::Tag kFrameContentSeq(0x0020, 0x9111);
const gdcm::Tag kImagePosition(0x0020, 0x0032);
const gdcm::Tag kImageOrientation(0x0020, 0x0037);
const gdcm::Tag kPixelSpacing(0x0028, 0x0030);
const gdcm::Tag kSliceThickness(0x0018, 0x0050);
const gdcm::Tag kSpacingBetweenSlices(0x0018, 0x0088);
const gdcm::Tag kRescaleSlope(0x0028, 0x1053);
const gdcm::Tag kRescaleIntercept(0x0028, 0x1052);
const gdcm::Tag kTemporalPositionIndex(0x0020, 0x9128);
const gdcm::Tag kDimensionIndexValues(0x0020, 0x9157);
const gdcm::Tag kPhilipsScaleSlope(0x2005, 0x100E);
const gdcm::Tag kPhilipsPrivateSeq(0x2005, 0x140F);
const gdcm::Tag kGridFrameOffsets(0x3004, 0x000C);
const gdcm::Tag kDoseGridScaling(0x3004, 0x000E);
const gdcm::Tag kSiemensMosaicCount(0x0019, 0x100A);
const gdcm::Tag kRadiopharmaceuticalSeq(0x0054, 0x0016);

std::string textOr(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    return textOf(ds, tag).value_or("");
}

/// The functional-group item holding `attr` inside sequence `seq`: the frame's own group first,
/// then the shared one.
SequenceItem groupItem(const gdcm::DataSet* perFrame, const gdcm::DataSet* shared,
                       const gdcm::Tag& seq, const gdcm::Tag& attr) {
    for (const gdcm::DataSet* group : {perFrame, shared}) {
        if (group == nullptr) {
            continue;
        }
        SequenceItem item = firstItemOf(*group, seq);
        if (item && item->FindDataElement(attr)) {
            return item;
        }
    }
    return {};
}

std::optional<double> floatOf(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    if (!ds.FindDataElement(tag)) {
        return std::nullopt;
    }
    const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
    if (bv == nullptr || bv->GetLength() != 4) {
        return std::nullopt;
    }
    float f = 0.0F;
    std::memcpy(&f, bv->GetPointer(), 4);
    return std::isfinite(f) ? std::optional<double>(f) : std::nullopt;
}

std::vector<std::int64_t> ulongsOf(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    std::vector<std::int64_t> out;
    if (!ds.FindDataElement(tag)) {
        return out;
    }
    const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
    if (bv == nullptr) {
        return out;
    }
    for (std::size_t n = 0; n + 4 <= bv->GetLength(); n += 4) {
        std::uint32_t v = 0;
        std::memcpy(&v, bv->GetPointer() + n, 4);
        out.push_back(v);
    }
    return out;
}

/// Fills the geometry and rescale of one frame from one dataset level (top level, or the items
/// of the functional groups).
void readFrameAttributes(const gdcm::DataSet* perFrame, const gdcm::DataSet* shared,
                         FrameHeader& frame) {
    auto numbers = [&](const gdcm::Tag& seq, const gdcm::Tag& attr) {
        const SequenceItem item = groupItem(perFrame, shared, seq, attr);
        return item ? numbersOf(*item, attr) : std::vector<double>{};
    };
    if (auto v = numbers(kPlanePositionSeq, kImagePosition); v.size() == 3 && !frame.positionLps) {
        frame.positionLps = Vec3{v[0], v[1], v[2]};
    }
    if (auto v = numbers(kPlaneOrientationSeq, kImageOrientation);
        v.size() == 6 && !frame.orientation) {
        frame.orientation = std::array<double, 6>{v[0], v[1], v[2], v[3], v[4], v[5]};
    }
    if (auto v = numbers(kPixelMeasuresSeq, kPixelSpacing);
        v.size() == 2 && !frame.spacingRowColMm) {
        frame.spacingRowColMm = std::array<double, 2>{v[0], v[1]};
    }
    if (auto v = numbers(kPixelMeasuresSeq, kSliceThickness); !v.empty()) {
        frame.sliceThicknessMm = v[0];
    }
    if (auto v = numbers(kPixelMeasuresSeq, kSpacingBetweenSlices); !v.empty()) {
        frame.spacingBetweenSlicesMm = v[0];
    }
    if (auto v = numbers(kPixelValueTransformSeq, kRescaleSlope); !v.empty()) {
        frame.rescaleSlope = v[0];
    }
    if (auto v = numbers(kPixelValueTransformSeq, kRescaleIntercept); !v.empty()) {
        frame.rescaleIntercept = v[0];
    }
    if (const SequenceItem content =
            groupItem(perFrame, shared, kFrameContentSeq, kTemporalPositionIndex)) {
        frame.temporalPositionIndex = ulongsOf(*content, kTemporalPositionIndex).empty()
                                          ? std::nullopt
                                          : std::optional<double>(static_cast<double>(
                                                ulongsOf(*content, kTemporalPositionIndex)[0]));
    }
    if (const SequenceItem content =
            groupItem(perFrame, shared, kFrameContentSeq, kDimensionIndexValues)) {
        frame.dimensionIndex = ulongsOf(*content, kDimensionIndexValues);
    }
    if (perFrame != nullptr) {
        frame.philipsScaleSlope = floatOf(*perFrame, kPhilipsScaleSlope);
        if (const SequenceItem item = firstItemOf(*perFrame, kPhilipsPrivateSeq);
            item && !frame.philipsScaleSlope) {
            frame.philipsScaleSlope = floatOf(*item, kPhilipsScaleSlope);
        }
    }
}

std::optional<MosaicLayout> mosaicLayoutOf(const gdcm::DataSet& ds, int rows, int columns) {
    MosaicLayout layout;
    const gdcm::PrivateTag csaTag(0x0029, 0x0010, "SIEMENS CSA HEADER");
    const gdcm::ByteValue* csa =
        ds.FindDataElement(csaTag) ? ds.GetDataElement(csaTag).GetByteValue() : nullptr;
    if (csa != nullptr) {
        const char* bytes = csa->GetPointer();
        const std::size_t size = csa->GetLength();
        if (auto n = csaNumbers(bytes, size, "NumberOfImagesInMosaic"); !n.empty()) {
            layout.count =
                static_cast<int>(checkedInteger(n[0], 0, std::int64_t{rows} * columns).value_or(0));
        }
        if (auto v = csaNumbers(bytes, size, "SliceNormalVector"); v.size() == 3) {
            layout.sliceNormalLps = Vec3{v[0], v[1], v[2]};
        }
    }
    if (layout.count <= 0) {
        layout.count = ushortOf(ds, kSiemensMosaicCount).value_or(0);
    }
    if (layout.count <= 0 || layout.count > std::int64_t{rows} * columns) {
        return std::nullopt;
    }
    layout.tilesPerSide = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(layout.count))));
    layout.tileRows = rows / layout.tilesPerSide;
    layout.tileColumns = columns / layout.tilesPerSide;
    return layout;
}

/// The text attributes shown to the user, decoded through the object's character set.
void readText(const gdcm::DataSet& ds, ObjectHeader& h) {
    const text::CharacterSet charset = text::characterSetOf(ds);
    DicomText& t = h.text;
    t.specificCharacterSet = textOr(ds, gdcm::Tag(0x0008, 0x0005));
    text::CharsetIssues issues = charset.issues();
    auto decoded = [&](std::uint16_t group, std::uint16_t element, text::TextVr vr) {
        return text::decodedTextOf(ds, gdcm::Tag(group, element), charset, vr, issues)
            .value_or(std::string());
    };
    t.patientName = decoded(0x0010, 0x0010, text::TextVr::PersonName);
    t.patientId = decoded(0x0010, 0x0020, text::TextVr::MultiValue);
    t.patientBirthDate = decoded(0x0010, 0x0030, text::TextVr::MultiValue);
    t.studyDate = decoded(0x0008, 0x0020, text::TextVr::MultiValue);
    t.studyDescription = decoded(0x0008, 0x1030, text::TextVr::MultiValue);
    t.seriesDescription = decoded(0x0008, 0x103E, text::TextVr::MultiValue);
    h.seriesDescription = t.seriesDescription;
    h.manufacturer = decoded(0x0008, 0x0070, text::TextVr::MultiValue);
    t.issues = text::charsetIssueCodes(issues);
}

PetHeader petHeaderOf(const gdcm::DataSet& ds) {
    PetHeader pet;
    pet.units = textOr(ds, gdcm::Tag(0x0054, 0x1001));
    pet.decayCorrection = textOr(ds, gdcm::Tag(0x0054, 0x1102));
    pet.correctedImage = textOr(ds, gdcm::Tag(0x0028, 0x0051));
    pet.patientWeightKg = numberOf(ds, gdcm::Tag(0x0010, 0x1030));
    pet.seriesTime = textOf(ds, gdcm::Tag(0x0008, 0x0031));
    pet.acquisitionTime = textOf(ds, gdcm::Tag(0x0008, 0x0032));
    if (const SequenceItem item = firstItemOf(ds, kRadiopharmaceuticalSeq)) {
        pet.totalDoseBq = numberOf(*item, gdcm::Tag(0x0018, 0x1074));
        pet.halfLifeS = numberOf(*item, gdcm::Tag(0x0018, 0x1075));
        pet.injectionTime = textOf(*item, gdcm::Tag(0x0018, 0x1072));
        if (!pet.injectionTime) {
            if (auto dt = textOf(*item, gdcm::Tag(0x0018, 0x1078)); dt && dt->size() > 8) {
                pet.injectionTime = dt->substr(8);
            }
        }
    }
    return pet;
}

void readFrames(const gdcm::DataSet& ds, ObjectHeader& h) {
    const SequenceItems perFrame = itemsOf(ds, kPerFrameGroups);
    const SequenceItem shared = firstItemOf(ds, kSharedGroups);
    h.enhanced = !perFrame.empty() || static_cast<bool>(shared);
    const std::vector<double> gridOffsets =
        h.rtDose ? numbersOf(ds, kGridFrameOffsets) : std::vector<double>{};
    h.frames.resize(static_cast<std::size_t>(h.frameCount));
    for (int f = 0; f < h.frameCount; ++f) {
        FrameHeader& frame = h.frames[static_cast<std::size_t>(f)];
        frame.frameInObject = f;
        if (h.enhanced) {
            const gdcm::DataSet* own = static_cast<std::size_t>(f) < perFrame.size()
                                           ? perFrame[static_cast<std::size_t>(f)]
                                           : nullptr;
            readFrameAttributes(own, shared.get(), frame);
        }
        // The top level answers whatever the functional groups did not (classic objects).
        auto top = [&](const gdcm::Tag& tag) { return numbersOf(ds, tag); };
        if (auto v = top(kImagePosition); v.size() == 3 && !frame.positionLps) {
            frame.positionLps = Vec3{v[0], v[1], v[2]};
        }
        if (auto v = top(kImageOrientation); v.size() == 6 && !frame.orientation) {
            frame.orientation = std::array<double, 6>{v[0], v[1], v[2], v[3], v[4], v[5]};
        }
        if (auto v = top(kPixelSpacing); v.size() == 2 && !frame.spacingRowColMm) {
            frame.spacingRowColMm = std::array<double, 2>{v[0], v[1]};
        }
        if (!frame.sliceThicknessMm) {
            frame.sliceThicknessMm = numberOf(ds, kSliceThickness);
        }
        if (!frame.spacingBetweenSlicesMm) {
            frame.spacingBetweenSlicesMm = numberOf(ds, kSpacingBetweenSlices);
        }
        if (!frame.rescaleSlope) {
            frame.rescaleSlope = numberOf(ds, kRescaleSlope);
        }
        if (!frame.rescaleIntercept) {
            frame.rescaleIntercept = numberOf(ds, kRescaleIntercept);
        }
        if (!h.enhanced && !frame.philipsScaleSlope) {
            frame.philipsScaleSlope = floatOf(ds, kPhilipsScaleSlope);
        }
        // RT Dose planes are placed by GridFrameOffsetVector along the normal (PS3.3 C.8.8.3.2:
        // relative to the first plane whether the first offset is zero or not).
        if (h.rtDose && frame.positionLps && frame.orientation &&
            static_cast<std::size_t>(f) < gridOffsets.size()) {
            const auto& o = *frame.orientation;
            const Vec3 normal = cross({o[0], o[1], o[2]}, {o[3], o[4], o[5]});
            frame.positionLps =
                *frame.positionLps +
                (gridOffsets[static_cast<std::size_t>(f)] - gridOffsets[0]) * normal;
        }
    }
}

/// Each frame gets a FrameHeader before any volume budget applies: a million frames of one
/// 8-bit pixel fit in 1 MB of pixel data (40 million 1-bit ones in 5 MB) but would take
/// 240 MB (10 GB) of headers. Checked after the pixel data proved to hold the frames, so that
/// a count the data cannot back stays "truncated".
Status checkFrameHeaderBound(const ObjectHeader& h) {
    constexpr std::size_t kMaxFrameHeaderBytes = std::size_t{128} << 20;
    const std::size_t maxFrames = kMaxFrameHeaderBytes / sizeof(FrameHeader);
    if (static_cast<std::size_t>(h.frameCount) > maxFrames) {
        return makeError(ErrorCode::TooLarge,
                         "NumberOfFrames " + std::to_string(h.frameCount) + " is more than the " +
                             std::to_string(maxFrames) + " frames VoxDiff reads in one object",
                         h.file, "structure rule too_many_frames");
    }
    return Ok{};
}

/// NumberOfFrames, read with a checked conversion and bounded by the pixel data the structure
/// walk found, before anything is sized per frame: native data must hold every frame
/// (Rows x Columns x SamplesPerPixel x BitsAllocated each); encapsulated data needs a fragment
/// per frame and, when it has a basic offset table, one entry per frame.
Status checkFrames(const gdcm::DataSet& ds, const PixelDataExtent& pixels, ObjectHeader& h) {
    const gdcm::Tag numberOfFrames(0x0028, 0x0008);
    if (ds.FindDataElement(numberOfFrames) && textOf(ds, numberOfFrames)) {
        // 0 was always read as one frame; anything else must be a count an int holds.
        const auto frames = integerOf(ds, numberOfFrames, 0, std::numeric_limits<int>::max());
        if (!frames) {
            return makeError(ErrorCode::CorruptHeader,
                             "NumberOfFrames '" + textOr(ds, numberOfFrames) +
                                 "' is not a frame count",
                             h.file, "structure rule number_of_frames");
        }
        h.frameCount = std::max(1, static_cast<int>(*frames));
    }
    if (!h.isImage()) {
        return Ok{};
    }
    if (h.bitsAllocated <= 0 || h.samplesPerPixel <= 0) {
        return makeError(ErrorCode::CorruptHeader,
                         "an image without BitsAllocated or SamplesPerPixel", h.file,
                         "structure rule pixel_format");
    }
    if (pixels.encapsulated) {
        if (static_cast<std::uint64_t>(h.frameCount) > pixels.fragmentCount ||
            (pixels.offsetTableEntries != 0 &&
             pixels.offsetTableEntries != static_cast<std::uint64_t>(h.frameCount))) {
            return makeError(ErrorCode::CorruptHeader,
                             std::to_string(h.frameCount) +
                                 " frames declared, but the pixel data "
                                 "holds " +
                                 std::to_string(pixels.fragmentCount) + " fragments and " +
                                 std::to_string(pixels.offsetTableEntries) +
                                 " offset table entries",
                             h.file, "structure rule frames_exceed_fragments");
        }
        return checkFrameHeaderBound(h);
    }
    // Rows, Columns, SamplesPerPixel and BitsAllocated are each up to 65535: the product can
    // pass 2^64, so every step is checked.
    const auto product = checkedProduct(
        {static_cast<std::uint64_t>(h.rows), static_cast<std::uint64_t>(h.columns),
         static_cast<std::uint64_t>(h.samplesPerPixel), static_cast<std::uint64_t>(h.bitsAllocated),
         static_cast<std::uint64_t>(h.frameCount)});
    const bool overflow = !product;
    const std::uint64_t bits = product.value_or(0);
    const std::uint64_t have = pixels.present ? pixels.valueBytes : floatPixelDataBytes(ds);
    const std::uint64_t expected = bits / 8 + (bits % 8 != 0 ? 1 : 0);
    if (overflow || expected > have) {
        return makeError(ErrorCode::TruncatedData,
                         "pixel data is truncated: the file holds " + std::to_string(have) +
                             " bytes of the " +
                             (overflow ? std::string("more than 2^61") : std::to_string(expected)) +
                             " that Rows x Columns x frames promise",
                         h.file, "structure rule pixel_data_length");
    }
    return checkFrameHeaderBound(h);
}

} // namespace

namespace {

/// The identity, the description and the image pixel module of a header GDCM has read.
void readDescriptiveFields(const gdcm::File& gfile, ObjectHeader& h) {
    const gdcm::DataSet& ds = gfile.GetDataSet();
    const gdcm::TransferSyntax ts = gfile.GetHeader().GetDataSetTransferSyntax();
    h.transferSyntaxUid = ts.GetString() != nullptr ? ts.GetString() : "";
    h.sopClassUid = textOr(ds, gdcm::Tag(0x0008, 0x0016));
    if (h.sopClassUid.empty()) {
        h.sopClassUid = textOr(gfile.GetHeader(), gdcm::Tag(0x0002, 0x0002));
    }
    h.seriesInstanceUid = textOr(ds, gdcm::Tag(0x0020, 0x000E));
    h.modality = textOr(ds, gdcm::Tag(0x0008, 0x0060));
    h.imageType = textOr(ds, gdcm::Tag(0x0008, 0x0008));
    h.photometric = textOr(ds, gdcm::Tag(0x0028, 0x0004));
    h.acquisitionTime = textOr(ds, gdcm::Tag(0x0008, 0x0032));
    readText(ds, h);
    // Identity: the names decoded through the character set; UIDs are ASCII.
    h.identity.patientName = h.text.patientName;
    h.identity.patientId = h.text.patientId;
    h.identity.patientBirthDate = h.text.patientBirthDate;
    h.identity.studyDate = h.text.studyDate;
    h.identity.studyInstanceUid = textOr(ds, gdcm::Tag(0x0020, 0x000D));
    h.identity.frameOfReferenceUid = textOr(ds, gdcm::Tag(0x0020, 0x0052));
    h.seriesNumber =
        integerOf(ds, gdcm::Tag(0x0020, 0x0011), -(std::int64_t{1} << 53), std::int64_t{1} << 53)
            .value_or(0);
    h.instanceNumber = numberOf(ds, gdcm::Tag(0x0020, 0x0013));
    h.echoNumber = numberOf(ds, gdcm::Tag(0x0018, 0x0086));
    h.rows = ushortOf(ds, gdcm::Tag(0x0028, 0x0010)).value_or(0);
    h.columns = ushortOf(ds, gdcm::Tag(0x0028, 0x0011)).value_or(0);
    h.bitsAllocated = ushortOf(ds, gdcm::Tag(0x0028, 0x0100)).value_or(0);
    h.bitsStored = ushortOf(ds, gdcm::Tag(0x0028, 0x0101)).value_or(h.bitsAllocated);
    h.pixelRepresentation = ushortOf(ds, gdcm::Tag(0x0028, 0x0103)).value_or(0);
    h.samplesPerPixel = ushortOf(ds, gdcm::Tag(0x0028, 0x0002)).value_or(1);
}

/// Values that place the image or scale its voxels must be numbers when they are present: one
/// that is not ("0,5", "1.5mm", "-1024\\") is refused, never taken as absent (RescaleSlope
/// "0,5" read as absent would silently scale by 1). Top-level elements only; per-frame
/// functional groups are read as before.
Status checkPlacementAndScaleNumbers(const gdcm::DataSet& ds, const fs::path& file) {
    static const std::pair<gdcm::Tag, const char*> kChecked[] = {
        {kImagePosition, "ImagePositionPatient (0020,0032)"},
        {kImageOrientation, "ImageOrientationPatient (0020,0037)"},
        {kPixelSpacing, "PixelSpacing (0028,0030)"},
        {kRescaleSlope, "RescaleSlope (0028,1053)"},
        {kRescaleIntercept, "RescaleIntercept (0028,1052)"},
        {kDoseGridScaling, "DoseGridScaling (3004,000E)"},
    };
    for (const auto& [tag, name] : kChecked) {
        const auto text = textOf(ds, tag);
        if (text && numbersOf(ds, tag).empty()) {
            return makeError(ErrorCode::CorruptHeader,
                             std::string(name) + " holds \"" + toValidUtf8(text->substr(0, 64)) +
                                 "\", which is not a decimal number (or list of them)",
                             file);
        }
    }
    return Ok{};
}

Result<ObjectHeader> readObjectHeaderChecked(const fs::path& file, const DicomStructure& structure,
                                             DicomText* textOnError) {
    ObjectHeader h;
    h.file = file;
    h.pixelData = structure.pixelData;
    h.bigEndian = structure.bigEndian;
    h.deflated = structure.deflated;
    gdcm::Reader reader;
    reader.SetFileName(file.c_str());
    bool read = false;
    try {
        read = reader.ReadUpToTag(kPixelData, std::set<gdcm::Tag>{kPixelData});
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptHeader,
                         std::string("the DICOM header cannot be parsed: ") + e.what(), file);
    }
    if (!read) {
        return makeError(ErrorCode::UnknownFormat, "not a DICOM file (GDCM cannot parse it)", file);
    }
    const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
    if (ds.IsEmpty()) {
        return makeError(ErrorCode::UnknownFormat, "not a DICOM file (no data elements)", file);
    }
    readDescriptiveFields(reader.GetFile(), h);
    if (Status frames = checkFrames(ds, structure.pixelData, h); !frames) {
        if (textOnError != nullptr) {
            *textOnError = h.text; // the header was read: its text still names the file
        }
        return frames.error();
    }
    h.rtDose = h.modality == "RTDOSE" || h.sopClassUid == "1.2.840.10008.5.1.4.1.1.481.2";
    // The structure walk met no Pixel Data (nor Float / Double Float Pixel Data): whatever Rows
    // and Columns say, the object holds no image (it is listed with the objects without pixels).
    h.hasPixelData = structure.pixelData.present || ds.FindDataElement(gdcm::Tag(0x7FE0, 0x0008)) ||
                     ds.FindDataElement(gdcm::Tag(0x7FE0, 0x0009));
    if (h.rtDose) {
        h.doseGridScaling = numberOf(ds, kDoseGridScaling);
    }
    if (!h.isImage()) {
        return h;
    }
    if (h.imageType.find("MOSAIC") != std::string::npos) {
        h.mosaic = mosaicLayoutOf(ds, h.rows, h.columns);
    }
    if (h.modality == "PT") {
        h.pet = petHeaderOf(ds);
    }
    if (Status numbers = checkPlacementAndScaleNumbers(ds, file); !numbers) {
        return numbers.error();
    }
    readFrames(ds, h);
    if (Status floats = readFloatPixelHeader(ds, h); !floats) {
        return floats.error();
    }
    return h;
}

} // namespace

Result<ObjectHeader> readObjectHeader(const fs::path& file, DicomText* textOnError) {
    // Nothing reaches GDCM that the strict walk has not accepted (docs/robustness.md).
    auto structure = checkDicomStructure(file);
    if (!structure.ok()) {
        return structure.error();
    }
    try {
        return readObjectHeaderChecked(file, structure.value(), textOnError);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, "the DICOM header does not fit in memory", file);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptHeader,
                         std::string("the DICOM header cannot be parsed: ") + e.what(), file);
    }
}

} // namespace voxdiff::core::dicom
