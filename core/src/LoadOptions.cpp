// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/LoadOptions.h"

#include <unistd.h>

namespace voxdiff::core {

std::uint64_t volumeBudgetBytes(const LoadOptions& options) {
    return options.maxVolumeBytes != 0 ? options.maxVolumeBytes : defaultMaxVolumeBytes();
}

std::uint64_t defaultMaxVolumeBytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0) {
        return std::uint64_t{4} << 30;
    }
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(pageSize) / 2;
}

} // namespace voxdiff::core
