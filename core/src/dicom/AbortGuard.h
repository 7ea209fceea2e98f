#pragma once

#include <functional>

namespace voxdiff::core::dicom {

/// Runs `fn` and returns true; returns false instead if `fn` calls abort().
///
/// Why: GDCM as Debian packages it keeps its assert()s, and some malformed files trip them
/// (found by fuzzing), which would end the whole program. POSIX lets a SIGABRT handler that does
/// not return stop abort(); the handler jumps back here on the thread that aborted. What `fn`
/// had allocated is leaked, so keep everything the third-party code touches inside `fn`.
/// Aborts outside a guarded call behave as before (the previous handler runs).
bool runCatchingAbort(const std::function<void()>& fn);

} // namespace voxdiff::core::dicom
