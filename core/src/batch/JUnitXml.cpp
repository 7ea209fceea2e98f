// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/BatchResult.h"

#include "../Markup.h"
#include "../TextFormat.h"

namespace voxdiff::core {

namespace {

std::string attr(const char* name, const std::string& value) {
    return std::string(" ") + name + "=\"" + escapeMarkup(value, MarkupPlace::Attribute) + "\"";
}

std::string seconds(double s) {
    return formatFixed(s, 3);
}

std::string caseBody(const BatchPairResult& r) {
    std::string detail = "first: " + r.first + "\nsecond: " + r.second + "\n";
    switch (r.outcome) {
    case PairOutcome::Pass:
        return "      <system-out>" +
               escapeMarkup(r.verdict + ": " + r.verdictReason, MarkupPlace::Content) +
               "</system-out>\n";
    case PairOutcome::Fail:
        return "      <failure" + attr("message", r.verdictReason) + attr("type", r.verdict) + ">" +
               escapeMarkup(detail + "max |difference|: " + formatNumber(r.maxAbsDiff),
                            MarkupPlace::Content) +
               "</failure>\n";
    case PairOutcome::Error:
        return "      <error" + attr("message", r.errorMessage) + attr("type", r.errorCode) + ">" +
               escapeMarkup(detail + "exit status: " + std::to_string(r.exitStatus),
                            MarkupPlace::Content) +
               "</error>\n";
    }
    return {};
}

} // namespace

std::string batchJUnitXml(const std::vector<BatchPairResult>& results,
                          const std::string& suiteName) {
    const BatchSummary s = summarizeBatch(results);
    const std::string counts = attr("tests", std::to_string(s.total)) +
                               attr("failures", std::to_string(s.failed)) +
                               attr("errors", std::to_string(s.errors));
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml +=
        "<testsuites" + attr("name", "voxdiff") + counts + attr("time", seconds(s.seconds)) + ">\n";
    xml += "  <testsuite" + attr("name", suiteName) + counts + attr("skipped", "0") +
           attr("time", seconds(s.seconds)) + ">\n";
    for (const auto& r : results) {
        xml += "    <testcase" + attr("name", r.name) + attr("classname", "voxdiff." + suiteName) +
               attr("time", seconds(r.seconds)) + ">\n";
        xml += caseBody(r);
        xml += "    </testcase>\n";
    }
    xml += "  </testsuite>\n</testsuites>\n";
    return xml;
}

} // namespace voxdiff::core
