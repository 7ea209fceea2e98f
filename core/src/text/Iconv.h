// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace voxdiff::core::text {

/// What converting bytes to UTF-8 gave.
struct ConvertedText {
    std::string utf8;         ///< always well-formed
    bool replaced = false;    ///< some bytes were not valid in their encoding: U+FFFD stands there
    bool unavailable = false; ///< iconv cannot convert from this encoding: every byte above 0x7F
                              ///< became U+FFFD
};

/// `bytes`, encoded in `fromCode` (an iconv name such as "ISO-8859-7" or "EUC-JP"), converted to
/// UTF-8 by glibc's iconv. A unit iconv refuses becomes one U+FFFD and conversion goes on after
/// it: `unitBytes` bytes for encodings whose characters all have that length (the ISO 2022 sets
/// re-encoded as EUC), 1 for variable-width ones.
ConvertedText iconvToUtf8(const char* fromCode, std::string_view bytes, std::size_t unitBytes = 1);

/// Well-formed UTF-8 converted to `toCode`; each character that `toCode` lacks becomes
/// `replacement`.
std::string iconvFromUtf8(const char* toCode, std::string_view utf8, char replacement);

} // namespace voxdiff::core::text
