// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace voxdiff::cli {

/// Minimal command-line parsing: positional arguments, --flag and --option VALUE
/// (or --option=VALUE). Options that take a value are declared up front.
class Args {
  public:
    /// Parses argv[first..]; `valued` are the options that take a value, `flags` those that
    /// do not. Unknown options or a missing value set error().
    Args(int argc, char** argv, int first, const std::set<std::string>& valued,
         const std::set<std::string>& flags);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    const std::string& error() const { return m_error; }

  private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_values;
    std::string m_error;
};

/// Parses a number, or returns nullopt.
std::optional<double> parseDouble(const std::string& s);
std::optional<long long> parseInt(const std::string& s);

} // namespace voxdiff::cli
