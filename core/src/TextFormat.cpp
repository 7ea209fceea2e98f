// SPDX-License-Identifier: BSD-3-Clause
#include "TextFormat.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace voxdiff::core {

std::string formatDims(const std::array<std::int64_t, 8>& dim) {
    std::string s;
    const std::int64_t n = std::max<std::int64_t>(1, std::min<std::int64_t>(7, dim[0]));
    for (std::int64_t d = 1; d <= n; ++d) {
        if (d > 1) {
            s += 'x';
        }
        s += std::to_string(dim[static_cast<std::size_t>(d)]);
    }
    return s;
}

std::string formatDims(const Index3& dims) {
    return std::to_string(dims[0]) + "x" + std::to_string(dims[1]) + "x" + std::to_string(dims[2]);
}

std::string formatBytes(std::uint64_t bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024.0 && u < 6) {
        v /= 1024.0;
        ++u;
    }
    if (u == 0) {
        return std::to_string(bytes) + " bytes";
    }
    return formatNumber(v, 3) + " " + units[u];
}

std::string formatNumber(double value, int significant) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general,
                                 std::clamp(significant, 1, 17));
    std::string s(buf, r.ec == std::errc() ? r.ptr : buf);
    if (s == "-0") {
        s = "0";
    }
    return s;
}

std::string formatFixed(double value, int decimals) {
    char buf[400]; // room for any double in fixed notation
    const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed,
                                 std::clamp(decimals, 0, 30));
    return std::string(buf, r.ec == std::errc() ? r.ptr : buf);
}

std::string formatFixedWidth(double value, int decimals, std::size_t width) {
    std::string s = formatFixed(value, decimals);
    if (s.size() < width) {
        s.insert(0, width - s.size(), ' ');
    }
    return s;
}

std::optional<double> parseDecimal(std::string_view text) {
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
    }
    double v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() ||
        !std::isfinite(v)) {
        return std::nullopt;
    }
    return v;
}

std::string formatVec(const Vec3& v, int significant) {
    return "(" + formatNumber(v[0], significant) + ", " + formatNumber(v[1], significant) + ", " +
           formatNumber(v[2], significant) + ")";
}

std::string trimmed(const std::string& s) {
    const char* ws = " \t\r\n\f\v";
    std::string t = s;
    const auto nul = t.find('\0');
    if (nul != std::string::npos) {
        t.resize(nul);
    }
    const auto b = t.find_first_not_of(ws);
    if (b == std::string::npos) {
        return {};
    }
    const auto e = t.find_last_not_of(ws);
    return t.substr(b, e - b + 1);
}

} // namespace voxdiff::core
