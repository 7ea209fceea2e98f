// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "dicom/SeriesGrouping.h"
#include "voxdiff/LoadOptions.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core::dicom {

/// Reads the headers of files handed over one at a time, as a download delivers them, on a
/// thread of its own: the reading overlaps the arrival instead of following it. finish()
/// reads what is still waiting on every core and returns the headers in path order, as
/// readHeaders lists a folder, so the result does not depend on the order of arrival. When
/// no thread can be started, every file is read in finish().
class HeaderStream {
  public:
    HeaderStream();
    ~HeaderStream();
    HeaderStream(const HeaderStream&) = delete;
    HeaderStream& operator=(const HeaderStream&) = delete;

    void add(std::filesystem::path file);
    HeaderScan finish(const std::atomic<bool>* cancel);

  private:
    void run();
    void stop();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::filesystem::path> m_pending;
    std::vector<HeaderRead> m_read;
    bool m_stopping = false;
    std::thread m_thread;
};

/// The DICOM loader on headers already read (as loadDicom after its scan of `root`).
Result<Volume> loadDicomHeaders(const std::filesystem::path& root, HeaderScan headers,
                                const LoadOptions& options);

} // namespace voxdiff::core::dicom
