// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <vector>

namespace voxdiff::core {

/// The float32 voxels of a volume, i fastest. Allocated without zero-filling: the code that
/// fills a buffer writes every value. Large buffers are mapped with transparent huge pages and
/// their pages are faulted in on both cores at allocation (a 4 KiB page fault per 4 KiB is what
/// made loading slow). Owns its memory; copies are deep. A buffer can also be a copy-on-write
/// mapping of a file that stores the values as they are (mapFile): no copy, no fresh pages.
class VoxelBuffer {
  public:
    using value_type = float;
    using iterator = float*;
    using const_iterator = const float*;

    VoxelBuffer() = default;
    /// `count` values whose contents are unspecified until written. Throws std::bad_alloc.
    explicit VoxelBuffer(std::size_t count);
    /// A copy of `values`.
    explicit VoxelBuffer(const std::vector<float>& values);
    VoxelBuffer(const VoxelBuffer& other);
    VoxelBuffer(VoxelBuffer&& other) noexcept;
    VoxelBuffer& operator=(const VoxelBuffer& other);
    VoxelBuffer& operator=(VoxelBuffer&& other) noexcept;
    ~VoxelBuffer();

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    float* data() { return m_data; }
    const float* data() const { return m_data; }
    float& operator[](std::size_t n) { return m_data[n]; }
    const float& operator[](std::size_t n) const { return m_data[n]; }
    float* begin() { return m_data; }
    float* end() { return m_data + m_size; }
    const float* begin() const { return m_data; }
    const float* end() const { return m_data + m_size; }
    std::span<const float> span() const { return {m_data, m_size}; }
    operator std::span<const float>() const { return span(); }

    /// The `count` float32 values stored in this machine's byte order at byte `offset` of the
    /// open file `fd`, mapped privately (writes change this buffer only, never the file). The
    /// pages are the page cache's own until written: nothing is copied or cleared. `file` is
    /// named in the message printed if another program truncates the file while it is mapped
    /// (setMappedFileTruncationExit). Empty when the file cannot be mapped so (offset not a
    /// multiple of 4, file too short, too many mappings, mmap refused): read it instead.
    static std::optional<VoxelBuffer> mapFile(int fd, std::uint64_t offset, std::size_t count,
                                              const std::filesystem::path& file);
    /// True when the values are a mapping of a file (mapFile).
    bool mapsFile() const { return m_slot >= 0; }

    /// Element-wise comparison (NaN != NaN, as for std::vector<float>).
    friend bool operator==(const VoxelBuffer& a, const VoxelBuffer& b);

  private:
    void release() noexcept;

    float* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_mappedBytes = 0; ///< > 0 when m_data comes from mmap
    void* m_mapBase = nullptr;     ///< the start of the mapping (before m_data for a file)
    int m_slot = -1;               ///< the truncation guard's slot of a file mapping
};

/// When a file mapped by VoxelBuffer::mapFile loses the mapped bytes (another program
/// truncated it), reading them raises SIGBUS. VoxDiff's handler then prints
/// "PROGRAM: error: FILE: the file was truncated by another program while it was being read
/// (truncated_data)" on standard error and ends the process with `status` (by default
/// "voxdiff" and 5, the CLI's status of truncated_data). Call once at start-up, before
/// loading; `program` must outlive the process (a string literal).
void setMappedFileTruncationExit(const char* program, int status);

} // namespace voxdiff::core
