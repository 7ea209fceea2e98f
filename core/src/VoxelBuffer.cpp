// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/VoxelBuffer.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <system_error>
#include <thread>

namespace voxdiff::core {

namespace {

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 // Linux 5.14; older kernels refuse it and pages fault on first write
#endif

constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
/// Below this a buffer comes from malloc; above it, from its own huge-page mapping.
constexpr std::size_t kMapThresholdBytes = std::size_t{8} << 20;

/// Faults in [p, p + bytes) on two threads. On this kind of machine (a VM, where every page
/// fault costs a trip through the hypervisor) huge pages faulted in ahead halve the time of
/// filling 2 GiB (docs/performance.md).
void populate(char* p, std::size_t bytes) {
    const std::size_t half = (bytes / 2) / kHugePageBytes * kHugePageBytes;
    if (half == 0 || std::thread::hardware_concurrency() < 2) {
        madvise(p, bytes, MADV_POPULATE_WRITE);
        return;
    }
    try {
        std::thread other([p, half] { madvise(p, half, MADV_POPULATE_WRITE); });
        madvise(p + half, bytes - half, MADV_POPULATE_WRITE);
        other.join();
    } catch (const std::system_error&) {
        // No thread: the filling code faults the pages in itself.
    }
}

/// A mapping of at least `bytes`, aligned to a huge page so that all of it can use them.
char* mapAligned(std::size_t bytes, std::size_t& mappedBytes) {
    mappedBytes = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    const std::size_t span = mappedBytes + kHugePageBytes;
    void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        throw std::bad_alloc();
    }
    char* base = static_cast<char*>(raw);
    const std::size_t misalign = reinterpret_cast<std::uintptr_t>(base) % kHugePageBytes;
    const std::size_t head = misalign ? kHugePageBytes - misalign : 0;
    if (head > 0) {
        munmap(base, head);
    }
    const std::size_t tail = span - head - mappedBytes;
    if (tail > 0) {
        munmap(base + head + mappedBytes, tail);
    }
    char* p = base + head;
    madvise(p, mappedBytes, MADV_HUGEPAGE);
    populate(p, mappedBytes);
    return p;
}

} // namespace

VoxelBuffer::VoxelBuffer(std::size_t count) : m_size(count) {
    if (count == 0) {
        return;
    }
    if (count > SIZE_MAX / sizeof(float)) {
        throw std::bad_alloc();
    }
    const std::size_t bytes = count * sizeof(float);
    if (bytes >= kMapThresholdBytes) {
        m_data = reinterpret_cast<float*>(mapAligned(bytes, m_mappedBytes));
        return;
    }
    m_data = static_cast<float*>(std::malloc(bytes));
    if (m_data == nullptr) {
        throw std::bad_alloc();
    }
}

VoxelBuffer::VoxelBuffer(const std::vector<float>& values) : VoxelBuffer(values.size()) {
    std::copy(values.begin(), values.end(), m_data);
}

VoxelBuffer::VoxelBuffer(const VoxelBuffer& other) : VoxelBuffer(other.size()) {
    std::copy(other.begin(), other.end(), m_data);
}

VoxelBuffer::VoxelBuffer(VoxelBuffer&& other) noexcept
    : m_data(other.m_data), m_size(other.m_size), m_mappedBytes(other.m_mappedBytes) {
    other.m_data = nullptr;
    other.m_size = 0;
    other.m_mappedBytes = 0;
}

VoxelBuffer& VoxelBuffer::operator=(const VoxelBuffer& other) {
    if (this != &other) {
        *this = VoxelBuffer(other);
    }
    return *this;
}

VoxelBuffer& VoxelBuffer::operator=(VoxelBuffer&& other) noexcept {
    if (this != &other) {
        release();
        m_data = other.m_data;
        m_size = other.m_size;
        m_mappedBytes = other.m_mappedBytes;
        other.m_data = nullptr;
        other.m_size = 0;
        other.m_mappedBytes = 0;
    }
    return *this;
}

VoxelBuffer::~VoxelBuffer() {
    release();
}

void VoxelBuffer::release() noexcept {
    if (m_mappedBytes > 0) {
        munmap(m_data, m_mappedBytes);
    } else {
        std::free(m_data);
    }
    m_data = nullptr;
    m_size = 0;
    m_mappedBytes = 0;
}

bool operator==(const VoxelBuffer& a, const VoxelBuffer& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

} // namespace voxdiff::core
