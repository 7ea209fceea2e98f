// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/BatchResult.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "../FileChecks.h"
#include "../TextFormat.h"
#include "voxdiff/ModelJson.h"

namespace voxdiff::core {

namespace {

constexpr PairOutcome kOutcomes[] = {PairOutcome::Pass, PairOutcome::Fail, PairOutcome::Error};

std::optional<PairOutcome> outcomeFromName(const std::string& name) {
    for (PairOutcome o : kOutcomes) {
        if (name == pairOutcomeName(o)) {
            return o;
        }
    }
    return std::nullopt;
}

std::optional<std::array<AxisMapEntry, 3>> axisMapFromJson(const Json& j) {
    if (!j.isArray() || j.size() != 3) {
        return std::nullopt;
    }
    std::array<AxisMapEntry, 3> map{};
    for (std::size_t a = 0; a < 3; ++a) {
        const Json& e = j[a];
        if (!e.isObject() || !e["axis"].isNumber() || !e["flipped"].isBool() ||
            !e["offset"].isNumber()) {
            return std::nullopt;
        }
        map[a] = {static_cast<int>(e["axis"].asNumber()), e["flipped"].asBool(),
                  static_cast<std::int64_t>(e["offset"].asNumber())};
    }
    return map;
}

std::string stringOr(const Json& j, const char* key) {
    return j[key].isString() ? j[key].asString() : std::string();
}

double numberOr(const Json& j, const char* key, double fallback) {
    return j[key].isNumber() ? j[key].asNumber() : fallback;
}

std::string csvCell(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) {
        return s;
    }
    std::string out = "\"";
    for (char c : s) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

} // namespace

const char* pairOutcomeName(PairOutcome outcome) {
    switch (outcome) {
    case PairOutcome::Pass:
        return "pass";
    case PairOutcome::Fail:
        return "fail";
    case PairOutcome::Error:
        return "error";
    }
    return "error";
}

PairOutcome outcomeOfVerdict(Verdict verdict) {
    switch (verdict) {
    case Verdict::Identical:
    case Verdict::Equivalent:
        return PairOutcome::Pass;
    case Verdict::Rescaled:
    case Verdict::Different:
        return PairOutcome::Fail;
    }
    return PairOutcome::Fail;
}

BatchSummary summarizeBatch(const std::vector<BatchPairResult>& results) {
    BatchSummary s;
    for (const auto& r : results) {
        ++s.total;
        s.seconds += r.seconds;
        switch (r.outcome) {
        case PairOutcome::Pass:
            ++s.passed;
            break;
        case PairOutcome::Fail:
            ++s.failed;
            break;
        case PairOutcome::Error:
            ++s.errors;
            break;
        }
        const std::string key = r.outcome == PairOutcome::Error ? "error" : r.verdict;
        auto it = std::find_if(s.byVerdict.begin(), s.byVerdict.end(),
                               [&](const auto& kv) { return kv.first == key; });
        if (it == s.byVerdict.end()) {
            s.byVerdict.emplace_back(key, 1);
        } else {
            ++it->second;
        }
    }
    return s;
}

Result<BatchPairResult> batchPairFromJson(const Json& j) {
    if (!j.isObject() || !j["name"].isString() || !j["outcome"].isString() ||
        !j["index"].isNumber() || !j["exit_status"].isNumber()) {
        return makeError(ErrorCode::InvalidArgument,
                         "not a batch result: name, index, outcome and exit_status are required");
    }
    const auto outcome = outcomeFromName(j["outcome"].asString());
    if (!outcome) {
        return makeError(ErrorCode::InvalidArgument,
                         "unknown outcome '" + j["outcome"].asString() + "'");
    }
    BatchPairResult r;
    r.name = j["name"].asString();
    r.index = static_cast<std::size_t>(j["index"].asNumber());
    r.lineNumber = static_cast<int>(numberOr(j, "line", 0));
    r.first = stringOr(j, "first");
    r.second = stringOr(j, "second");
    r.outcome = *outcome;
    r.verdict = stringOr(j, "verdict");
    r.reason = stringOr(j, "reason");
    r.verdictReason = stringOr(j, "verdict_reason");
    // A non-finite largest difference is written as null.
    r.maxAbsDiff = numberOr(j, "max_abs_diff", r.outcome == PairOutcome::Error ? 0.0 : NAN);
    r.sameGrid = j["same_grid"].isBool() && j["same_grid"].asBool();
    r.axisMap = axisMapFromJson(j["axis_map"]);
    r.exitStatus = static_cast<int>(j["exit_status"].asNumber());
    if (j["error"].isObject()) {
        r.errorCode = stringOr(j["error"], "code");
        r.errorMessage = stringOr(j["error"], "message");
    }
    r.seconds = numberOr(j, "seconds", 0.0);
    r.estimatedBytes = static_cast<std::uint64_t>(numberOr(j, "estimated_bytes", 0.0));
    return r;
}

std::string batchJsonLines(const std::vector<BatchPairResult>& results) {
    std::string out;
    for (const auto& r : results) {
        out += toJson(r).dump(-1);
        out += '\n';
    }
    return out;
}

Result<std::vector<BatchPairResult>> parseBatchJsonLines(const std::string& text) {
    std::vector<BatchPairResult> results;
    std::istringstream in(text);
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (trimmed(line).empty()) {
            continue;
        }
        auto json = Json::parse(line);
        auto result =
            json ? batchPairFromJson(json.value()) : Result<BatchPairResult>(json.error());
        if (!result) {
            return makeError(ErrorCode::InvalidArgument,
                             "line " + std::to_string(lineNumber) + ": " + result.error().message);
        }
        results.push_back(std::move(result.value()));
    }
    return results;
}

Result<std::vector<BatchPairResult>> readBatchJsonLines(const std::filesystem::path& path) {
    if (auto st = checkReadableFile(path); !st) {
        return st.error();
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = parseBatchJsonLines(text.str());
    if (!parsed) {
        Error e = parsed.error();
        e.file = path;
        return e;
    }
    return parsed;
}

std::string batchCsv(const std::vector<BatchPairResult>& results) {
    std::string out = "name,outcome,verdict,max_abs_diff,same_grid,exit_status,error_code,seconds,"
                      "line,first,second\n";
    for (const auto& r : results) {
        const bool compared = r.outcome != PairOutcome::Error;
        out += csvCell(r.name) + "," + pairOutcomeName(r.outcome) + "," + r.verdict + "," +
               (compared ? formatNumber(r.maxAbsDiff, 17) : "") + "," +
               (compared ? (r.sameGrid ? "true" : "false") : "") + "," +
               std::to_string(r.exitStatus) + "," + r.errorCode + "," + formatFixed(r.seconds, 3) +
               "," + std::to_string(r.lineNumber) + "," + csvCell(r.first) + "," +
               csvCell(r.second) + "\n";
    }
    return out;
}

} // namespace voxdiff::core
