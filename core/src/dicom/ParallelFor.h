#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace voxdiff::core::dicom {

/// Runs body(0..count-1) on every core (the calling thread included), each index once, in no
/// particular order. `body` must not throw. Stops handing out indices once `cancel` is set.
inline void parallelFor(std::size_t count, const std::function<void(std::size_t)>& body,
                        const std::atomic<bool>* cancel = nullptr) {
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    const std::size_t workers = std::min<std::size_t>({cores, count, 8});
    std::atomic<std::size_t> next{0};
    auto run = [&] {
        for (std::size_t n = next++; n < count; n = next++) {
            if (cancel != nullptr && cancel->load()) {
                return;
            }
            body(n);
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) {
        threads.emplace_back(run);
    }
    run();
    for (auto& t : threads) {
        t.join();
    }
}

} // namespace voxdiff::core::dicom
