// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/HeaderStream.h"

#include <algorithm>
#include <system_error>

#include "dicom/ParallelFor.h"

namespace voxdiff::core::dicom {

namespace fs = std::filesystem;

HeaderStream::HeaderStream() {
    try {
        m_thread = std::thread([this] { run(); });
    } catch (const std::system_error&) {
        // No thread: finish() reads every file.
    }
}

HeaderStream::~HeaderStream() {
    stop();
}

void HeaderStream::add(fs::path file) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_pending.push_back(std::move(file));
    }
    m_wake.notify_one();
}

void HeaderStream::run() {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_stopping || !m_pending.empty(); });
        if (m_stopping) {
            return;
        }
        fs::path file = std::move(m_pending.front());
        m_pending.pop_front();
        lock.unlock();
        HeaderRead read = readHeaderOf(file);
        lock.lock();
        m_read.push_back(std::move(read));
    }
}

void HeaderStream::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

HeaderScan HeaderStream::finish(const std::atomic<bool>* cancel) {
    stop(); // the thread ends after the file it is reading
    std::vector<fs::path> rest(m_pending.begin(), m_pending.end());
    m_pending.clear();
    const std::size_t before = m_read.size();
    m_read.resize(before + rest.size());
    parallelFor(
        rest.size(), [&](std::size_t n) { m_read[before + n] = readHeaderOf(rest[n]); }, cancel);
    std::sort(m_read.begin(), m_read.end(),
              [](const HeaderRead& a, const HeaderRead& b) { return a.file < b.file; });
    return classifyHeaders(m_read);
}

} // namespace voxdiff::core::dicom
