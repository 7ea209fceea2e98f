// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace voxdiff::core {

/// The float32 voxels of a volume, i fastest. Allocated without zero-filling: the code that
/// fills a buffer writes every value. Large buffers are mapped with transparent huge pages and
/// their pages are faulted in on both cores at allocation (a 4 KiB page fault per 4 KiB is what
/// made loading slow). Owns its memory; copies are deep.
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

    /// Element-wise comparison (NaN != NaN, as for std::vector<float>).
    friend bool operator==(const VoxelBuffer& a, const VoxelBuffer& b);

  private:
    void release() noexcept;

    float* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_mappedBytes = 0; ///< > 0 when m_data comes from mmap
};

} // namespace voxdiff::core
