// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "voxdiff/Result.h"

namespace voxdiff::core {

/// A JSON value: enough to write reports and to read truth files and schemas. Parsing and
/// writing go through nlohmann-json (kept out of this header).
/// Objects keep insertion order (reports read top to bottom as written).
/// Numbers are either integers (exact over the whole signed and unsigned 64-bit range) or
/// doubles; isNumber() and asNumber() serve both, isInteger() and asInt64()/asUint64() give
/// the exact integer.
class Json {
  public:
    using Array = std::vector<Json>;
    using Object = std::vector<std::pair<std::string, Json>>;

    Json() = default;                                      // null
    Json(std::nullptr_t) {}                                // NOLINT
    Json(bool b) : m_value(b) {}                           // NOLINT
    Json(double d) : m_value(d) {}                         // NOLINT
    Json(int i) : m_value(static_cast<std::int64_t>(i)) {} // NOLINT
    Json(std::int64_t i) : m_value(i) {}                   // NOLINT
    Json(std::size_t i);                                   // NOLINT
    Json(const char* s) : m_value(std::string(s)) {}       // NOLINT
    Json(std::string s) : m_value(std::move(s)) {}         // NOLINT
    Json(Array a) : m_value(std::move(a)) {}               // NOLINT
    Json(Object o) : m_value(std::move(o)) {}              // NOLINT

    static Json object() { return Json(Object{}); }
    static Json array() { return Json(Array{}); }

    bool isNull() const { return m_value.index() == 0; }
    bool isBool() const { return m_value.index() == 1; }
    bool isNumber() const { return m_value.index() >= 2 && m_value.index() <= 4; }
    /// A number held as an integer (written without a fraction, read without one).
    bool isInteger() const { return m_value.index() == 3 || m_value.index() == 4; }
    bool isString() const { return m_value.index() == 5; }
    bool isArray() const { return m_value.index() == 6; }
    bool isObject() const { return m_value.index() == 7; }

    bool asBool() const { return std::get<bool>(m_value); }
    /// Any number as a double (integers beyond 2^53 are rounded: use asInt64() for them).
    double asNumber() const;
    /// The exact integer; throws std::bad_variant_access unless isInteger() and it fits.
    std::int64_t asInt64() const;
    std::uint64_t asUint64() const;
    const std::string& asString() const { return std::get<std::string>(m_value); }
    const Array& asArray() const { return std::get<Array>(m_value); }
    Array& asArray() { return std::get<Array>(m_value); }
    const Object& asObject() const { return std::get<Object>(m_value); }
    Object& asObject() { return std::get<Object>(m_value); }

    /// Object member access; inserts null when missing (non-const) / returns null (const).
    Json& operator[](std::string_view key);
    const Json& operator[](std::string_view key) const;
    bool contains(std::string_view key) const;
    /// Array element access.
    const Json& operator[](std::size_t i) const { return asArray().at(i); }
    Json& operator[](std::size_t i) { return asArray().at(i); }
    std::size_t size() const;
    void push(Json v) { asArray().push_back(std::move(v)); }

    /// Serialises (UTF-8; an invalid byte sequence in a string becomes U+FFFD); indent < 0
    /// gives one line, indent >= 0 ends with a newline. Non-finite numbers are written as null;
    /// a double with an integral value below 1e15 is written without a fraction.
    std::string dump(int indent = 2) const;
    /// Strict RFC 8259 parsing: no comments, trailing commas, NaN/Infinity, invalid UTF-8,
    /// numbers out of the double range, duplicate keys in one object, or nesting deeper than
    /// 512. Errors: CorruptHeader naming the offset and the reason.
    static Result<Json> parse(std::string_view text);

  private:
    // Integers: int64 for every value that fits, uint64 only above INT64_MAX.
    std::variant<std::nullptr_t, bool, double, std::int64_t, std::uint64_t, std::string, Array,
                 Object>
        m_value{nullptr};
};

} // namespace voxdiff::core
