// SPDX-License-Identifier: BSD-3-Clause
#include <cstdlib>
#include <mutex>

#include "voxdiff/DicomWeb.h"

namespace voxdiff::core {

namespace {

constexpr std::size_t kMaxUidLength = 64;

bool isUid(std::string_view s) {
    if (s.empty() || s.size() > kMaxUidLength || s.front() == '.' || s.back() == '.') {
        return false;
    }
    for (const char c : s) {
        if ((c < '0' || c > '9') && c != '.') {
            return false;
        }
    }
    return true;
}

} // namespace

std::string withoutUserInformation(std::string_view text) {
    // Everything between "://" and the last '@' may be a user name and password; a password
    // may itself hold '@', '/' or ':', so the cut goes to the last '@' of the whole text.
    std::string shown(text);
    const auto at = shown.rfind('@');
    if (at == std::string::npos) {
        return shown;
    }
    const auto scheme = shown.find("://");
    const std::size_t from = scheme == std::string::npos || scheme > at ? 0 : scheme + 3;
    return shown.substr(0, from) + "..." + shown.substr(at);
}

std::string inputAsShown(std::string_view pathOrUrl) {
    return isDicomWebUrl(pathOrUrl) ? withoutUserInformation(pathOrUrl) : std::string(pathOrUrl);
}

namespace {

Error badUrl(std::string_view text, const std::string& why) {
    std::string shown = withoutUserInformation(text);
    if (shown.size() > 200) {
        shown = shown.substr(0, 200) + "...";
    }
    return makeError(ErrorCode::InvalidArgument, "not a usable DICOMweb URL: " + why, shown);
}

std::string envOr(const char* name, const std::string& fallback = {}) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

std::mutex& sessionMutex() {
    static std::mutex m;
    return m;
}

DicomWebCredentials& sessionCredentials() {
    static DicomWebCredentials c;
    return c;
}

} // namespace

void setSessionCredentials(const DicomWebCredentials& credentials) {
    const std::lock_guard<std::mutex> lock(sessionMutex());
    sessionCredentials() = credentials;
}

bool isDicomWebUrl(std::string_view text) {
    return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}

Result<DicomWebUrl> parseDicomWebUrl(std::string_view text) {
    if (!isDicomWebUrl(text)) {
        return badUrl(text, "it must start with http:// or https://");
    }
    if (text.find_first_of("?#") != std::string_view::npos) {
        return badUrl(text, "a query or fragment is not accepted");
    }
    const std::size_t hostStart = text.find("://") + 3;
    const std::size_t pathStart = std::min(text.find('/', hostStart), text.size());
    DicomWebUrl url;
    url.authority = std::string(text.substr(hostStart, pathStart - hostStart));
    // No '@' anywhere: UIDs never hold one, and a password holding '/' would otherwise move
    // the user information into the path.
    if (text.find('@') != std::string_view::npos) {
        return badUrl(text, "credentials in the URL are not accepted (use the environment "
                            "variables VOXDIFF_DICOMWEB_USER and VOXDIFF_DICOMWEB_PASSWORD)");
    }
    if (url.authority.empty()) {
        return badUrl(text, "no host");
    }
    std::string path(text.substr(pathStart));
    while (!path.empty() && path.back() == '/') {
        path.pop_back();
    }
    const auto studies = path.rfind("/studies/");
    if (studies != std::string::npos) {
        const std::string rest = path.substr(studies + 9);
        const auto seriesAt = rest.find("/series/");
        url.studyUid = rest.substr(0, seriesAt);
        if (seriesAt != std::string::npos) {
            url.seriesUid = rest.substr(seriesAt + 8);
        }
        if (!isUid(url.studyUid) || (seriesAt != std::string::npos && !isUid(url.seriesUid))) {
            return badUrl(text, "expected .../studies/UID or .../studies/UID/series/UID");
        }
        url.kind = seriesAt == std::string::npos ? DicomWebUrlKind::Study : DicomWebUrlKind::Series;
        path.resize(studies);
    }
    url.base = std::string(text.substr(0, pathStart)) + path;
    return url;
}

std::string DicomWebUrl::studyUrl(const std::string& study) const {
    return base + "/studies/" + study;
}

std::string DicomWebUrl::seriesUrl(const std::string& study, const std::string& series) const {
    return studyUrl(study) + "/series/" + series;
}

std::string DicomWebUrl::text() const {
    switch (kind) {
    case DicomWebUrlKind::Server:
        return base;
    case DicomWebUrlKind::Study:
        return studyUrl(studyUid);
    case DicomWebUrlKind::Series:
        return seriesUrl(studyUid, seriesUid);
    }
    return base;
}

std::filesystem::path defaultDicomWebCacheDir() {
    const std::string xdg = envOr("XDG_CACHE_HOME");
    if (!xdg.empty() && std::filesystem::path(xdg).is_absolute()) {
        return std::filesystem::path(xdg) / "voxdiff" / "dicomweb";
    }
    const std::string home = envOr("HOME", "/tmp");
    return std::filesystem::path(home) / ".cache" / "voxdiff" / "dicomweb";
}

DicomWebOptions dicomWebOptionsFromEnvironment() {
    DicomWebOptions options;
    options.credentials.user = envOr("VOXDIFF_DICOMWEB_USER");
    options.credentials.password = envOr("VOXDIFF_DICOMWEB_PASSWORD");
    options.credentials.bearerToken = envOr("VOXDIFF_DICOMWEB_TOKEN");
    {
        const std::lock_guard<std::mutex> lock(sessionMutex());
        const DicomWebCredentials& session = sessionCredentials();
        if (!session.user.empty() || !session.bearerToken.empty()) {
            options.credentials = session;
        }
    }
    options.caFile = envOr("VOXDIFF_DICOMWEB_CA_FILE");
    options.cacheDir = envOr("VOXDIFF_DICOMWEB_CACHE_DIR");
    const std::string maxMb = envOr("VOXDIFF_DICOMWEB_CACHE_MAX_MB");
    if (!maxMb.empty()) {
        char* end = nullptr;
        const unsigned long long mb = std::strtoull(maxMb.c_str(), &end, 10);
        if (end != nullptr && *end == '\0') {
            options.cacheMaxBytes = mb << 20;
        }
    }
    return options;
}

} // namespace voxdiff::core
