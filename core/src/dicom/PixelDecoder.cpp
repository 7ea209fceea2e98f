// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/PixelDecoder.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <type_traits>

#include "dicom/DatasetValues.h"
#include "dicom/ParametricMap.h"
#include "dicom/PixelDecoderProcess.h"

namespace voxdiff::core::dicom {

namespace {

struct StoredFormat {
    int bitsStored = 16;
    bool isSigned = false;
};

/// Converts one row of stored values to floats. The choices (full width or masked, signed,
/// rescaled) are template parameters so that the loop has no branch and vectorises (this file
/// is built with -O3, core/CMakeLists.txt): it was a third of a CT series' load time.
template <typename U, bool FullWidth, bool Signed, bool Identity>
void convertRow(const char* src, int count, std::uint64_t mask, std::uint64_t signBit, double slope,
                double intercept, float* dst) {
    using S = std::make_signed_t<U>;
    for (int c = 0; c < count; ++c) {
        U u;
        std::memcpy(&u, src + static_cast<std::size_t>(c) * sizeof(U), sizeof(U));
        double v;
        if constexpr (FullWidth) {
            v = Signed ? static_cast<double>(static_cast<S>(u)) : static_cast<double>(u);
        } else {
            const auto m = static_cast<std::int64_t>(static_cast<std::uint64_t>(u) & mask);
            const auto sign = static_cast<std::int64_t>(signBit);
            v = static_cast<double>(Signed && (m & sign) != 0 ? m - 2 * sign : m);
        }
        dst[c] = static_cast<float>(Identity ? v : v * slope + intercept);
    }
}

using RowConverter = void (*)(const char*, int, std::uint64_t, std::uint64_t, double, double,
                              float*);

template <typename U, bool FullWidth> RowConverter pickRow(bool isSigned, bool identity) {
    if (isSigned) {
        return identity ? convertRow<U, FullWidth, true, true>
                        : convertRow<U, FullWidth, true, false>;
    }
    return identity ? convertRow<U, FullWidth, false, true>
                    : convertRow<U, FullWidth, false, false>;
}

/// Copies a window of a frame (the whole frame, or one mosaic tile) into a slice of floats.
template <typename U>
void convertWindow(const char* frame, int frameColumns, int rowOffset, int colOffset, int outRows,
                   int outColumns, StoredFormat fmt, double slope, double intercept, float* slice) {
    constexpr int kBits = 8 * static_cast<int>(sizeof(U));
    const bool fullWidth = fmt.bitsStored >= kBits || fmt.bitsStored <= 0;
    const std::uint64_t mask =
        fullWidth ? ~std::uint64_t{0} : ((std::uint64_t{1} << fmt.bitsStored) - 1);
    const std::uint64_t signBit = fullWidth ? 0 : (std::uint64_t{1} << (fmt.bitsStored - 1));
    const bool identity = slope == 1.0 && intercept == 0.0;
    const RowConverter convert = fullWidth ? pickRow<U, true>(fmt.isSigned, identity)
                                           : pickRow<U, false>(fmt.isSigned, identity);
    for (int r = 0; r < outRows; ++r) {
        const char* src = frame + (static_cast<std::size_t>(rowOffset + r) *
                                       static_cast<std::size_t>(frameColumns) +
                                   static_cast<std::size_t>(colOffset)) *
                                      sizeof(U);
        float* dst = slice + static_cast<std::size_t>(r) * static_cast<std::size_t>(outColumns);
        convert(src, outColumns, mask, signBit, slope, intercept, dst);
    }
}

bool earlierFrame(const FramePlacement& a, const FramePlacement& b) {
    return a.frame < b.frame;
}

/// The placements of frame `f` in `byFrame` (sorted by frame, stably): found by bisection,
/// not by a pass over all placements per frame (a million frames each placed once made that
/// 10^12 steps).
std::pair<std::vector<FramePlacement>::const_iterator, std::vector<FramePlacement>::const_iterator>
placementsOf(const std::vector<FramePlacement>& byFrame, std::uint64_t f) {
    FramePlacement key;
    key.frame = static_cast<int>(f);
    return std::equal_range(byFrame.begin(), byFrame.end(), key, earlierFrame);
}

/// Writes every placement of one frame into the volume. `frame` holds Rows x Columns stored
/// values of `bytes` bytes each, in the machine's byte order. `byFrame` is sorted by frame.
void placeFrame(const ObjectHeader& object, const std::vector<FramePlacement>& byFrame,
                std::uint64_t frameIndex, const char* frame, int bytes, const Index3& dims,
                float* voxelsIjk) {
    const StoredFormat fmt{object.bitsStored > 0 ? object.bitsStored : bytes * 8,
                           object.pixelRepresentation == 1};
    const std::size_t sliceVoxels =
        static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1]);
    const auto [first, last] = placementsOf(byFrame, frameIndex);
    for (auto it = first; it != last; ++it) {
        const FramePlacement& p = *it;
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
            convertWindow<std::uint8_t>(frame, object.columns, rowOffset, colOffset, outRows,
                                        outColumns, fmt, p.slope, p.intercept, slice);
            break;
        case 2:
            convertWindow<std::uint16_t>(frame, object.columns, rowOffset, colOffset, outRows,
                                         outColumns, fmt, p.slope, p.intercept, slice);
            break;
        default:
            convertWindow<std::uint32_t>(frame, object.columns, rowOffset, colOffset, outRows,
                                         outColumns, fmt, p.slope, p.intercept, slice);
            break;
        }
    }
}

/// Swaps a big endian frame to the machine's order: words of `bytes` bytes, or, for 8-bit
/// data in an OW value, the bytes of each 16-bit word.
void swapToLittleEndian(std::vector<char>& frame, int bytes, bool eightBitInOw) {
    const std::size_t word = eightBitInOw ? 2 : static_cast<std::size_t>(bytes);
    for (std::size_t n = 0; word > 1 && n + word <= frame.size(); n += word) {
        std::reverse(frame.begin() + static_cast<std::ptrdiff_t>(n),
                     frame.begin() + static_cast<std::ptrdiff_t>(n + word));
    }
}

Status unsupportedFormat(const ObjectHeader& object, std::uint32_t bitsAllocated,
                         std::uint32_t samples) {
    return makeError(ErrorCode::UnsupportedData,
                     std::to_string(bitsAllocated) + "-bit pixels with " + std::to_string(samples) +
                         " samples per pixel are not supported",
                     object.file);
}

/// Native pixel data read straight from the file where the structure walk found it, one
/// frame at a time: no third-party code and nothing sized by the header beyond one frame.
Status decodeNative(const ObjectHeader& object, const std::vector<FramePlacement>& placements,
                    const Index3& dims, float* voxelsIjk) {
    const int bytes = object.bitsAllocated / 8;
    if (object.samplesPerPixel != 1 || object.bitsAllocated % 8 != 0 ||
        (bytes != 1 && bytes != 2 && bytes != 4)) {
        return unsupportedFormat(object, static_cast<std::uint32_t>(object.bitsAllocated),
                                 static_cast<std::uint32_t>(object.samplesPerPixel));
    }
    const std::uint64_t frameBytes = static_cast<std::uint64_t>(object.rows) *
                                     static_cast<std::uint64_t>(object.columns) *
                                     static_cast<std::uint64_t>(bytes);
    const bool eightBitInOw = object.bigEndian && bytes == 1 && object.pixelData.valueIsOw;
    if (eightBitInOw && frameBytes % 2 != 0) {
        return unsupportedFormat(object, 8, 1);
    }
    std::ifstream in(object.file, std::ios::binary);
    // Reused by the thread for every file it decodes: a fresh buffer per file cost a page
    // fault and a zero-fill per 4 KiB (docs/performance.md). A large frame is not kept.
    thread_local std::vector<char> frame;
    frame.resize(static_cast<std::size_t>(frameBytes));
    struct KeepSmall {
        std::vector<char>& kept;
        ~KeepSmall() {
            if (kept.size() > (std::size_t{16} << 20)) {
                std::vector<char>().swap(kept);
            }
        }
    } keepSmall{frame};
    for (std::uint64_t f = 0; f < static_cast<std::uint64_t>(object.frameCount); ++f) {
        const auto [first, last] = placementsOf(placements, f);
        if (first == last) {
            continue;
        }
        in.seekg(static_cast<std::streamoff>(object.pixelData.valueOffset + f * frameBytes));
        in.read(frame.data(), static_cast<std::streamsize>(frameBytes));
        if (!in) {
            return makeError(ErrorCode::ReadFailed,
                             "cannot read frame " + std::to_string(f) + " of the pixel data",
                             object.file);
        }
        if (object.bigEndian) {
            swapToLittleEndian(frame, bytes, eightBitInOw);
        }
        placeFrame(object, placements, f, frame.data(), bytes, dims, voxelsIjk);
    }
    return Ok{};
}

/// Compressed or deflated pixel data: GDCM's codecs run in the voxdiff-decode helper process.
Status decodeInHelper(const ObjectHeader& object, const std::vector<FramePlacement>& placements,
                      const Index3& dims, float* voxelsIjk) {
    DecodedFrameSink sink;
    int bytes = 0;
    sink.format = [&](const DecodedFormat& f) -> Status {
        if (f.columns != static_cast<std::uint32_t>(object.columns) ||
            f.rows != static_cast<std::uint32_t>(object.rows)) {
            return makeError(ErrorCode::InconsistentSeries,
                             "the decoded image is " + std::to_string(f.columns) + "x" +
                                 std::to_string(f.rows) + ", the header says " +
                                 std::to_string(object.columns) + "x" + std::to_string(object.rows),
                             object.file);
        }
        bytes = static_cast<int>(f.bitsAllocated / 8);
        if (f.samplesPerPixel != 1 || (bytes != 1 && bytes != 2 && bytes != 4)) {
            return unsupportedFormat(object, f.bitsAllocated, f.samplesPerPixel);
        }
        sink.frameBytes = std::uint64_t{f.columns} * f.rows * static_cast<std::uint64_t>(bytes);
        sink.frameCount = static_cast<std::uint64_t>(object.frameCount);
        if (f.bufferBytes < sink.frameBytes * sink.frameCount) {
            return makeError(ErrorCode::TruncatedData,
                             "pixel data holds " + std::to_string(f.bufferBytes) + " bytes, " +
                                 std::to_string(sink.frameBytes * sink.frameCount) + " expected",
                             object.file);
        }
        return Ok{};
    };
    sink.frame = [&](std::uint64_t f, const char* data) {
        placeFrame(object, placements, f, data, bytes, dims, voxelsIjk);
    };
    return decodeInHelperProcess(object.file, sink);
}

/// The helper decodes every frame of a file at once (GDCM's buffer), whichever frames the
/// volume uses: 500 frames of 4096 x 4096 declared in 4 KB of empty fragments would make it
/// allocate 16 GB. What the header promises must fit the budget before it is started.
Status helperBufferFits(const ObjectHeader& object, std::uint64_t maxBytes) {
    const auto product = checkedProduct(
        {static_cast<std::uint64_t>(object.rows), static_cast<std::uint64_t>(object.columns),
         static_cast<std::uint64_t>(object.samplesPerPixel),
         static_cast<std::uint64_t>(std::max(1, (object.bitsAllocated + 7) / 8)),
         static_cast<std::uint64_t>(object.frameCount)});
    const bool overflow = !product;
    const std::uint64_t bytes = product.value_or(0);
    if (overflow || bytes > maxBytes) {
        return makeError(ErrorCode::TooLarge,
                         "decoding this file's " + std::to_string(object.frameCount) +
                             " compressed frames needs " +
                             (overflow ? std::string("more than 2^64") : std::to_string(bytes)) +
                             " bytes at once, more than the budget of " + std::to_string(maxBytes),
                         object.file, "structure rule decoded_size");
    }
    return Ok{};
}

/// Every placement reads a window inside the frame (the whole frame, or one mosaic tile).
Status checkWindows(const ObjectHeader& object, const std::vector<FramePlacement>& placements,
                    const Index3& dims) {
    for (const FramePlacement& p : placements) {
        std::int64_t rowEnd = dims[1];
        std::int64_t colEnd = dims[0];
        if (p.tile >= 0 && object.mosaic && object.mosaic->tilesPerSide > 0) {
            const MosaicLayout& m = *object.mosaic;
            rowEnd += static_cast<std::int64_t>(p.tile / m.tilesPerSide) * m.tileRows;
            colEnd += static_cast<std::int64_t>(p.tile % m.tilesPerSide) * m.tileColumns;
        }
        if (p.frame < 0 || p.frame >= object.frameCount || rowEnd > object.rows ||
            colEnd > object.columns) {
            return makeError(ErrorCode::InconsistentSeries,
                             "frame " + std::to_string(p.frame) + " does not hold the " +
                                 std::to_string(dims[0]) + "x" + std::to_string(dims[1]) +
                                 " slice the series needs",
                             object.file);
        }
    }
    return Ok{};
}

} // namespace

Status decodeIntoVolume(const ObjectHeader& object, const std::vector<FramePlacement>& placements,
                        const Index3& dims, float* voxelsIjk, std::uint64_t maxDecodedBytes) {
    if (!object.pixelData.present && object.floatPixelBytes == 0) {
        return makeError(ErrorCode::TruncatedData, "the file has no pixel data", object.file);
    }
    if (Status windows = checkWindows(object, placements, dims); !windows) {
        return windows;
    }
    if (object.floatPixelBytes != 0) {
        return decodeFloatIntoVolume(object, placements, dims, voxelsIjk);
    }
    std::vector<FramePlacement> byFrame = placements;
    std::stable_sort(byFrame.begin(), byFrame.end(), earlierFrame);
    if (object.pixelData.encapsulated || object.deflated) {
        if (Status fits = helperBufferFits(object, maxDecodedBytes); !fits) {
            return fits;
        }
        return decodeInHelper(object, byFrame, dims, voxelsIjk);
    }
    return decodeNative(object, byFrame, dims, voxelsIjk);
}

} // namespace voxdiff::core::dicom
