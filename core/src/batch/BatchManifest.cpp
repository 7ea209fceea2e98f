// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/BatchManifest.h"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../FileChecks.h"
#include "../TextFormat.h"

namespace voxdiff::core {

namespace fs = std::filesystem;

namespace {

constexpr std::array<const char*, 8> kColumns = {"name",         "first",         "second",
                                                 "tolerance",    "rel_tolerance", "suv",
                                                 "series_first", "series_second"};
constexpr std::array<const char*, 3> kRequiredColumns = {"name", "first", "second"};

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, '\t')) {
        cells.push_back(trimmed(cell));
    }
    if (!line.empty() && line.back() == '\t') {
        cells.emplace_back();
    }
    return cells;
}

bool skippedLine(const std::string& line) {
    const std::string t = trimmed(line);
    return t.empty() || t[0] == '#';
}

Error lineError(int lineNumber, const std::string& what, const fs::path& manifestPath) {
    return makeError(ErrorCode::InvalidArgument,
                     "manifest line " + std::to_string(lineNumber) + ": " + what, manifestPath);
}

/// Column name -> cell index, from the header line.
Result<std::map<std::string, std::size_t>> parseHeader(const std::string& line, int lineNumber,
                                                       const fs::path& manifestPath) {
    const std::set<std::string> known(kColumns.begin(), kColumns.end());
    std::map<std::string, std::size_t> columns;
    const auto cells = splitTabs(line);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (known.count(cells[i]) == 0) {
            return lineError(lineNumber, "unknown column '" + cells[i] + "' in the header",
                             manifestPath);
        }
        if (!columns.emplace(cells[i], i).second) {
            return lineError(lineNumber, "column '" + cells[i] + "' appears twice", manifestPath);
        }
    }
    for (const char* required : kRequiredColumns) {
        if (columns.count(required) == 0) {
            return lineError(lineNumber,
                             std::string("the header lacks the required column '") + required +
                                 "' (name, first and second are required; columns are "
                                 "separated by tabs)",
                             manifestPath);
        }
    }
    return columns;
}

/// Keeps absolute paths and URLs; resolves the rest against the manifest's folder.
fs::path resolveInput(const std::string& cell, const fs::path& manifestPath) {
    const fs::path p(cell);
    if (p.is_absolute() || cell.find("://") != std::string::npos) {
        return p;
    }
    return manifestPath.parent_path() / p;
}

std::optional<double> parseTolerance(const std::string& cell) {
    const auto v = parseDecimal(cell);
    if (!v || *v < 0) {
        return std::nullopt;
    }
    return v;
}

std::optional<bool> parseFlag(const std::string& cell) {
    static const std::map<std::string, bool> kWords = {
        {"", false}, {"0", false},  {"no", false}, {"false", false},
        {"1", true}, {"yes", true}, {"true", true}};
    const auto it = kWords.find(cell);
    return it == kWords.end() ? std::nullopt : std::optional<bool>(it->second);
}

class RowParser {
  public:
    RowParser(const std::map<std::string, std::size_t>& columns, const fs::path& manifestPath)
        : m_columns(columns), m_manifestPath(manifestPath) {}

    BatchRow parse(const std::string& line, int lineNumber, std::size_t index) {
        BatchRow row;
        row.index = index;
        row.lineNumber = lineNumber;
        m_cells = splitTabs(line);
        BatchPair pair;
        pair.name = cell("name");
        row.name = pair.name;
        auto problem = fill(pair);
        if (!problem && !m_names.insert(pair.name).second) {
            problem = "the name '" + pair.name + "' is used by an earlier row";
        }
        if (problem) {
            row.problem = lineError(lineNumber, *problem, m_manifestPath);
        } else {
            row.pair = std::move(pair);
        }
        return row;
    }

  private:
    std::string cell(const char* column) const {
        const auto it = m_columns.find(column);
        if (it == m_columns.end() || it->second >= m_cells.size()) {
            return {};
        }
        return m_cells[it->second];
    }

    std::optional<std::string> fill(BatchPair& pair) const {
        if (m_cells.size() > m_columns.size()) {
            return std::to_string(m_cells.size()) + " cells but the header names " +
                   std::to_string(m_columns.size()) + " columns";
        }
        if (pair.name.empty()) {
            return std::string("the name cell is empty");
        }
        for (const char* side : {"first", "second"}) {
            if (cell(side).empty()) {
                return std::string("the ") + side + " cell is empty";
            }
        }
        pair.first = resolveInput(cell("first"), m_manifestPath);
        pair.second = resolveInput(cell("second"), m_manifestPath);
        const std::pair<const char*, std::optional<double>*> tolerances[] = {
            {"tolerance", &pair.absTolerance}, {"rel_tolerance", &pair.relTolerance}};
        for (const auto& [column, target] : tolerances) {
            const std::string text = cell(column);
            if (text.empty()) {
                continue;
            }
            *target = parseTolerance(text);
            if (!*target) {
                return std::string(column) + " '" + text + "' is not a non-negative number";
            }
        }
        const auto suv = parseFlag(cell("suv"));
        if (!suv) {
            return "suv '" + cell("suv") + "' is not one of 1, 0, yes, no, true, false";
        }
        pair.suv = *suv;
        pair.seriesFirst = cell("series_first");
        pair.seriesSecond = cell("series_second");
        return std::nullopt;
    }

    const std::map<std::string, std::size_t>& m_columns;
    const fs::path& m_manifestPath;
    std::vector<std::string> m_cells;
    std::set<std::string> m_names;
};

} // namespace

std::string BatchRow::displayName() const {
    return name.empty() ? "line " + std::to_string(lineNumber) : name;
}

Result<BatchManifest> parseBatchManifestText(const std::string& text,
                                             const fs::path& manifestPath) {
    BatchManifest manifest;
    manifest.path = manifestPath;
    std::istringstream in(text);
    std::string line;
    int lineNumber = 0;
    std::optional<RowParser> rows;
    std::map<std::string, std::size_t> columns;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (skippedLine(line)) {
            continue;
        }
        if (!rows) {
            auto header = parseHeader(line, lineNumber, manifestPath);
            if (!header) {
                return header.error();
            }
            columns = std::move(header.value());
            rows.emplace(columns, manifest.path);
            continue;
        }
        manifest.rows.push_back(rows->parse(line, lineNumber, manifest.rows.size()));
    }
    if (!rows) {
        return makeError(ErrorCode::InvalidArgument,
                         "the manifest has no header line (name, first, second, separated by "
                         "tabs)",
                         manifestPath);
    }
    return manifest;
}

Result<BatchManifest> parseBatchManifest(const fs::path& manifestPath) {
    if (auto st = checkReadableFile(manifestPath); !st) {
        return st.error();
    }
    std::ifstream in(manifestPath, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
        return makeError(ErrorCode::ReadFailed, "cannot read the manifest", manifestPath);
    }
    return parseBatchManifestText(text.str(), manifestPath);
}

} // namespace voxdiff::core
