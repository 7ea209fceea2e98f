// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/SiemensCsa.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace voxdiff::core::dicom {

namespace {

/// Far more than any scanner writes (about 100 elements, a few items each).
constexpr std::uint32_t kMaxElements = 1000;
constexpr std::uint32_t kMaxItems = 1000;
constexpr std::size_t kNameBytes = 64;
/// name, vm, vr[4], syngodt, nitems, xx: the header of one element.
constexpr std::size_t kElementHeaderBytes = kNameBytes + 4 + 4 + 4 + 4 + 4;

/// A cursor over the CSA bytes that refuses to read past them.
class Cursor {
  public:
    Cursor(const char* bytes, std::size_t size) : m_bytes(bytes), m_size(size) {}
    bool has(std::size_t n) const { return n <= m_size - m_pos; }
    bool skip(std::size_t n) {
        if (!has(n)) {
            return false;
        }
        m_pos += n;
        return true;
    }
    bool i32(std::int32_t& out) {
        if (!has(4)) {
            return false;
        }
        std::memcpy(&out, m_bytes + m_pos, 4); // little endian, as Siemens writes it
        m_pos += 4;
        return true;
    }
    const char* here() const { return m_bytes + m_pos; }

  private:
    const char* m_bytes;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

/// The numbers in one item's text ("1.5", "0.0\0", "12 ").
void appendNumbers(const char* text, std::size_t length, std::vector<double>& out) {
    const char* p = text;
    const char* const last = text + strnlen(text, length);
    while (p < last) {
        while (p < last && (*p == ' ' || *p == '\t' || *p == '+')) {
            ++p;
        }
        double v = 0;
        const auto r = std::from_chars(p, last, v); // locale-free, unlike strtod
        if (r.ec != std::errc() || r.ptr == p) {
            return;
        }
        out.push_back(v);
        p = r.ptr;
    }
}

} // namespace

std::vector<double> csaNumbers(const char* bytes, std::size_t size, const std::string& name) {
    std::vector<double> out;
    Cursor c(bytes, size);
    const bool csa2 = size >= 8 && std::memcmp(bytes, "SV10", 4) == 0;
    if (csa2 && !c.skip(8)) {
        return {};
    }
    std::int32_t elements = 0, check = 0;
    if (!c.i32(elements) || !c.i32(check) || elements <= 0 ||
        static_cast<std::uint32_t>(elements) > kMaxElements) {
        return {};
    }
    std::int32_t firstItems = 0; // CSA1 item lengths are offset by element 1's item count
    for (std::int32_t e = 0; e < elements; ++e) {
        if (!c.has(kElementHeaderBytes)) {
            return {};
        }
        const std::string elementName(c.here(), strnlen(c.here(), kNameBytes));
        std::int32_t vm = 0, syngodt = 0, items = 0, xx = 0;
        c.skip(kNameBytes);
        if (!c.i32(vm) || !c.skip(4) || !c.i32(syngodt) || !c.i32(items) || !c.i32(xx) ||
            items < 0 || static_cast<std::uint32_t>(items) > kMaxItems) {
            return {};
        }
        if (e == 1) {
            firstItems = items;
        }
        const bool wanted = elementName == name;
        for (std::int32_t i = 0; i < items; ++i) {
            std::int32_t x[4] = {};
            if (!c.i32(x[0]) || !c.i32(x[1]) || !c.i32(x[2]) || !c.i32(x[3])) {
                return {};
            }
            const std::int64_t length = csa2 ? std::int64_t{x[1]} : std::int64_t{x[0]} - firstItems;
            if (length < 0 || !c.has(static_cast<std::size_t>(length))) {
                return wanted ? out : std::vector<double>{};
            }
            if (wanted && (vm == 0 || i < vm)) {
                appendNumbers(c.here(), static_cast<std::size_t>(length), out);
            }
            // Items are padded to 4 bytes.
            const std::size_t padded = (static_cast<std::size_t>(length) + 3) / 4 * 4;
            if (!c.skip(padded)) {
                return wanted ? out : std::vector<double>{};
            }
        }
        if (wanted) {
            return out;
        }
    }
    return {};
}

} // namespace voxdiff::core::dicom
