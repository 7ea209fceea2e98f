#include "voxdiff/BatchResult.h"

#include "../TextFormat.h"

namespace voxdiff::core {

namespace {

/// Escapes text for XML content or a double-quoted attribute; drops the control characters
/// XML 1.0 cannot carry; in attributes line breaks become character references.
std::string xmlEscape(const std::string& s, bool attribute) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += attribute ? "&quot;" : "\"";
            break;
        case '\n':
            out += attribute ? "&#10;" : "\n";
            break;
        case '\t':
            out += attribute ? "&#9;" : "\t";
            break;
        default:
            if (u >= 0x20 || c == '\r') {
                out += c;
            }
        }
    }
    return out;
}

std::string attr(const char* name, const std::string& value) {
    return std::string(" ") + name + "=\"" + xmlEscape(value, true) + "\"";
}

std::string seconds(double s) {
    return formatFixed(s, 3);
}

std::string caseBody(const BatchPairResult& r) {
    std::string detail = "first: " + r.first + "\nsecond: " + r.second + "\n";
    switch (r.outcome) {
    case PairOutcome::Pass:
        return "      <system-out>" + xmlEscape(r.verdict + ": " + r.verdictReason, false) +
               "</system-out>\n";
    case PairOutcome::Fail:
        return "      <failure" + attr("message", r.verdictReason) + attr("type", r.verdict) + ">" +
               xmlEscape(detail + "max |difference|: " + formatNumber(r.maxAbsDiff), false) +
               "</failure>\n";
    case PairOutcome::Error:
        return "      <error" + attr("message", r.errorMessage) + attr("type", r.errorCode) + ">" +
               xmlEscape(detail + "exit status: " + std::to_string(r.exitStatus), false) +
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
