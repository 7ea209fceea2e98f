// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/DatasetValues.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>

#include <gdcmByteValue.h>
#include <gdcmDataElement.h>
#include <gdcmItem.h>
#include <gdcmSequenceOfItems.h>

#include "TextFormat.h"

namespace voxdiff::core::dicom {

namespace {

std::string trimmed(std::string s) {
    // DICOM pads text to even length with spaces (or NUL for UI).
    const auto keep = [](char c) { return c != ' ' && c != '\0' && c != '\r' && c != '\n'; };
    std::size_t b = 0;
    while (b < s.size() && !keep(s[b])) {
        ++b;
    }
    std::size_t e = s.size();
    while (e > b && !keep(s[e - 1])) {
        --e;
    }
    return s.substr(b, e - b);
}

} // namespace

std::optional<std::string> textOf(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    if (!ds.FindDataElement(tag)) {
        return std::nullopt;
    }
    const gdcm::DataElement& de = ds.GetDataElement(tag);
    const gdcm::ByteValue* bv = de.GetByteValue();
    if (bv == nullptr || bv->GetLength() == 0) {
        return std::nullopt;
    }
    std::string s = trimmed(std::string(bv->GetPointer(), bv->GetLength()));
    if (s.empty()) {
        return std::nullopt;
    }
    return s;
}

std::vector<double> numbersOf(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    std::vector<double> out;
    const auto text = textOf(ds, tag);
    if (!text) {
        return out;
    }
    std::size_t start = 0;
    while (start <= text->size()) {
        std::size_t end = text->find('\\', start);
        if (end == std::string::npos) {
            end = text->size();
        }
        const auto v = core::parseDecimal(trimmed(text->substr(start, end - start)));
        if (!v) {
            return {};
        }
        out.push_back(*v);
        start = end + 1;
    }
    return out;
}

std::optional<std::uint64_t> checkedProduct(std::initializer_list<std::uint64_t> factors) {
    std::uint64_t product = 1;
    for (const std::uint64_t f : factors) {
        if (__builtin_mul_overflow(product, f, &product)) {
            return std::nullopt;
        }
    }
    return product;
}

std::optional<double> numberOf(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    const auto values = numbersOf(ds, tag);
    if (values.empty()) {
        return std::nullopt;
    }
    return values.front();
}

std::optional<std::uint16_t> ushortOf(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    if (!ds.FindDataElement(tag)) {
        return std::nullopt;
    }
    const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
    if (bv == nullptr || bv->GetLength() < 2) {
        return std::nullopt;
    }
    std::uint16_t v = 0;
    std::memcpy(&v, bv->GetPointer(), 2);
    return v;
}

std::optional<std::int64_t> checkedInteger(double value, std::int64_t lo, std::int64_t hi) {
    // Compared as doubles first: converting an out-of-range double is undefined behaviour.
    if (!std::isfinite(value) || value < static_cast<double>(lo) ||
        value >= static_cast<double>(hi) + 1.0) {
        return std::nullopt;
    }
    const auto n = static_cast<std::int64_t>(value);
    return n < lo || n > hi ? std::nullopt : std::optional<std::int64_t>(n);
}

std::optional<std::int64_t> integerOf(const gdcm::DataSet& ds, const gdcm::Tag& tag,
                                      std::int64_t lo, std::int64_t hi) {
    const auto v = numberOf(ds, tag);
    return v ? checkedInteger(*v, lo, hi) : std::nullopt;
}

SequenceItem firstItemOf(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    SequenceItems all = itemsOf(ds, tag);
    if (all.empty()) {
        return {};
    }
    return SequenceItem{all.owner, all.items.front()};
}

SequenceItems itemsOf(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
    SequenceItems out;
    if (!ds.FindDataElement(tag)) {
        return out;
    }
    try {
        out.owner = ds.GetDataElement(tag).GetValueAsSQ();
    } catch (const std::exception&) {
        return out; // bytes that do not parse as a sequence: no items
    }
    if (!out.owner) {
        return out;
    }
    for (gdcm::SequenceOfItems::SizeType n = 1; n <= out.owner->GetNumberOfItems(); ++n) {
        out.items.push_back(&out.owner->GetItem(n).GetNestedDataSet());
    }
    return out;
}

std::optional<double> secondsOfDayOf(const std::string& tm) {
    std::string digits;
    std::size_t n = 0;
    for (; n < tm.size() && tm[n] != '.'; ++n) {
        if (std::isdigit(static_cast<unsigned char>(tm[n]))) {
            digits += tm[n];
        } else if (tm[n] != ':') {
            return std::nullopt;
        }
    }
    if (digits.size() < 2 || digits.size() % 2 != 0 || digits.size() > 6) {
        return std::nullopt;
    }
    const auto two = [&digits](std::size_t at) {
        return at < digits.size() ? (digits[at] - '0') * 10 + (digits[at + 1] - '0') : 0;
    };
    const int hours = two(0);
    const int minutes = two(2);
    const int wholeSeconds = two(4);
    if (hours > 23 || minutes > 59 || wholeSeconds > 60) {
        return std::nullopt;
    }
    double seconds = wholeSeconds;
    if (n < tm.size()) {
        // The fraction: up to 6 digits after the point (PS3.5 TM), nothing else.
        const std::string fraction = tm.substr(n + 1);
        if (fraction.size() > 6 || !std::all_of(fraction.begin(), fraction.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c)) != 0;
            })) {
            return std::nullopt;
        }
        double scale = 0.1;
        for (const char c : fraction) {
            seconds += (c - '0') * scale;
            scale /= 10.0;
        }
    }
    return hours * 3600.0 + minutes * 60.0 + seconds;
}

} // namespace voxdiff::core::dicom
