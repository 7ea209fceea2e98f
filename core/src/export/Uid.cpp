// SPDX-License-Identifier: BSD-3-Clause
#include "export/Uid.h"

#include <algorithm>
#include <mutex>
#include <random>

namespace voxdiff::core::dicom_out {

namespace {
__extension__ typedef unsigned __int128 Uint128; // GCC and Clang; -Wpedantic knows it as such
} // namespace

std::string newUid() {
    static std::mutex mutex;
    static std::random_device device; // the kernel's generator: no seed to collide
    Uint128 value = 0;
    {
        const std::lock_guard<std::mutex> lock(mutex);
        for (int word = 0; word < 4; ++word) {
            value = (value << 32) | device();
        }
    }
    // RFC 4122 version 4, variant 1: as a UUID, the value is a proper random UUID.
    const Uint128 one = 1;
    value &= ~(static_cast<Uint128>(0xf) << 76);
    value |= static_cast<Uint128>(0x4) << 76;
    value &= ~(static_cast<Uint128>(0x3) << 62);
    value |= one << 63;
    std::string digits;
    do {
        digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
        value /= 10;
    } while (value != 0);
    std::reverse(digits.begin(), digits.end());
    return "2.25." + digits;
}

} // namespace voxdiff::core::dicom_out
