#include "dicom/PixelDecoder.h"

#include <cstring>
#include <exception>
#include <optional>
#include <type_traits>

#include <gdcmImage.h>
#include <gdcmImageReader.h>

#include "dicom/AbortGuard.h"
#include "dicom/ParametricMap.h"

namespace voxdiff::core::dicom {

namespace {

struct StoredFormat {
    int bitsStored = 16;
    bool isSigned = false;
};

/// Copies a window of a frame (the whole frame, or one mosaic tile) into a slice of floats.
template <typename U>
void convertWindow(const char* frame, int frameColumns, int rowOffset, int colOffset, int outRows,
                   int outColumns, StoredFormat fmt, double slope, double intercept, float* slice) {
    using S = std::make_signed_t<U>;
    constexpr int kBits = 8 * static_cast<int>(sizeof(U));
    const bool fullWidth = fmt.bitsStored >= kBits || fmt.bitsStored <= 0;
    const std::uint64_t mask =
        fullWidth ? ~std::uint64_t{0} : ((std::uint64_t{1} << fmt.bitsStored) - 1);
    const std::uint64_t signBit = fullWidth ? 0 : (std::uint64_t{1} << (fmt.bitsStored - 1));
    const bool identity = slope == 1.0 && intercept == 0.0;
    for (int r = 0; r < outRows; ++r) {
        const char* src = frame + (static_cast<std::size_t>(rowOffset + r) *
                                       static_cast<std::size_t>(frameColumns) +
                                   static_cast<std::size_t>(colOffset)) *
                                      sizeof(U);
        float* dst = slice + static_cast<std::size_t>(r) * static_cast<std::size_t>(outColumns);
        for (int c = 0; c < outColumns; ++c) {
            U u;
            std::memcpy(&u, src + static_cast<std::size_t>(c) * sizeof(U), sizeof(U));
            double v;
            if (fullWidth) {
                v = fmt.isSigned ? static_cast<double>(static_cast<S>(u)) : static_cast<double>(u);
            } else {
                const std::uint64_t m = static_cast<std::uint64_t>(u) & mask;
                v = (fmt.isSigned && (m & signBit) != 0)
                        ? static_cast<double>(static_cast<std::int64_t>(m) -
                                              static_cast<std::int64_t>(signBit << 1))
                        : static_cast<double>(m);
            }
            dst[c] = static_cast<float>(identity ? v : v * slope + intercept);
        }
    }
}

} // namespace

namespace {

Status decodeIntoVolumeUnguarded(const ObjectHeader& object,
                                 const std::vector<FramePlacement>& placements, const Index3& dims,
                                 float* voxelsIjk) {
    if (object.floatPixelBytes != 0) {
        return decodeFloatIntoVolume(object, placements, dims, voxelsIjk);
    }
    gdcm::ImageReader reader;
    reader.SetFileName(object.file.c_str());
    bool read = false;
    try {
        read = reader.Read();
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptHeader,
                         std::string("GDCM cannot read the image: ") + e.what(), object.file);
    }
    if (!read) {
        return makeError(ErrorCode::ReadFailed, "GDCM cannot read the image", object.file);
    }
    const gdcm::Image& image = reader.GetImage();
    const int columns = static_cast<int>(image.GetColumns());
    const int rows = static_cast<int>(image.GetRows());
    if (columns != object.columns || rows != object.rows) {
        return makeError(ErrorCode::InconsistentSeries,
                         "the decoded image is " + std::to_string(columns) + "x" +
                             std::to_string(rows) + ", the header says " +
                             std::to_string(object.columns) + "x" + std::to_string(object.rows),
                         object.file);
    }
    const gdcm::PixelFormat& pf = image.GetPixelFormat();
    const int bytes = pf.GetBitsAllocated() / 8;
    if (pf.GetSamplesPerPixel() != 1 || (bytes != 1 && bytes != 2 && bytes != 4)) {
        return makeError(ErrorCode::UnsupportedData,
                         "pixel format " + std::string(pf.GetScalarTypeAsString()) + " with " +
                             std::to_string(pf.GetSamplesPerPixel()) +
                             " samples per pixel is not supported",
                         object.file);
    }
    const std::size_t frameBytes = static_cast<std::size_t>(rows) *
                                   static_cast<std::size_t>(columns) *
                                   static_cast<std::size_t>(bytes);
    const std::size_t needed = frameBytes * static_cast<std::size_t>(object.frameCount);
    const unsigned long length = image.GetBufferLength();
    if (length < needed) {
        return makeError(ErrorCode::TruncatedData,
                         "pixel data holds " + std::to_string(length) + " bytes, " +
                             std::to_string(needed) + " expected",
                         object.file);
    }
    std::vector<char> buffer(length);
    bool decoded = false;
    try {
        decoded = image.GetBuffer(buffer.data());
    } catch (const std::exception& e) {
        return makeError(ErrorCode::UnsupportedData,
                         std::string("GDCM cannot decode the pixel data: ") + e.what(),
                         object.file);
    }
    if (!decoded) {
        return makeError(ErrorCode::UnsupportedData,
                         "GDCM cannot decode the pixel data (transfer syntax " +
                             object.transferSyntaxUid + ")",
                         object.file);
    }
    const StoredFormat fmt{object.bitsStored > 0 ? object.bitsStored : pf.GetBitsStored(),
                           object.pixelRepresentation == 1};
    const std::size_t sliceVoxels =
        static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1]);
    for (const FramePlacement& p : placements) {
        const char* frame = buffer.data() + frameBytes * static_cast<std::size_t>(p.frame);
        float* slice = voxelsIjk + sliceVoxels * static_cast<std::size_t>(p.sliceK);
        int rowOffset = 0;
        int colOffset = 0;
        if (p.tile >= 0 && object.mosaic) {
            const MosaicLayout& m = *object.mosaic;
            rowOffset = (p.tile / m.tilesPerSide) * m.tileRows;
            colOffset = (p.tile % m.tilesPerSide) * m.tileColumns;
        }
        const int outRows = static_cast<int>(dims[1]);
        const int outColumns = static_cast<int>(dims[0]);
        switch (bytes) {
        case 1:
            convertWindow<std::uint8_t>(frame, columns, rowOffset, colOffset, outRows, outColumns,
                                        fmt, p.slope, p.intercept, slice);
            break;
        case 2:
            convertWindow<std::uint16_t>(frame, columns, rowOffset, colOffset, outRows, outColumns,
                                         fmt, p.slope, p.intercept, slice);
            break;
        default:
            convertWindow<std::uint32_t>(frame, columns, rowOffset, colOffset, outRows, outColumns,
                                         fmt, p.slope, p.intercept, slice);
            break;
        }
    }
    return Ok{};
}

} // namespace

Status decodeIntoVolume(const ObjectHeader& object, const std::vector<FramePlacement>& placements,
                        const Index3& dims, float* voxelsIjk) {
    std::optional<Status> status;
    if (!runCatchingAbort([&] {
            status.emplace(decodeIntoVolumeUnguarded(object, placements, dims, voxelsIjk));
        })) {
        return makeError(ErrorCode::CorruptHeader,
                         "malformed DICOM: GDCM stopped on an internal consistency check while "
                         "decoding the pixel data",
                         object.file);
    }
    return std::move(*status);
}

} // namespace voxdiff::core::dicom
