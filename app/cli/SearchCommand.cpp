// SPDX-License-Identifier: BSD-3-Clause
// voxdiff-cli search SERVER_URL and voxdiff-cli series STUDY_URL: QIDO-RS listings of a
// DICOMweb server. Credentials come from the environment only (see docs/dicomweb.md).
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "Interactive.h"
#include "voxdiff/DicomWeb.h"
#include "voxdiff/ModelJson.h"
#include "voxdiff/Utf8.h"

namespace voxdiff::cli {

namespace {

bool isDateRange(const std::string& s) {
    int dashes = 0;
    int digits = 0;
    for (const char c : s) {
        dashes += c == '-' ? 1 : 0;
        digits += c >= '0' && c <= '9' ? 1 : 0;
    }
    return !s.empty() && dashes <= 1 && dashes + digits == static_cast<int>(s.size()) &&
           (digits == 8 || digits == 16);
}

core::Json seriesJson(const core::DicomWebUrl& server, const core::DicomWebSeries& s) {
    core::Json j = core::toJson(s);
    j["url"] = server.seriesUrl(s.studyUid, s.seriesUid);
    return j;
}

void printSeries(const core::DicomWebUrl& server, const core::DicomWebSeries& s,
                 const char* indent) {
    std::cout << indent << s.seriesUid << "  " << core::forTerminalLine(s.modality) << "  #"
              << s.seriesNumber << "  "
              << (s.instanceCount < 0 ? std::string("?") : std::to_string(s.instanceCount))
              << " instances  \"" << core::forTerminalLine(s.description) << "\"\n"
              << indent << "  " << server.seriesUrl(s.studyUid, s.seriesUid) << "\n";
}

int failWith(const core::Error& error) {
    std::cerr << "voxdiff-cli: error: " << error.describe() << "\n";
    return exitCodeFor(error.code);
}

core::DicomWebQuery queryFrom(const Args& args) {
    core::DicomWebQuery q;
    q.patientId = args.value("patient-id").value_or("");
    q.accessionNumber = args.value("accession").value_or("");
    q.studyDateRange = args.value("study-date").value_or("");
    q.modality = args.value("modality").value_or("");
    return q;
}

} // namespace

int runSearch(int argc, char** argv) {
    Args args(argc, argv, 2, {"patient-id", "accession", "study-date", "modality"}, {"json"});
    std::string problem = args.error();
    if (problem.empty() && args.positional().size() != 1) {
        problem = "expects one SERVER_URL";
    }
    if (problem.empty() && args.has("study-date") && !isDateRange(*args.value("study-date"))) {
        problem = "--study-date takes YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD";
    }
    if (!problem.empty()) {
        std::cerr << "voxdiff-cli search: " << problem
                  << "\nusage: voxdiff-cli search SERVER_URL [--patient-id ID] [--accession "
                     "NUMBER] [--study-date FROM-TO] [--modality MOD] [--json]\n";
        return kExitUsage;
    }
    auto server = core::parseDicomWebUrl(args.positional()[0]);
    if (!server) {
        return failWith(server.error());
    }
    const InterruptScope interrupt; // Ctrl-C ends a slow search cleanly (exit 10)
    core::DicomWebOptions options = core::dicomWebOptionsFromEnvironment();
    options.cancel = interrupt.flag();
    const core::DicomWebQuery query = queryFrom(args);
    auto studies = core::searchStudies(server.value(), query, options);
    if (!studies) {
        return failWith(studies.error());
    }
    core::Json out = core::Json::object();
    out["server"] = server->base;
    core::Json list = core::Json::array();
    for (const auto& study : studies.value()) {
        core::DicomWebUrl studyUrl = server.value();
        studyUrl.kind = core::DicomWebUrlKind::Study;
        studyUrl.studyUid = study.studyUid;
        auto series = core::searchSeries(studyUrl, query.modality, options);
        if (!series) {
            return failWith(series.error());
        }
        core::Json j = core::toJson(study);
        core::Json seriesList = core::Json::array();
        for (const auto& s : series.value()) {
            seriesList.push(seriesJson(server.value(), s));
        }
        j["series"] = std::move(seriesList);
        if (!args.has("json")) {
            // What the server sent may hold escape sequences: shown, never obeyed.
            std::cout << study.studyUid << "  patient \"" << core::forTerminalLine(study.patientId)
                      << "\" \"" << core::forTerminalLine(study.patientName) << "\"  "
                      << core::forTerminalLine(study.studyDate) << "  accession \""
                      << core::forTerminalLine(study.accessionNumber) << "\"  \""
                      << core::forTerminalLine(study.description) << "\"\n";
            for (const auto& s : series.value()) {
                printSeries(server.value(), s, "  ");
            }
        }
        list.push(std::move(j));
    }
    out["studies"] = std::move(list);
    if (args.has("json")) {
        std::cout << out.dump(2) << "\n";
    }
    return kExitOk;
}

int runSeriesOfStudy(const std::string& url, bool json) {
    auto study = core::parseDicomWebUrl(url);
    if (!study) {
        return failWith(study.error());
    }
    const InterruptScope interrupt;
    core::DicomWebOptions options = core::dicomWebOptionsFromEnvironment();
    options.cancel = interrupt.flag();
    auto series = core::searchSeries(study.value(), "", options);
    if (!series) {
        return failWith(series.error());
    }
    if (json) {
        core::Json out = core::Json::object();
        out["study"] = study->text();
        core::Json list = core::Json::array();
        for (const auto& s : series.value()) {
            list.push(seriesJson(study.value(), s));
        }
        out["series"] = std::move(list);
        std::cout << out.dump(2) << "\n";
    } else {
        for (const auto& s : series.value()) {
            printSeries(study.value(), s, "");
        }
    }
    return series->empty() ? kExitNoImage : kExitOk;
}

} // namespace voxdiff::cli
