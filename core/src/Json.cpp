#include "voxdiff/Json.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace voxdiff::core {

namespace {

const Json& nullJson() {
    static const Json kNull;
    return kNull;
}

void escapeTo(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

void numberTo(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    if (d == std::floor(d) && std::abs(d) < 1e15) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", d);
        out += buf;
        return;
    }
    // Shortest representation that round-trips.
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, res.ptr);
}

class Parser {
  public:
    explicit Parser(std::string_view t) : m_text(t) {}

    Result<Json> run() {
        Json v;
        if (!value(v, 0)) {
            return fail();
        }
        skipSpace();
        if (m_pos != m_text.size()) {
            m_error = "trailing characters";
            return fail();
        }
        return v;
    }

  private:
    Error fail() const {
        return makeError(ErrorCode::CorruptHeader,
                         "invalid JSON at offset " + std::to_string(m_pos) + ": " + m_error);
    }
    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' ||
                                         m_text[m_pos] == '\r' || m_text[m_pos] == '\t')) {
            ++m_pos;
        }
    }
    bool literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) == word) {
            m_pos += word.size();
            return true;
        }
        m_error = "unexpected token";
        return false;
    }
    bool value(Json& out, int depth) {
        if (depth > 512) {
            m_error = "nesting too deep";
            return false;
        }
        skipSpace();
        if (m_pos >= m_text.size()) {
            m_error = "unexpected end";
            return false;
        }
        const char c = m_text[m_pos];
        if (c == '{') {
            return object(out, depth);
        }
        if (c == '[') {
            return array(out, depth);
        }
        if (c == '"') {
            std::string s;
            if (!string(s)) {
                return false;
            }
            out = Json(std::move(s));
            return true;
        }
        if (c == 't') {
            out = Json(true);
            return literal("true");
        }
        if (c == 'f') {
            out = Json(false);
            return literal("false");
        }
        if (c == 'n') {
            out = Json();
            return literal("null");
        }
        if (c == 'N') { // Python's json writes NaN; accept it as null
            out = Json();
            return literal("NaN");
        }
        return number(out);
    }
    bool number(Json& out) {
        const std::size_t start = m_pos;
        if (m_text.substr(m_pos, 9) == "-Infinity") {
            m_pos += 9;
            out = Json(-INFINITY);
            return true;
        }
        if (m_text.substr(m_pos, 8) == "Infinity") {
            m_pos += 8;
            out = Json(INFINITY);
            return true;
        }
        while (m_pos < m_text.size() &&
               (std::isdigit(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '-' ||
                m_text[m_pos] == '+' || m_text[m_pos] == '.' || m_text[m_pos] == 'e' ||
                m_text[m_pos] == 'E')) {
            ++m_pos;
        }
        double d = 0.0;
        auto res = std::from_chars(m_text.data() + start, m_text.data() + m_pos, d);
        if (start == m_pos || res.ec != std::errc() || res.ptr != m_text.data() + m_pos) {
            m_error = "bad number";
            return false;
        }
        out = Json(d);
        return true;
    }
    bool hex4(unsigned& cp) {
        if (m_pos + 4 > m_text.size()) {
            m_error = "bad escape";
            return false;
        }
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            cp <<= 4;
            if (h >= '0' && h <= '9')
                cp |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f')
                cp |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                cp |= static_cast<unsigned>(h - 'A' + 10);
            else {
                m_error = "bad escape";
                return false;
            }
        }
        return true;
    }
    static void utf8(std::string& s, unsigned cp) {
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else if (cp < 0x800) {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += static_cast<char>(0xE0 | (cp >> 12));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            s += static_cast<char>(0xF0 | (cp >> 18));
            s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    bool string(std::string& s) {
        ++m_pos; // opening quote
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '"') {
                return true;
            }
            if (c != '\\') {
                s += c;
                continue;
            }
            if (m_pos >= m_text.size()) {
                break;
            }
            const char e = m_text[m_pos++];
            switch (e) {
            case '"':
                s += '"';
                break;
            case '\\':
                s += '\\';
                break;
            case '/':
                s += '/';
                break;
            case 'b':
                s += '\b';
                break;
            case 'f':
                s += '\f';
                break;
            case 'n':
                s += '\n';
                break;
            case 'r':
                s += '\r';
                break;
            case 't':
                s += '\t';
                break;
            case 'u': {
                unsigned cp = 0;
                if (!hex4(cp)) {
                    return false;
                }
                if (cp >= 0xD800 && cp < 0xDC00 && m_text.substr(m_pos, 2) == "\\u") {
                    m_pos += 2;
                    unsigned lo = 0;
                    if (!hex4(lo)) {
                        return false;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                utf8(s, cp);
                break;
            }
            default:
                m_error = "bad escape";
                return false;
            }
        }
        m_error = "unterminated string";
        return false;
    }
    bool array(Json& out, int depth) {
        ++m_pos;
        Json::Array a;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            out = Json(std::move(a));
            return true;
        }
        while (true) {
            Json v;
            if (!value(v, depth + 1)) {
                return false;
            }
            a.push_back(std::move(v));
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                out = Json(std::move(a));
                return true;
            }
            m_error = "expected , or ]";
            return false;
        }
    }
    bool object(Json& out, int depth) {
        ++m_pos;
        Json::Object o;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            out = Json(std::move(o));
            return true;
        }
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
                m_error = "expected key";
                return false;
            }
            std::string key;
            if (!string(key)) {
                return false;
            }
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
                m_error = "expected :";
                return false;
            }
            ++m_pos;
            Json v;
            if (!value(v, depth + 1)) {
                return false;
            }
            o.emplace_back(std::move(key), std::move(v));
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                out = Json(std::move(o));
                return true;
            }
            m_error = "expected , or }";
            return false;
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::string m_error;
};

} // namespace

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
    std::string out;
    dumpTo(out, indent, 0);
    if (indent >= 0) {
        out += '\n';
    }
    return out;
}

void Json::dumpTo(std::string& out, int indent, int depth) const {
    auto newline = [&](int d) {
        if (indent >= 0) {
            out += '\n';
            out.append(static_cast<std::size_t>(indent * d), ' ');
        }
    };
    switch (m_value.index()) {
    case 0:
        out += "null";
        break;
    case 1:
        out += asBool() ? "true" : "false";
        break;
    case 2:
        numberTo(out, asNumber());
        break;
    case 3:
        escapeTo(out, asString());
        break;
    case 4: {
        const auto& a = asArray();
        // Short arrays of numbers stay on one line (matrix rows, vectors).
        bool flat = a.size() <= 16;
        for (const auto& v : a) {
            flat = flat && (v.isNumber() || v.isNull() || v.isBool());
        }
        out += '[';
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (i) {
                out += flat ? ", " : ",";
            }
            if (!flat) {
                newline(depth + 1);
            }
            a[i].dumpTo(out, indent, depth + 1);
        }
        if (!flat && !a.empty()) {
            newline(depth);
        }
        out += ']';
        break;
    }
    case 5: {
        const auto& o = asObject();
        out += '{';
        for (std::size_t i = 0; i < o.size(); ++i) {
            if (i) {
                out += ',';
            }
            newline(depth + 1);
            escapeTo(out, o[i].first);
            out += indent >= 0 ? ": " : ":";
            o[i].second.dumpTo(out, indent, depth + 1);
        }
        if (!o.empty()) {
            newline(depth);
        }
        out += '}';
        break;
    }
    }
}

Result<Json> Json::parse(std::string_view text) {
    return Parser(text).run();
}

} // namespace voxdiff::core
