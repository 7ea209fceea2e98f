// SPDX-License-Identifier: BSD-3-Clause
#include "nifti/NiftiVoxels.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <thread>
#include <vector>

#include <libdeflate.h>

#include "TextFormat.h"
#include "dicom/ParallelFor.h"

extern "C" {
#include <nifti2_io.h>
}

namespace voxdiff::core::nifti {

namespace fs = std::filesystem;

namespace {

/// Voxels per block of parallel work: 8 MiB of float32, large enough for long reads, small
/// enough that the two cores share the work evenly and a block stays in cache for its stats.
constexpr std::uint64_t kBlockVoxels = std::uint64_t{1} << 21;
constexpr std::size_t kStreamChunkBytes = std::size_t{1} << 22;

/// value * 1 + 0 is the value (but for the sign of a zero): no scaling to apply.
bool scales(const VoxelLayout& l) {
    return l.scale && (l.slope != 1.0 || l.intercept != 0.0);
}

template <typename T>
void convert(const unsigned char* src, std::size_t count, const VoxelLayout& l, float* dst) {
    if (l.swap) {
        for (std::size_t n = 0; n < count; ++n) {
            const double raw = static_cast<double>(loadSwapped<T>(src + n * sizeof(T), true));
            dst[n] = static_cast<float>(scales(l) ? raw * l.slope + l.intercept : raw);
        }
        return;
    }
    // Native byte order: branch-free loops the compiler vectorises.
    const double slope = l.slope;
    const double intercept = l.intercept;
    if (scales(l)) {
        for (std::size_t n = 0; n < count; ++n) {
            T v;
            std::memcpy(&v, src + n * sizeof(T), sizeof(T));
            dst[n] = static_cast<float>(static_cast<double>(v) * slope + intercept);
        }
        return;
    }
    for (std::size_t n = 0; n < count; ++n) {
        T v;
        std::memcpy(&v, src + n * sizeof(T), sizeof(T));
        dst[n] = static_cast<float>(static_cast<double>(v));
    }
}

void convertBlock(const VoxelLayout& l, const unsigned char* src, std::size_t count, float* dst) {
    switch (l.datatype) {
    case DT_INT8:
        return convert<std::int8_t>(src, count, l, dst);
    case DT_UINT8:
        return convert<std::uint8_t>(src, count, l, dst);
    case DT_INT16:
        return convert<std::int16_t>(src, count, l, dst);
    case DT_UINT16:
        return convert<std::uint16_t>(src, count, l, dst);
    case DT_INT32:
        return convert<std::int32_t>(src, count, l, dst);
    case DT_UINT32:
        return convert<std::uint32_t>(src, count, l, dst);
    case DT_INT64:
        return convert<std::int64_t>(src, count, l, dst);
    case DT_UINT64:
        return convert<std::uint64_t>(src, count, l, dst);
    case DT_FLOAT32:
        return convert<float>(src, count, l, dst);
    case DT_FLOAT64:
        return convert<double>(src, count, l, dst);
    default:
        return;
    }
}

/// Stored float32 in this machine's byte order without scaling: the bytes are the values.
bool storedAsIs(const VoxelLayout& l) {
    return l.datatype == DT_FLOAT32 && !l.swap && !scales(l);
}

Error endsEarly(const VoxelLayout& l, std::uint64_t bytesRead, const fs::path& dataPath) {
    return makeError(ErrorCode::TruncatedData,
                     "voxel data ends early: read " + std::to_string(bytesRead) + " of " +
                         std::to_string(l.voxels * static_cast<std::uint64_t>(l.bytesPerVoxel)) +
                         " bytes of volume " + std::to_string(l.volumeIndex),
                     dataPath);
}

Result<VoxelBuffer> allocate(std::uint64_t voxels, const fs::path& path) {
    try {
        return VoxelBuffer(static_cast<std::size_t>(voxels));
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, "not enough memory for " + formatBytes(voxels * 4),
                         path);
    }
}

/// Runs decode(block) for every block of the volume on both cores, each block's statistics
/// kept apart and merged in block order (so the result does not depend on the scheduling).
/// Progress is reported from the calling thread only.
template <typename Decode>
Result<ValueStats> forEachBlock(const VoxelLayout& l, const LoadOptions& options,
                                const fs::path& dataPath, Decode&& decode) {
    const std::size_t blocks =
        static_cast<std::size_t>((l.voxels + kBlockVoxels - 1) / kBlockVoxels);
    std::vector<ValueStatsAccumulator> stats(blocks);
    std::vector<std::optional<Error>> failures(blocks);
    std::atomic<std::size_t> done{0};
    const auto caller = std::this_thread::get_id();
    dicom::parallelFor(
        blocks,
        [&](std::size_t b) {
            const std::uint64_t v0 = b * kBlockVoxels;
            const std::uint64_t n = std::min(kBlockVoxels, l.voxels - v0);
            failures[b] = decode(v0, n, stats[b]);
            const std::size_t finished = ++done;
            if (options.progress && std::this_thread::get_id() == caller) {
                options.progress(static_cast<double>(finished) / static_cast<double>(blocks),
                                 "Reading voxels");
            }
        },
        options.cancel);
    if (options.cancel && options.cancel->load()) {
        return makeError(ErrorCode::Cancelled, "loading was cancelled", dataPath);
    }
    ValueStatsAccumulator total;
    for (std::size_t b = 0; b < blocks; ++b) {
        if (failures[b]) {
            return *failures[b];
        }
        total.merge(stats[b]);
    }
    return total.result();
}

/// pread until `bytes` are read or the file ends; returns the bytes read (-1 on an error).
std::int64_t preadFully(int fd, void* dst, std::uint64_t bytes, std::uint64_t offset) {
    std::uint64_t got = 0;
    while (got < bytes) {
        const ssize_t r =
            pread(fd, static_cast<char*>(dst) + got, bytes - got, static_cast<off_t>(offset + got));
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            return -1;
        }
        if (r == 0) {
            break;
        }
        got += static_cast<std::uint64_t>(r);
    }
    return static_cast<std::int64_t>(got);
}

struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd >= 0) {
            close(fd);
        }
    }
};

/// Below this a mapping saves less than it costs (its own page-table work and guard slot).
constexpr std::uint64_t kMapThresholdVoxels = std::uint64_t{1} << 21;

/// The file's bytes are the values: a copy-on-write mapping of the file, its statistics
/// gathered on both cores while the pages come in. Empty when it cannot be mapped.
std::optional<Result<DecodedVoxels>> mapPlain(int fd, const fs::path& dataPath,
                                              const VoxelLayout& l, const LoadOptions& options) {
    if (!options.mapFiles || !storedAsIs(l) || l.voxels < kMapThresholdVoxels) {
        return std::nullopt;
    }
    std::optional<VoxelBuffer> mapped =
        VoxelBuffer::mapFile(fd, l.startByte, static_cast<std::size_t>(l.voxels), dataPath);
    if (!mapped) {
        return std::nullopt;
    }
    const float* values = mapped->data();
    auto stats = forEachBlock(
        l, options, dataPath,
        [&](std::uint64_t v0, std::uint64_t n, ValueStatsAccumulator& acc) -> std::optional<Error> {
            acc.add(values + v0, static_cast<std::size_t>(n));
            return std::nullopt;
        });
    if (!stats) {
        return Result<DecodedVoxels>(stats.error());
    }
    return Result<DecodedVoxels>(DecodedVoxels{std::move(*mapped), stats.value()});
}

/// Uncompressed: each block is one pread, into the buffer itself when the bytes are the values.
Result<DecodedVoxels> readPlain(const fs::path& dataPath, const VoxelLayout& l,
                                const LoadOptions& options) {
    const FdCloser file{open(dataPath.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) {
        return makeError(ErrorCode::ReadFailed, "cannot open the image data", dataPath);
    }
    if (auto mapped = mapPlain(file.fd, dataPath, l, options)) {
        return std::move(*mapped);
    }
    auto buffer = allocate(l.voxels, dataPath);
    if (!buffer) {
        return buffer.error();
    }
    float* out = buffer->data();
    const auto bpv = static_cast<std::uint64_t>(l.bytesPerVoxel);
    auto stats = forEachBlock(
        l, options, dataPath,
        [&](std::uint64_t v0, std::uint64_t n, ValueStatsAccumulator& acc) -> std::optional<Error> {
            thread_local std::vector<unsigned char> scratch;
            unsigned char* dst = reinterpret_cast<unsigned char*>(out + v0);
            if (!storedAsIs(l)) {
                scratch.resize(static_cast<std::size_t>(kBlockVoxels * bpv));
                dst = scratch.data();
            }
            const std::int64_t got = preadFully(file.fd, dst, n * bpv, l.startByte + v0 * bpv);
            if (got < 0) {
                return makeError(ErrorCode::ReadFailed,
                                 std::string("reading failed: ") + std::strerror(errno), dataPath);
            }
            if (static_cast<std::uint64_t>(got) != n * bpv) {
                return endsEarly(l, v0 * bpv + static_cast<std::uint64_t>(got), dataPath);
            }
            if (!storedAsIs(l)) {
                convertBlock(l, dst, static_cast<std::size_t>(n), out + v0);
            }
            acc.add(out + v0, static_cast<std::size_t>(n));
            return std::nullopt;
        });
    if (!stats) {
        return stats.error();
    }
    return DecodedVoxels{std::move(buffer.value()), stats.value()};
}

struct ZnzCloser {
    void operator()(znzptr* f) const {
        znzFile file = f;
        znzclose(file);
    }
};
using ZnzPtr = std::unique_ptr<znzptr, ZnzCloser>;

/// Compressed, streamed through zlib chunk by chunk: the fallback for gzip files whose trailer
/// does not state the header's size (several members, trailing data, damage).
Result<DecodedVoxels> readStreamed(const fs::path& dataPath, const VoxelLayout& l,
                                   const LoadOptions& options) {
    ZnzPtr file(znzopen(dataPath.c_str(), "rb", 1));
    if (!file) {
        return makeError(ErrorCode::ReadFailed, "cannot open the image data", dataPath);
    }
    if (znzseek(file.get(), static_cast<znz_off_t>(l.startByte), SEEK_SET) < 0) {
        return makeError(ErrorCode::TruncatedData,
                         "cannot seek to the voxel data at byte " + std::to_string(l.startByte),
                         dataPath);
    }
    auto buffer = allocate(l.voxels, dataPath);
    if (!buffer) {
        return buffer.error();
    }
    const auto bpv = static_cast<std::uint64_t>(l.bytesPerVoxel);
    std::vector<unsigned char> chunk(std::min<std::uint64_t>(kStreamChunkBytes, l.voxels * bpv));
    const std::size_t voxPerChunk = chunk.size() / static_cast<std::size_t>(bpv);
    ValueStatsAccumulator acc;
    for (std::uint64_t done = 0; done < l.voxels;) {
        if (options.cancel && options.cancel->load()) {
            return makeError(ErrorCode::Cancelled, "loading was cancelled", dataPath);
        }
        const auto n =
            static_cast<std::size_t>(std::min<std::uint64_t>(voxPerChunk, l.voxels - done));
        const std::size_t want = n * static_cast<std::size_t>(bpv);
        const std::size_t got = znzread(chunk.data(), 1, want, file.get());
        if (got != want) {
            return endsEarly(l, done * bpv + got, dataPath);
        }
        float* dst = buffer->data() + done;
        convertBlock(l, chunk.data(), n, dst);
        acc.add(dst, n);
        done += n;
        if (options.progress) {
            options.progress(static_cast<double>(done) / static_cast<double>(l.voxels),
                             "Reading voxels");
        }
    }
    return DecodedVoxels{std::move(buffer.value()), acc.result()};
}

/// The whole compressed file in memory, or nothing when it cannot be read in one go or is
/// larger than `maxBytes` (a compressed file is not much larger than its data: one padded
/// with gigabytes of trailing bytes is read streamed, in bounded memory).
std::optional<std::vector<unsigned char>> slurp(const fs::path& path, std::uint64_t maxBytes) {
    const FdCloser file{open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    std::error_code ec;
    const std::uint64_t size = fs::file_size(path, ec);
    if (file.fd < 0 || ec || size < 18 || size > maxBytes) {
        return std::nullopt;
    }
    std::vector<unsigned char> bytes;
    try {
        bytes.resize(static_cast<std::size_t>(size));
    } catch (const std::bad_alloc&) {
        return std::nullopt;
    }
    if (preadFully(file.fd, bytes.data(), size, 0) != static_cast<std::int64_t>(size)) {
        return std::nullopt;
    }
    return bytes;
}

struct DecompressorDeleter {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

/// Compressed: libdeflate inflates the whole file at once (twice as fast as zlib on the shared
/// .nii.gz files, docs/performance.md) when the gzip trailer's size (ISIZE, the size mod 2^32)
/// matches what the header declares; then the blocks are converted on both cores.
/// The fast path of readGzip; nothing when it does not apply (then every buffer it held is
/// released before the streamed path allocates its own).
std::optional<Result<DecodedVoxels>> inflateWhole(const fs::path& dataPath, const VoxelLayout& l,
                                                  const LoadOptions& options) {
    std::optional<std::vector<unsigned char>> packed =
        slurp(dataPath, l.totalBytes + l.totalBytes / 64 + (std::uint64_t{1} << 20));
    if (!packed) {
        return std::nullopt;
    }
    const unsigned char* t = packed->data() + packed->size() - 4;
    const std::uint32_t isize = static_cast<std::uint32_t>(t[0]) | (std::uint32_t{t[1]} << 8) |
                                (std::uint32_t{t[2]} << 16) | (std::uint32_t{t[3]} << 24);
    if (isize != static_cast<std::uint32_t>(l.totalBytes)) {
        return std::nullopt;
    }
    std::vector<unsigned char> plain;
    try {
        plain.resize(static_cast<std::size_t>(l.totalBytes));
    } catch (const std::bad_alloc&) {
        return std::nullopt;
    }
    const std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> inflater(
        libdeflate_alloc_decompressor());
    std::size_t produced = 0;
    if (!inflater ||
        libdeflate_gzip_decompress(inflater.get(), packed->data(), packed->size(), plain.data(),
                                   plain.size(), &produced) != LIBDEFLATE_SUCCESS ||
        produced != plain.size()) {
        return std::nullopt;
    }
    packed.reset();
    auto buffer = allocate(l.voxels, dataPath);
    if (!buffer) {
        return Result<DecodedVoxels>(buffer.error());
    }
    float* out = buffer->data();
    const auto bpv = static_cast<std::uint64_t>(l.bytesPerVoxel);
    auto stats = forEachBlock(
        l, options, dataPath,
        [&](std::uint64_t v0, std::uint64_t n, ValueStatsAccumulator& acc) -> std::optional<Error> {
            convertBlock(l, plain.data() + l.startByte + v0 * bpv, static_cast<std::size_t>(n),
                         out + v0);
            acc.add(out + v0, static_cast<std::size_t>(n));
            return std::nullopt;
        });
    if (!stats) {
        return Result<DecodedVoxels>(stats.error());
    }
    return Result<DecodedVoxels>(DecodedVoxels{std::move(buffer.value()), stats.value()});
}

Result<DecodedVoxels> readGzip(const fs::path& dataPath, const VoxelLayout& l,
                               const LoadOptions& options) {
    const std::uint64_t floatBytes = l.voxels * sizeof(float);
    if (l.totalBytes <= 2 * floatBytes + (std::uint64_t{64} << 20)) {
        if (auto whole = inflateWhole(dataPath, l, options)) {
            return std::move(*whole);
        }
    } // else many volumes: inflate only what is needed
    return readStreamed(dataPath, l, options);
}

} // namespace

Result<DecodedVoxels> readVoxels(const fs::path& dataPath, bool gz, const VoxelLayout& layout,
                                 const LoadOptions& options) {
    return gz ? readGzip(dataPath, layout, options) : readPlain(dataPath, layout, options);
}

} // namespace voxdiff::core::nifti
