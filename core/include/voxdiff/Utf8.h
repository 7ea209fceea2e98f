// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace voxdiff::core {

/// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above
/// U+10FFFF).
bool isValidUtf8(std::string_view bytes);

/// `bytes` as well-formed UTF-8: every maximal ill-formed subsequence becomes U+FFFD (the
/// Unicode "maximal subpart" practice); well-formed input is returned unchanged. Every text that
/// VoxDiff writes (terminal, JSON, CSV, HTML) and that may come from a file or a path passes
/// through this function.
std::string toValidUtf8(std::string_view bytes);

/// `bytes` as one line of terminal text: toValidUtf8, then every control character (C0, DEL,
/// C1: line breaks, escape sequences a hostile file or server could send) as U+FFFD.
std::string forTerminalLine(std::string_view bytes);

/// A path as well-formed UTF-8 text (on Linux a path is bytes, in no particular encoding).
std::string pathToUtf8(const std::filesystem::path& path);

/// Appends the UTF-8 form of `codePoint` (U+FFFD for surrogates and values above U+10FFFF).
void appendUtf8(std::string& out, char32_t codePoint);

} // namespace voxdiff::core
