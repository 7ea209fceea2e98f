#include "dicom/ObjectHeader.h"

#include <cmath>
#include <cstring>
#include <exception>
#include <optional>
#include <set>

#include <gdcmCSAHeader.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmReader.h>
#include <gdcmTransferSyntax.h>

#include "dicom/AbortGuard.h"
#include "dicom/DatasetValues.h"
#include "dicom/ParametricMap.h"
#include "dicom/StructureCheck.h"

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
const gdcm::DataSet* groupItem(const gdcm::DataSet* perFrame, const gdcm::DataSet* shared,
                               const gdcm::Tag& seq, const gdcm::Tag& attr) {
    for (const gdcm::DataSet* group : {perFrame, shared}) {
        if (group == nullptr) {
            continue;
        }
        const gdcm::DataSet* item = firstItemOf(*group, seq);
        if (item != nullptr && item->FindDataElement(attr)) {
            return item;
        }
    }
    return nullptr;
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
        const gdcm::DataSet* item = groupItem(perFrame, shared, seq, attr);
        return item != nullptr ? numbersOf(*item, attr) : std::vector<double>{};
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
    if (const gdcm::DataSet* content =
            groupItem(perFrame, shared, kFrameContentSeq, kTemporalPositionIndex)) {
        frame.temporalPositionIndex = ulongsOf(*content, kTemporalPositionIndex).empty()
                                          ? std::nullopt
                                          : std::optional<double>(static_cast<double>(
                                                ulongsOf(*content, kTemporalPositionIndex)[0]));
    }
    if (const gdcm::DataSet* content =
            groupItem(perFrame, shared, kFrameContentSeq, kDimensionIndexValues)) {
        frame.dimensionIndex = ulongsOf(*content, kDimensionIndexValues);
    }
    if (perFrame != nullptr) {
        frame.philipsScaleSlope = floatOf(*perFrame, kPhilipsScaleSlope);
        if (const gdcm::DataSet* item = firstItemOf(*perFrame, kPhilipsPrivateSeq);
            item != nullptr && !frame.philipsScaleSlope) {
            frame.philipsScaleSlope = floatOf(*item, kPhilipsScaleSlope);
        }
    }
}

std::optional<MosaicLayout> mosaicLayoutOf(const gdcm::DataSet& ds, int rows, int columns) {
    MosaicLayout layout;
    gdcm::CSAHeader csa;
    const gdcm::PrivateTag& csaTag = gdcm::CSAHeader::GetCSAImageHeaderInfoTag();
    if (ds.FindDataElement(csaTag) && csa.LoadFromDataElement(ds.GetDataElement(csaTag))) {
        auto csaNumbers = [&csa](const char* name) {
            std::vector<double> out;
            if (!csa.FindCSAElementByName(name)) {
                return out;
            }
            const gdcm::ByteValue* bv = csa.GetCSAElementByName(name).GetByteValue();
            if (bv == nullptr) {
                return out;
            }
            std::string text(bv->GetPointer(), bv->GetLength());
            for (char& c : text) {
                c = (c == '\\' || c == '\0') ? ' ' : c;
            }
            const char* p = text.c_str();
            char* end = nullptr;
            for (double v = std::strtod(p, &end); end != p; v = std::strtod(p, &end)) {
                out.push_back(v);
                p = end;
            }
            return out;
        };
        if (auto n = csaNumbers("NumberOfImagesInMosaic"); !n.empty()) {
            layout.count = static_cast<int>(n[0]);
        }
        if (auto v = csaNumbers("SliceNormalVector"); v.size() == 3) {
            layout.sliceNormalLps = Vec3{v[0], v[1], v[2]};
        }
    }
    if (layout.count <= 0) {
        layout.count = ushortOf(ds, kSiemensMosaicCount).value_or(0);
    }
    if (layout.count <= 0) {
        return std::nullopt;
    }
    layout.tilesPerSide = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(layout.count))));
    layout.tileRows = rows / layout.tilesPerSide;
    layout.tileColumns = columns / layout.tilesPerSide;
    return layout;
}

PetHeader petHeaderOf(const gdcm::DataSet& ds) {
    PetHeader pet;
    pet.units = textOr(ds, gdcm::Tag(0x0054, 0x1001));
    pet.decayCorrection = textOr(ds, gdcm::Tag(0x0054, 0x1102));
    pet.correctedImage = textOr(ds, gdcm::Tag(0x0028, 0x0051));
    pet.patientWeightKg = numberOf(ds, gdcm::Tag(0x0010, 0x1030));
    pet.seriesTime = textOf(ds, gdcm::Tag(0x0008, 0x0031));
    pet.acquisitionTime = textOf(ds, gdcm::Tag(0x0008, 0x0032));
    if (const gdcm::DataSet* item = firstItemOf(ds, kRadiopharmaceuticalSeq)) {
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
    const auto perFrame = itemsOf(ds, kPerFrameGroups);
    const gdcm::DataSet* shared = firstItemOf(ds, kSharedGroups);
    h.enhanced = !perFrame.empty() || shared != nullptr;
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
            readFrameAttributes(own, shared, frame);
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

} // namespace

namespace {

Result<ObjectHeader> readObjectHeaderUnguarded(const fs::path& file) {
    ObjectHeader h;
    h.file = file;
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
    const gdcm::TransferSyntax ts = reader.GetFile().GetHeader().GetDataSetTransferSyntax();
    h.transferSyntaxUid = ts.GetString() != nullptr ? ts.GetString() : "";
    h.sopClassUid = textOr(ds, gdcm::Tag(0x0008, 0x0016));
    if (h.sopClassUid.empty()) {
        h.sopClassUid = textOr(reader.GetFile().GetHeader(), gdcm::Tag(0x0002, 0x0002));
    }
    h.seriesInstanceUid = textOr(ds, gdcm::Tag(0x0020, 0x000E));
    h.modality = textOr(ds, gdcm::Tag(0x0008, 0x0060));
    h.seriesDescription = textOr(ds, gdcm::Tag(0x0008, 0x103E));
    h.imageType = textOr(ds, gdcm::Tag(0x0008, 0x0008));
    h.photometric = textOr(ds, gdcm::Tag(0x0028, 0x0004));
    h.acquisitionTime = textOr(ds, gdcm::Tag(0x0008, 0x0032));
    h.manufacturer = textOr(ds, gdcm::Tag(0x0008, 0x0070));
    h.seriesNumber = static_cast<std::int64_t>(numberOf(ds, gdcm::Tag(0x0020, 0x0011)).value_or(0));
    h.instanceNumber = numberOf(ds, gdcm::Tag(0x0020, 0x0013));
    h.echoNumber = numberOf(ds, gdcm::Tag(0x0018, 0x0086));
    h.rows = ushortOf(ds, gdcm::Tag(0x0028, 0x0010)).value_or(0);
    h.columns = ushortOf(ds, gdcm::Tag(0x0028, 0x0011)).value_or(0);
    h.bitsAllocated = ushortOf(ds, gdcm::Tag(0x0028, 0x0100)).value_or(0);
    h.bitsStored = ushortOf(ds, gdcm::Tag(0x0028, 0x0101)).value_or(h.bitsAllocated);
    h.pixelRepresentation = ushortOf(ds, gdcm::Tag(0x0028, 0x0103)).value_or(0);
    h.samplesPerPixel = ushortOf(ds, gdcm::Tag(0x0028, 0x0002)).value_or(1);
    h.frameCount =
        std::max(1, static_cast<int>(numberOf(ds, gdcm::Tag(0x0028, 0x0008)).value_or(1)));
    h.rtDose = h.modality == "RTDOSE" || h.sopClassUid == "1.2.840.10008.5.1.4.1.1.481.2";
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
    readFrames(ds, h);
    if (Status floats = readFloatPixelHeader(ds, h); !floats) {
        return floats.error();
    }

    // Uncompressed pixel data must fit in what is left of the file; checking now keeps a
    // truncated file out of a series instead of failing the whole load later.
    if (!ts.IsEncapsulated() && ts != gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian &&
        h.bitsAllocated > 0 && h.floatPixelBytes == 0) {
        std::error_code ec;
        const auto fileBytes = fs::file_size(file, ec);
        const auto offset = static_cast<std::uintmax_t>(reader.GetStreamCurrentPosition());
        const std::uintmax_t expected = static_cast<std::uintmax_t>(h.rows) * h.columns *
                                        h.frameCount * h.samplesPerPixel *
                                        static_cast<std::uintmax_t>(h.bitsAllocated) / 8;
        const std::uintmax_t elementHeader = 0; // the reader stops past the tag
        if (!ec && offset > 0 && fileBytes < offset + elementHeader + expected) {
            const std::uintmax_t have =
                fileBytes > offset + elementHeader ? fileBytes - offset - elementHeader : 0;
            return makeError(ErrorCode::TruncatedData,
                             "pixel data is truncated: the file holds at most " +
                                 std::to_string(have) + " bytes of the " +
                                 std::to_string(expected) + " that Rows x Columns x frames promise",
                             file);
        }
    }
    return h;
}

} // namespace

Result<ObjectHeader> readObjectHeader(const fs::path& file) {
    if (Status structure = checkDicomStructure(file); !structure) {
        return structure.error();
    }
    std::optional<Result<ObjectHeader>> header;
    if (!runCatchingAbort([&] { header.emplace(readObjectHeaderUnguarded(file)); })) {
        return makeError(ErrorCode::CorruptHeader,
                         "malformed DICOM: GDCM stopped on an internal consistency check while "
                         "parsing the header",
                         file);
    }
    return std::move(*header);
}

} // namespace voxdiff::core::dicom
