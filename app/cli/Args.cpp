// SPDX-License-Identifier: BSD-3-Clause
#include "Args.h"

#include <charconv>

namespace voxdiff::cli {

Args::Args(int argc, char** argv, int first, const std::set<std::string>& valued,
           const std::set<std::string>& flags) {
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            m_positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (valued.count(name)) {
            if (inlineValue) {
                m_values[name] = *inlineValue;
            } else if (i + 1 < argc) {
                m_values[name] = argv[++i];
            } else {
                m_error = "option --" + name + " needs a value";
                return;
            }
        } else if (flags.count(name) && !inlineValue) {
            m_values[name] = "";
        } else {
            m_error = "unknown option --" + name;
            return;
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<double> parseDouble(const std::string& s) {
    double v = 0.0;
    auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

std::optional<long long> parseInt(const std::string& s) {
    long long v = 0;
    auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

} // namespace voxdiff::cli
