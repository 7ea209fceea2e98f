// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace voxdiff::core {

/// Runs body(0..count-1) on every core (the calling thread included), each index once, in no
/// particular order. Stops handing out indices once `cancel` is set. When a thread cannot be
/// started (std::system_error: resource limits), the indices run on the threads that did start,
/// at worst all on the calling thread. If `body` throws, the other indices are abandoned,
/// every thread is joined, and the first exception is rethrown on the calling thread.
inline void parallelFor(std::size_t count, const std::function<void(std::size_t)>& body,
                        const std::atomic<bool>* cancel = nullptr) {
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    const std::size_t workers = std::min<std::size_t>({cores, count, 8});
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto run = [&] {
        try {
            for (std::size_t n = next++; n < count; n = next++) {
                if (cancel != nullptr && cancel->load()) {
                    return;
                }
                body(n);
            }
        } catch (...) {
            next = count; // the others stop at their next index
            const std::lock_guard<std::mutex> lock(failureMutex);
            if (!failure) {
                failure = std::current_exception();
            }
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) {
        try {
            threads.emplace_back(run);
        } catch (const std::system_error&) {
            break; // fewer threads: the calling thread takes what they would have done
        }
    }
    run();
    for (auto& t : threads) {
        t.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

/// How many blocks parallelBlocks makes of `count` items: one per core, at most 8, at most
/// count, at least 1.
inline std::size_t blockCount(std::size_t count) {
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    return std::max<std::size_t>(1, std::min<std::size_t>({cores, count, 8}));
}

/// Splits [0, count) into blockCount(count) contiguous blocks and runs fn(begin, end, block)
/// once for each, in parallel as parallelFor does (the calling thread included; every thread
/// joined before the first exception is rethrown). `block` numbers run from 0 to
/// blockCount(count) - 1, for per-block accumulators.
template <typename Fn> void parallelBlocks(std::size_t count, Fn&& fn) {
    const std::size_t blocks = blockCount(count);
    parallelFor(blocks, [&fn, count, blocks](std::size_t block) {
        fn(count * block / blocks, count * (block + 1) / blocks, block);
    });
}

} // namespace voxdiff::core
