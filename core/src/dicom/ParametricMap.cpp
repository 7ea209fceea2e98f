// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/ParametricMap.h"

#include <bit>
#include <cstring>
#include <exception>
#include <string>

#include <gdcmByteValue.h>
#include <gdcmReader.h>
#include <gdcmTransferSyntax.h>

#include "dicom/DatasetValues.h"

namespace voxdiff::core::dicom {

namespace fs = std::filesystem;

namespace {

const gdcm::Tag kFloatPixelData(0x7fe0, 0x0008);
const gdcm::Tag kDoubleFloatPixelData(0x7fe0, 0x0009);
const gdcm::Tag kSharedGroups(0x5200, 0x9229);
const gdcm::Tag kPerFrameGroups(0x5200, 0x9230);
const gdcm::Tag kRealWorldValueMapping(0x0040, 0x9096);
const gdcm::Tag kRealWorldValueIntercept(0x0040, 0x9224);
const gdcm::Tag kRealWorldValueSlope(0x0040, 0x9225);
const gdcm::Tag kMeasurementUnitsCodes(0x0040, 0x08ea);
const gdcm::Tag kCodeValue(0x0008, 0x0100);
const gdcm::Tag kCodeMeaning(0x0008, 0x0104);
const gdcm::Tag kLutLabel(0x0040, 0x9210);

constexpr const char* kParametricMapStorage = "1.2.840.10008.5.1.4.1.1.30";

// Float pixel bytes are read as the machine's floats: only little-endian files on a
// little-endian host (the Parametric Map IOD allows only little-endian transfer syntaxes).
static_assert(std::endian::native == std::endian::little, "little-endian host assumed");

/// An FD element's first value; nullopt when absent or not 8 bytes.
std::optional<double> doubleOf(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    if (!ds.FindDataElement(tag)) {
        return std::nullopt;
    }
    const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
    if (bv == nullptr || bv->GetLength() < 8) {
        return std::nullopt;
    }
    double v = 0.0;
    std::memcpy(&v, bv->GetPointer(), 8);
    return v;
}

/// The Real World Value Mapping item that applies at one level (a functional group item or the
/// top level): its first item that has a slope, with the sequence that owns it.
SequenceItem mappingAt(const gdcm::DataSet* level) {
    if (level == nullptr) {
        return {};
    }
    const SequenceItems mappings = itemsOf(*level, kRealWorldValueMapping);
    for (std::size_t n = 0; n < mappings.size(); ++n) {
        if (doubleOf(*mappings[n], kRealWorldValueSlope)) {
            return SequenceItem{mappings.owner, mappings[n]};
        }
    }
    return {};
}

std::string unitsOfMapping(const gdcm::DataSet& mapping) {
    if (const SequenceItem units = firstItemOf(mapping, kMeasurementUnitsCodes)) {
        if (auto value = textOf(*units, kCodeValue)) {
            return *value;
        }
        if (auto meaning = textOf(*units, kCodeMeaning)) {
            return *meaning;
        }
    }
    return textOf(mapping, kLutLabel).value_or("");
}

void applyRealWorldMapping(const gdcm::DataSet& ds, ObjectHeader& object) {
    const SequenceItems perFrame = itemsOf(ds, kPerFrameGroups);
    const SequenceItem shared = firstItemOf(ds, kSharedGroups);
    for (std::size_t f = 0; f < object.frames.size(); ++f) {
        SequenceItem mapping = mappingAt(f < perFrame.size() ? perFrame[f] : nullptr);
        if (!mapping) {
            mapping = mappingAt(shared.get());
        }
        if (!mapping) {
            mapping = mappingAt(&ds);
        }
        if (!mapping) {
            continue;
        }
        FrameHeader& frame = object.frames[f];
        frame.rescaleSlope = doubleOf(*mapping, kRealWorldValueSlope);
        frame.rescaleIntercept = doubleOf(*mapping, kRealWorldValueIntercept).value_or(0.0);
        if (object.realWorldUnits.empty()) {
            object.realWorldUnits = unitsOfMapping(*mapping);
        }
    }
}

std::uint64_t expectedBytes(const ObjectHeader& object) {
    return static_cast<std::uint64_t>(object.rows) * static_cast<std::uint64_t>(object.columns) *
           static_cast<std::uint64_t>(object.frameCount) *
           static_cast<std::uint64_t>(object.floatPixelBytes);
}

template <typename F>
void convertFrame(const char* frame, std::size_t count, double slope, double intercept,
                  float* slice) {
    const bool identity = slope == 1.0 && intercept == 0.0;
    for (std::size_t p = 0; p < count; ++p) {
        F v;
        std::memcpy(&v, frame + p * sizeof(F), sizeof(F));
        slice[p] = identity ? static_cast<float>(v)
                            : static_cast<float>(static_cast<double>(v) * slope + intercept);
    }
}

} // namespace

std::uint64_t floatPixelDataBytes(const gdcm::DataSet& ds) {
    for (const gdcm::Tag& tag : {kFloatPixelData, kDoubleFloatPixelData}) {
        if (ds.FindDataElement(tag)) {
            const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
            return bv != nullptr ? static_cast<std::uint64_t>(bv->GetLength()) : 0;
        }
    }
    return 0;
}

Status readFloatPixelHeader(const gdcm::DataSet& ds, ObjectHeader& object) {
    const bool single = ds.FindDataElement(kFloatPixelData);
    const bool isDouble = !single && ds.FindDataElement(kDoubleFloatPixelData);
    if (single || isDouble) {
        object.floatPixelBytes = single ? 4 : 8;
        if (object.samplesPerPixel != 1) {
            return makeError(ErrorCode::UnsupportedData,
                             "float pixel data with more than one sample per pixel", object.file);
        }
        if (object.transferSyntaxUid == "1.2.840.10008.1.2.2") {
            return makeError(ErrorCode::UnsupportedData,
                             "float pixel data in a big endian file is not supported", object.file);
        }
        const gdcm::ByteValue* bv =
            ds.GetDataElement(single ? kFloatPixelData : kDoubleFloatPixelData).GetByteValue();
        const std::uint64_t have = bv != nullptr ? static_cast<std::uint64_t>(bv->GetLength()) : 0;
        if (have < expectedBytes(object)) {
            return makeError(ErrorCode::TruncatedData,
                             "float pixel data holds " + std::to_string(have) + " bytes of the " +
                                 std::to_string(expectedBytes(object)) +
                                 " that Rows x Columns x frames promise",
                             object.file);
        }
    }
    if (object.floatPixelBytes != 0 || object.sopClassUid == kParametricMapStorage) {
        applyRealWorldMapping(ds, object);
    }
    return Ok{};
}

Status decodeFloatIntoVolume(const ObjectHeader& object,
                             const std::vector<FramePlacement>& placements, const Index3& dims,
                             float* voxelsIjk) {
    gdcm::Reader reader;
    reader.SetFileName(object.file.c_str());
    bool read = false;
    try {
        read = reader.Read();
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptHeader,
                         std::string("GDCM cannot read the file: ") + e.what(), object.file);
    }
    if (!read) {
        return makeError(ErrorCode::ReadFailed, "GDCM cannot read the file", object.file);
    }
    const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
    const gdcm::Tag tag = object.floatPixelBytes == 8 ? kDoubleFloatPixelData : kFloatPixelData;
    const gdcm::ByteValue* bv =
        ds.FindDataElement(tag) ? ds.GetDataElement(tag).GetByteValue() : nullptr;
    const std::uint64_t have = bv != nullptr ? static_cast<std::uint64_t>(bv->GetLength()) : 0;
    if (have < expectedBytes(object)) {
        return makeError(ErrorCode::TruncatedData,
                         "float pixel data holds " + std::to_string(have) + " bytes of the " +
                             std::to_string(expectedBytes(object)) + " expected",
                         object.file);
    }
    if (dims[0] != object.columns || dims[1] != object.rows) {
        return makeError(ErrorCode::InconsistentSeries, "the frame size differs from the volume's",
                         object.file);
    }
    const std::size_t sliceVoxels =
        static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1]);
    const std::size_t frameBytes = sliceVoxels * static_cast<std::size_t>(object.floatPixelBytes);
    for (const FramePlacement& p : placements) {
        const char* frame = bv->GetPointer() + frameBytes * static_cast<std::size_t>(p.frame);
        float* slice = voxelsIjk + sliceVoxels * static_cast<std::size_t>(p.sliceK);
        if (object.floatPixelBytes == 8) {
            convertFrame<double>(frame, sliceVoxels, p.slope, p.intercept, slice);
        } else {
            convertFrame<float>(frame, sliceVoxels, p.slope, p.intercept, slice);
        }
    }
    return Ok{};
}

} // namespace voxdiff::core::dicom
