// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/Json.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace voxdiff::core {

namespace {

using Ordered = nlohmann::ordered_json;

constexpr std::size_t kMaxDepth = 512;

const Json& nullJson() {
    static const Json kNull;
    return kNull;
}

// Builds a Json from nlohmann's SAX events, so that no intermediate tree is made and the rules
// nlohmann leaves to the caller (duplicate keys, depth, finite numbers) are checked here.
class JsonBuilder {
  public:
    bool null() { return add(Json()); }
    bool boolean(bool b) { return add(Json(b)); }
    bool number_integer(std::int64_t v) { return add(Json(v)); }
    bool number_unsigned(std::uint64_t v) { return add(Json(static_cast<std::size_t>(v))); }
    bool number_float(double v, const std::string& /*text*/) {
        if (!std::isfinite(v)) {
            return fail("number out of the range of a double");
        }
        return add(Json(v));
    }
    bool string(std::string& s) { return add(Json(std::move(s))); }
    bool binary(nlohmann::json::binary_t& /*bytes*/) { return fail("binary value"); }
    bool start_object(std::size_t /*elements*/) { return open(Json::object()); }
    bool key(std::string& k) {
        if (!m_keys.back().insert(k).second) {
            return fail("duplicate key \"" + k + "\"");
        }
        m_key = std::move(k);
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t /*elements*/) { return open(Json::array()); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t position, const std::string& /*token*/,
                     const nlohmann::detail::exception& e) {
        m_position = position;
        m_error = e.what();
        return false;
    }

    Json take() { return std::move(m_root); }
    const std::string& error() const { return m_error; }
    std::size_t position() const { return m_position; }
    void setPosition(std::size_t p) { m_position = p; }

  private:
    bool fail(std::string reason) {
        m_error = std::move(reason);
        return false;
    }
    // Containers on the stack are never moved: only the innermost open one grows.
    Json* place(Json v) {
        if (m_stack.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        Json& parent = *m_stack.back();
        if (parent.isArray()) {
            parent.asArray().push_back(std::move(v));
            return &parent.asArray().back();
        }
        parent.asObject().emplace_back(std::move(m_key), std::move(v));
        return &parent.asObject().back().second;
    }
    bool add(Json v) {
        place(std::move(v));
        return true;
    }
    bool open(Json container) {
        if (m_stack.size() >= kMaxDepth) {
            return fail("nesting deeper than " + std::to_string(kMaxDepth));
        }
        const bool isObject = container.isObject();
        m_stack.push_back(place(std::move(container)));
        if (isObject) {
            m_keys.emplace_back();
        }
        return true;
    }
    bool close() {
        if (m_stack.back()->isObject()) {
            m_keys.pop_back();
        }
        m_stack.pop_back();
        return true;
    }

    Json m_root;
    std::vector<Json*> m_stack;
    std::vector<std::unordered_set<std::string>> m_keys;
    std::string m_key;
    std::string m_error;
    std::size_t m_position = 0;
};

Ordered toOrdered(const Json& v) {
    if (v.isNull()) {
        return nullptr;
    }
    if (v.isBool()) {
        return v.asBool();
    }
    if (v.isInteger()) {
        return v.asNumber() < 0 ? Ordered(v.asInt64()) : Ordered(v.asUint64());
    }
    if (v.isNumber()) {
        const double d = v.asNumber();
        // Counts and whole millimetres read better without ".0"; nlohmann writes NaN as null.
        if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 1e15) {
            return static_cast<std::int64_t>(d);
        }
        return d;
    }
    if (v.isString()) {
        return v.asString();
    }
    if (v.isArray()) {
        Ordered out = Ordered::array();
        for (const auto& item : v.asArray()) {
            out.push_back(toOrdered(item));
        }
        return out;
    }
    Ordered out = Ordered::object();
    for (const auto& [key, item] : v.asObject()) {
        out[key] = toOrdered(item);
    }
    return out;
}

} // namespace

Json::Json(std::size_t i) {
    if (i <= static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())) {
        m_value = static_cast<std::int64_t>(i);
    } else {
        m_value = static_cast<std::uint64_t>(i);
    }
}

double Json::asNumber() const {
    if (m_value.index() == 3) {
        return static_cast<double>(std::get<std::int64_t>(m_value));
    }
    if (m_value.index() == 4) {
        return static_cast<double>(std::get<std::uint64_t>(m_value));
    }
    return std::get<double>(m_value);
}

std::int64_t Json::asInt64() const {
    return std::get<std::int64_t>(m_value); // uint64 holds only values above INT64_MAX
}

std::uint64_t Json::asUint64() const {
    if (m_value.index() == 4) {
        return std::get<std::uint64_t>(m_value);
    }
    const std::int64_t v = std::get<std::int64_t>(m_value);
    if (v < 0) {
        throw std::bad_variant_access();
    }
    return static_cast<std::uint64_t>(v);
}

Json& Json::operator[](std::string_view key) {
    if (isNull()) {
        m_value = Object{};
    }
    auto& o = asObject();
    for (auto& [k, v] : o) {
        if (k == key) {
            return v;
        }
    }
    o.emplace_back(std::string(key), Json());
    return o.back().second;
}

const Json& Json::operator[](std::string_view key) const {
    if (!isObject()) {
        return nullJson();
    }
    for (const auto& [k, v] : asObject()) {
        if (k == key) {
            return v;
        }
    }
    return nullJson();
}

bool Json::contains(std::string_view key) const {
    if (!isObject()) {
        return false;
    }
    for (const auto& kv : asObject()) {
        if (kv.first == key) {
            return true;
        }
    }
    return false;
}

std::size_t Json::size() const {
    if (isArray()) {
        return asArray().size();
    }
    if (isObject()) {
        return asObject().size();
    }
    return 0;
}

std::string Json::dump(int indent) const {
    std::string out = toOrdered(*this).dump(indent < 0 ? -1 : indent, ' ', false,
                                            Ordered::error_handler_t::replace);
    if (indent >= 0) {
        out += '\n';
    }
    return out;
}

Result<Json> Json::parse(std::string_view text) {
    JsonBuilder builder;
    bool ok = false;
    try {
        ok = Ordered::sax_parse(text, &builder, Ordered::input_format_t::json, true, false);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptHeader, std::string("invalid JSON: ") + e.what());
    }
    if (!ok) {
        return makeError(ErrorCode::CorruptHeader, "invalid JSON at offset " +
                                                       std::to_string(builder.position()) + ": " +
                                                       builder.error());
    }
    return builder.take();
}

} // namespace voxdiff::core
