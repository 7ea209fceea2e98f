// SPDX-License-Identifier: BSD-3-Clause
#include "Qido.h"

#include <strings.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "HttpClient.h"
#include "InstanceCache.h"

namespace voxdiff::core {

namespace dicomweb {

namespace {

constexpr const char* kDicomJson = "application/dicom+json, application/json";

std::string numberText(double d) {
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
        return std::to_string(static_cast<long long>(d));
    }
    return std::to_string(d);
}

std::string valueText(const Json& v) {
    if (v.isString()) {
        return v.asString();
    }
    if (v.isNumber()) {
        return numberText(v.asNumber());
    }
    if (v.isObject() && v["Alphabetic"].isString()) {
        return v["Alphabetic"].asString();
    }
    return {};
}

} // namespace

std::string dicomJsonString(const Json& dataset, const char* tagHex) {
    if (!dataset.isObject()) {
        return {};
    }
    const Json& element = dataset[tagHex];
    if (!element.isObject() || !element["Value"].isArray()) {
        return {};
    }
    std::string out;
    for (const Json& v : element["Value"].asArray()) {
        if (!out.empty()) {
            out += '\\';
        }
        out += valueText(v);
    }
    return out;
}

std::int64_t dicomJsonInteger(const Json& dataset, const char* tagHex, std::int64_t fallback) {
    if (!dataset.isObject()) {
        return fallback;
    }
    const Json& element = dataset[tagHex];
    if (!element.isObject() || !element["Value"].isArray() || element["Value"].size() == 0) {
        return fallback;
    }
    const Json& v = element["Value"][std::size_t{0}];
    if (v.isNumber()) {
        const double d = v.asNumber();
        // In range before the cast (a cast of 1e300 is undefined behaviour).
        return std::isfinite(d) && std::fabs(d) < 9e15 ? static_cast<std::int64_t>(d) : fallback;
    }
    if (v.isString()) {
        char* end = nullptr;
        const long long n = std::strtoll(v.asString().c_str(), &end, 10);
        if (end != v.asString().c_str()) {
            return n;
        }
    }
    return fallback;
}

Result<std::vector<Json>> qidoAll(const DicomWebUrl& server, const std::string& pathAndQuery,
                                  int pageSize, std::int64_t maxResults,
                                  const DicomWebOptions& options) {
    std::vector<Json> all;
    std::string previousFirst;
    const char sep = pathAndQuery.find('?') == std::string::npos ? '?' : '&';
    for (std::int64_t offset = 0;;) {
        const std::string url = server.base + pathAndQuery + sep +
                                "limit=" + std::to_string(pageSize) +
                                "&offset=" + std::to_string(offset);
        auto answer = getOk(server, url, kDicomJson, options);
        if (!answer) {
            return answer.error();
        }
        if (answer->body.empty()) {
            break; // 204 No Content: no (more) matches
        }
        auto page = Json::parse(answer->body);
        if (!page || !page->isArray()) {
            return makeError(ErrorCode::ServerError,
                             server.authority + " answered a search with something that is not "
                                                "a DICOM JSON array",
                             url);
        }
        const auto got = static_cast<std::int64_t>(page->size());
        // Only an empty page ends the search: some servers (Orthanc with ModalitiesInStudy)
        // filter after paging, so a short page may still have more after it. A page longer
        // than asked, or the same page again, means the server ignores paging.
        const std::string first = got > 0 ? page.value()[std::size_t{0}].dump(-1) : "";
        const bool repeated = got > 0 && first == previousFirst;
        previousFirst = first;
        if (got == 0 || repeated) {
            break;
        }
        for (auto& item : page->asArray()) {
            all.push_back(std::move(item));
        }
        // On by what came: a server may return fewer than asked (its own maximum page);
        // where it filtered after paging, the overlap is removed by the callers' UID sets.
        offset += got;
        if (got > pageSize || offset >= maxResults) {
            break;
        }
    }
    return all;
}

Result<std::vector<std::string>> listInstanceUids(const DicomWebUrl& series,
                                                  const DicomWebOptions& options) {
    auto items = qidoAll(series,
                         "/studies/" + series.studyUid + "/series/" + series.seriesUid +
                             "/instances?includefield=00080018",
                         1000, 1'000'000, options);
    if (!items) {
        return items.error();
    }
    std::vector<std::string> uids;
    std::set<std::string> seen;
    for (const Json& item : items.value()) {
        std::string uid = dicomJsonString(item, "00080018");
        if (isCacheKey(uid) && seen.insert(uid).second) {
            uids.push_back(std::move(uid));
        }
    }
    return uids;
}

} // namespace dicomweb

namespace {

/// True when `wanted` is empty, among the '\\'-separated `modalities`, or when the server did
/// not say which modalities the study holds.
bool listsModality(const std::string& modalities, const std::string& wanted) {
    if (wanted.empty() || modalities.empty()) {
        return true;
    }
    std::size_t from = 0;
    while (from <= modalities.size()) {
        const auto to = std::min(modalities.find('\\', from), modalities.size());
        if (strcasecmp(modalities.substr(from, to - from).c_str(), wanted.c_str()) == 0) {
            return true;
        }
        from = to + 1;
    }
    return false;
}

} // namespace

using dicomweb::dicomJsonInteger;
using dicomweb::dicomJsonString;
using dicomweb::isCacheKey;

Result<std::vector<DicomWebStudy>> searchStudies(const DicomWebUrl& server,
                                                 const DicomWebQuery& query,
                                                 const DicomWebOptions& options) {
    std::string path = "/studies?includefield=00081030&includefield=00080061"
                       "&includefield=00201206&includefield=00080050";
    const auto add = [&path](const char* key, const std::string& value) {
        if (!value.empty()) {
            path += std::string("&") + key + "=" + dicomweb::percentEncoded(value);
        }
    };
    add("PatientID", query.patientId);
    add("AccessionNumber", query.accessionNumber);
    add("StudyDate", query.studyDateRange);
    // ModalitiesInStudy is filtered here, not by the server: Orthanc 1.10 pages such queries
    // wrongly (every page after the first comes back empty).
    auto items = dicomweb::qidoAll(server, path, query.pageSize, query.maxResults, options);
    if (!items) {
        return items.error();
    }
    std::vector<DicomWebStudy> studies;
    std::set<std::string> seen;
    for (const Json& item : items.value()) {
        DicomWebStudy s;
        s.studyUid = dicomJsonString(item, "0020000D");
        if (!isCacheKey(s.studyUid) || !seen.insert(s.studyUid).second) {
            continue;
        }
        s.patientId = dicomJsonString(item, "00100020");
        s.patientName = dicomJsonString(item, "00100010");
        s.studyDate = dicomJsonString(item, "00080020");
        s.accessionNumber = dicomJsonString(item, "00080050");
        s.description = dicomJsonString(item, "00081030");
        s.modalities = dicomJsonString(item, "00080061");
        s.seriesCount = dicomJsonInteger(item, "00201206", -1);
        if (listsModality(s.modalities, query.modality)) {
            studies.push_back(std::move(s));
        }
    }
    return studies;
}

Result<std::vector<DicomWebSeries>> searchSeries(const DicomWebUrl& study,
                                                 const std::string& modality,
                                                 const DicomWebOptions& options) {
    if (study.kind == DicomWebUrlKind::Server) {
        return makeError(ErrorCode::InvalidArgument,
                         "a study URL (.../studies/UID) is needed to list series", study.text());
    }
    std::string path =
        "/studies/" + study.studyUid + "/series?includefield=0008103E&includefield=00201209";
    if (study.kind == DicomWebUrlKind::Series) {
        path += "&SeriesInstanceUID=" + study.seriesUid;
    }
    if (!modality.empty()) {
        path += "&Modality=" + dicomweb::percentEncoded(modality);
    }
    auto items = dicomweb::qidoAll(study, path, 100, 100000, options);
    if (!items) {
        return items.error();
    }
    std::vector<DicomWebSeries> list;
    std::set<std::string> seen;
    for (const Json& item : items.value()) {
        DicomWebSeries s;
        s.studyUid = study.studyUid;
        s.seriesUid = dicomJsonString(item, "0020000E");
        if (!isCacheKey(s.seriesUid) || !seen.insert(s.seriesUid).second) {
            continue;
        }
        s.modality = dicomJsonString(item, "00080060");
        s.description = dicomJsonString(item, "0008103E");
        s.seriesNumber = dicomJsonInteger(item, "00200011", 0);
        s.instanceCount = dicomJsonInteger(item, "00201209", -1);
        list.push_back(std::move(s));
    }
    return list;
}

} // namespace voxdiff::core
