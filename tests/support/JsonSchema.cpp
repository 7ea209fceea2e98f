// SPDX-License-Identifier: BSD-3-Clause
#include "JsonSchema.h"

namespace voxdiff::test {

namespace {

using core::Json;

std::string typeOf(const Json& v) {
    if (v.isNull())
        return "null";
    if (v.isBool())
        return "boolean";
    if (v.isNumber())
        return "number";
    if (v.isString())
        return "string";
    if (v.isArray())
        return "array";
    return "object";
}

bool sameValue(const Json& a, const Json& b) {
    return a.dump(-1) == b.dump(-1);
}

class Validator {
  public:
    explicit Validator(const Json& root) : m_root(root) {}

    void check(const Json& v, const Json& schema, const std::string& path) {
        if (schema.contains("$ref")) {
            const std::string ref = schema["$ref"].asString();
            const std::string prefix = "#/definitions/";
            if (ref.rfind(prefix, 0) != 0 ||
                !m_root["definitions"].contains(ref.substr(prefix.size()))) {
                m_errors.push_back(path + ": unresolvable $ref " + ref);
                return;
            }
            check(v, m_root["definitions"][ref.substr(prefix.size())], path);
            return;
        }
        if (schema.contains("type")) {
            const Json& t = schema["type"];
            bool ok = false;
            if (t.isString()) {
                ok = t.asString() == typeOf(v);
            } else {
                for (const auto& option : t.asArray()) {
                    ok = ok || option.asString() == typeOf(v);
                }
            }
            if (!ok) {
                m_errors.push_back(path + ": expected " + t.dump(-1) + ", found " + typeOf(v));
                return;
            }
        }
        if (schema.contains("enum")) {
            bool found = false;
            for (const auto& option : schema["enum"].asArray()) {
                found = found || sameValue(option, v);
            }
            if (!found) {
                m_errors.push_back(path + ": " + v.dump(-1) + " is not one of " +
                                   schema["enum"].dump(-1));
            }
        }
        if (v.isNumber()) {
            if (schema.contains("minimum") && v.asNumber() < schema["minimum"].asNumber()) {
                m_errors.push_back(path + ": below minimum");
            }
            if (schema.contains("maximum") && v.asNumber() > schema["maximum"].asNumber()) {
                m_errors.push_back(path + ": above maximum");
            }
        }
        if (v.isArray()) {
            if (schema.contains("minItems") &&
                v.size() < static_cast<std::size_t>(schema["minItems"].asNumber())) {
                m_errors.push_back(path + ": too few items");
            }
            if (schema.contains("maxItems") &&
                v.size() > static_cast<std::size_t>(schema["maxItems"].asNumber())) {
                m_errors.push_back(path + ": too many items");
            }
            if (schema.contains("items")) {
                for (std::size_t i = 0; i < v.size(); ++i) {
                    check(v[i], schema["items"], path + "[" + std::to_string(i) + "]");
                }
            }
        }
        if (v.isObject()) {
            if (schema.contains("required")) {
                for (const auto& key : schema["required"].asArray()) {
                    if (!v.contains(key.asString())) {
                        m_errors.push_back(path + ": missing required \"" + key.asString() + "\"");
                    }
                }
            }
            if (schema.contains("properties")) {
                for (const auto& [key, sub] : schema["properties"].asObject()) {
                    if (v.contains(key)) {
                        check(v[key], sub, path + "." + key);
                    }
                }
            }
        }
    }

    std::vector<std::string> m_errors;

  private:
    const Json& m_root;
};

} // namespace

std::vector<std::string> validateJson(const core::Json& document, const core::Json& schema) {
    Validator v(schema);
    v.check(document, schema, "$");
    return v.m_errors;
}

} // namespace voxdiff::test
