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

/// A small JSON value: enough to write reports and to read truth files and schemas.
/// Objects keep insertion order (reports read top to bottom as written).
class Json {
  public:
    using Array = std::vector<Json>;
    using Object = std::vector<std::pair<std::string, Json>>;

    Json() = default;                                         // null
    Json(std::nullptr_t) {}                                   // NOLINT
    Json(bool b) : m_value(b) {}                              // NOLINT
    Json(double d) : m_value(d) {}                            // NOLINT
    Json(int i) : m_value(static_cast<double>(i)) {}          // NOLINT
    Json(std::int64_t i) : m_value(static_cast<double>(i)) {} // NOLINT
    Json(std::size_t i) : m_value(static_cast<double>(i)) {}  // NOLINT
    Json(const char* s) : m_value(std::string(s)) {}          // NOLINT
    Json(std::string s) : m_value(std::move(s)) {}            // NOLINT
    Json(Array a) : m_value(std::move(a)) {}                  // NOLINT
    Json(Object o) : m_value(std::move(o)) {}                 // NOLINT

    static Json object() { return Json(Object{}); }
    static Json array() { return Json(Array{}); }

    bool isNull() const { return m_value.index() == 0; }
    bool isBool() const { return m_value.index() == 1; }
    bool isNumber() const { return m_value.index() == 2; }
    bool isString() const { return m_value.index() == 3; }
    bool isArray() const { return m_value.index() == 4; }
    bool isObject() const { return m_value.index() == 5; }

    bool asBool() const { return std::get<bool>(m_value); }
    double asNumber() const { return std::get<double>(m_value); }
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

    /// Serialises; indent < 0 gives one line. Non-finite numbers are written as null.
    std::string dump(int indent = 2) const;
    static Result<Json> parse(std::string_view text);

  private:
    void dumpTo(std::string& out, int indent, int depth) const;
    std::variant<std::nullptr_t, bool, double, std::string, Array, Object> m_value{nullptr};
};

} // namespace voxdiff::core
