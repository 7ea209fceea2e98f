#include "dicom/AbortGuard.h"

#include <csetjmp>
#include <csignal>
#include <mutex>

namespace voxdiff::core::dicom {

namespace {

thread_local sigjmp_buf* t_guard = nullptr;
struct sigaction g_previousHandler;

void onAbort(int signal) {
    if (t_guard != nullptr) {
        siglongjmp(*t_guard, 1);
    }
    // Not inside a guarded call: hand the signal to whoever handled it before us.
    sigaction(SIGABRT, &g_previousHandler, nullptr);
    std::raise(signal);
}

void installHandler() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction action {};
        action.sa_handler = onAbort;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_NODEFER;
        sigaction(SIGABRT, &action, &g_previousHandler);
    });
}

} // namespace

bool runCatchingAbort(const std::function<void()>& fn) {
    installHandler();
    sigjmp_buf here;
    sigjmp_buf* const outer = t_guard;
    if (sigsetjmp(here, 1) != 0) {
        t_guard = outer;
        return false;
    }
    t_guard = &here;
    fn();
    t_guard = outer;
    return true;
}

} // namespace voxdiff::core::dicom
