// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/VoxelBuffer.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <system_error>
#include <thread>

#include "voxdiff/Error.h"

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

// The truncation guard of file mappings. A mapped file that another program truncates makes
// the next read of a lost page raise SIGBUS; the handler finds the mapping in these slots and
// ends the process with a message naming the file, instead of a crash. Only async-signal-safe
// work in the handler: atomic loads, write(2), _exit.
constexpr int kGuardSlots = 64;
constexpr std::size_t kGuardMessageBytes = 1536;

struct GuardSlot {
    std::atomic<bool> used{false};
    std::atomic<std::uintptr_t> begin{0};
    std::atomic<std::uintptr_t> end{0};
    char message[kGuardMessageBytes];
    std::size_t length = 0;
};

GuardSlot g_guard[kGuardSlots];
std::atomic<const char*> g_guardProgram{"voxdiff"};
std::atomic<int> g_guardStatus{5};
struct sigaction g_previousBus;
std::once_flag g_guardInstalled;

void onBusError(int sig, siginfo_t* info, void* context) {
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (GuardSlot& slot : g_guard) {
        if (slot.begin.load(std::memory_order_acquire) <= address &&
            address < slot.end.load(std::memory_order_acquire)) {
            const ssize_t ignored = write(STDERR_FILENO, slot.message, slot.length);
            (void)ignored;
            _exit(g_guardStatus.load());
        }
    }
    // Not a mapped file: whatever handled SIGBUS before (a sanitizer), else the default.
    if ((g_previousBus.sa_flags & SA_SIGINFO) != 0 && g_previousBus.sa_sigaction != nullptr) {
        g_previousBus.sa_sigaction(sig, info, context);
        return;
    }
    if (g_previousBus.sa_handler != SIG_DFL && g_previousBus.sa_handler != SIG_IGN) {
        g_previousBus.sa_handler(sig);
        return;
    }
    signal(SIGBUS, SIG_DFL); // the faulting read runs again and ends the process as before
}

void installGuard() {
    std::call_once(g_guardInstalled, [] {
        struct sigaction action {};
        action.sa_sigaction = onBusError;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        sigaction(SIGBUS, &action, &g_previousBus);
    });
}

/// A free slot guarding [begin, end) of `file`, or -1 when all are taken.
int claimGuard(std::uintptr_t begin, std::uintptr_t end, const std::filesystem::path& file) {
    for (int n = 0; n < kGuardSlots; ++n) {
        bool expected = false;
        if (!g_guard[n].used.compare_exchange_strong(expected, true)) {
            continue;
        }
        const Error error{ErrorCode::TruncatedData,
                          "the file was truncated by another program while it was being read "
                          "(truncated_data)",
                          file,
                          {}};
        std::string text =
            std::string(g_guardProgram.load()) + ": error: " + error.describe() + "\n";
        text.resize(std::min(text.size(), kGuardMessageBytes));
        std::memcpy(g_guard[n].message, text.data(), text.size());
        g_guard[n].length = text.size();
        g_guard[n].begin.store(begin, std::memory_order_release);
        g_guard[n].end.store(end, std::memory_order_release);
        return n;
    }
    return -1;
}

void releaseGuard(int n) {
    g_guard[n].end.store(0, std::memory_order_release);
    g_guard[n].begin.store(0, std::memory_order_release);
    g_guard[n].used.store(false, std::memory_order_release);
}

} // namespace

void setMappedFileTruncationExit(const char* program, int status) {
    g_guardProgram.store(program);
    g_guardStatus.store(status);
}

std::optional<VoxelBuffer> VoxelBuffer::mapFile(int fd, std::uint64_t offset, std::size_t count,
                                                const std::filesystem::path& file) {
    struct stat st {};
    if (count == 0 || count > SIZE_MAX / sizeof(float) || offset % alignof(float) != 0 ||
        fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return std::nullopt;
    }
    const std::uint64_t bytes = std::uint64_t{count} * sizeof(float);
    if (static_cast<std::uint64_t>(st.st_size) < offset ||
        static_cast<std::uint64_t>(st.st_size) - offset < bytes) {
        return std::nullopt;
    }
    const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    const std::uint64_t start = offset / page * page;
    const std::size_t length = static_cast<std::size_t>(offset - start + bytes);
    installGuard();
    // Writable but private: a write copies that page for this buffer; the file never changes.
    void* base =
        mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, static_cast<off_t>(start));
    if (base == MAP_FAILED) {
        return std::nullopt;
    }
    const auto first = reinterpret_cast<std::uintptr_t>(base);
    const int slot = claimGuard(first, first + length, file);
    if (slot < 0) {
        munmap(base, length);
        return std::nullopt;
    }
    madvise(base, length, MADV_SEQUENTIAL);
    VoxelBuffer buffer;
    buffer.m_mapBase = base;
    buffer.m_mappedBytes = length;
    buffer.m_slot = slot;
    buffer.m_data = reinterpret_cast<float*>(static_cast<char*>(base) + (offset - start));
    buffer.m_size = count;
    return buffer;
}

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
        m_mapBase = m_data;
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
    : m_data(other.m_data), m_size(other.m_size), m_mappedBytes(other.m_mappedBytes),
      m_mapBase(other.m_mapBase), m_slot(other.m_slot) {
    other.m_data = nullptr;
    other.m_size = 0;
    other.m_mappedBytes = 0;
    other.m_mapBase = nullptr;
    other.m_slot = -1;
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
        m_mapBase = other.m_mapBase;
        m_slot = other.m_slot;
        other.m_data = nullptr;
        other.m_size = 0;
        other.m_mappedBytes = 0;
        other.m_mapBase = nullptr;
        other.m_slot = -1;
    }
    return *this;
}

VoxelBuffer::~VoxelBuffer() {
    release();
}

void VoxelBuffer::release() noexcept {
    if (m_mappedBytes > 0) {
        munmap(m_mapBase, m_mappedBytes);
    } else {
        std::free(m_data);
    }
    if (m_slot >= 0) {
        releaseGuard(m_slot);
    }
    m_data = nullptr;
    m_size = 0;
    m_mappedBytes = 0;
    m_mapBase = nullptr;
    m_slot = -1;
}

bool operator==(const VoxelBuffer& a, const VoxelBuffer& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

} // namespace voxdiff::core
