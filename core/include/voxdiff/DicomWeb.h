// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "voxdiff/LoadOptions.h"
#include "voxdiff/Result.h"
#include "voxdiff/Volume.h"

namespace voxdiff::core {

/// What a DICOMweb URL names.
enum class DicomWebUrlKind { Server, Study, Series };

/// A DICOMweb URL taken apart. Credentials are never part of it: a URL with user information
/// is refused by parseDicomWebUrl.
struct DicomWebUrl {
    DicomWebUrlKind kind = DicomWebUrlKind::Server;
    std::string base;      ///< scheme://host[:port]/prefix, no trailing slash
    std::string authority; ///< host[:port], for messages
    std::string studyUid;  ///< Study and Series URLs
    std::string seriesUid; ///< Series URLs

    /// The URL as shown to users and written in reports.
    std::string text() const;
    /// The URL of a study or series of this server.
    std::string studyUrl(const std::string& study) const;
    std::string seriesUrl(const std::string& study, const std::string& series) const;
};

/// True for text that starts with http:// or https:// (a DICOMweb URL, not a path).
bool isDicomWebUrl(std::string_view text);

/// The text with what may be user information (from "://" to the last '@') replaced by
/// "...": how a URL that may hold credentials is shown or written. Other text is unchanged.
std::string withoutUserInformation(std::string_view text);

/// An input as written in outputs: a DICOMweb URL without user information, a path as is.
std::string inputAsShown(std::string_view pathOrUrl);

/// Parses http(s)://HOST[:PORT]/PREFIX[/studies/UID[/series/UID]]. Errors: InvalidArgument
/// (not http(s), credentials in the URL, a query or fragment, a malformed UID).
Result<DicomWebUrl> parseDicomWebUrl(std::string_view text);

/// How to reach a server. The secret fields are never printed, logged or written.
struct DicomWebCredentials {
    std::string user;
    std::string password;
    std::string bearerToken; ///< used instead of user/password when set
};

/// Connection, cache and retry settings of the DICOMweb client.
struct DicomWebOptions {
    DicomWebCredentials credentials;
    std::filesystem::path caFile;    ///< extra PEM CA bundle; empty: the system CAs only
    std::filesystem::path cacheDir;  ///< empty: defaultDicomWebCacheDir()
    std::uint64_t cacheMaxBytes = 0; ///< instance cache size bound; 0: kDefaultCacheMaxBytes
    int attempts = 4;                ///< tries per request when failures are transient
    int firstBackoffMs = 250;        ///< wait before the 2nd try; doubles each time
    int connectTimeoutSeconds = 10;  ///< to open the connection
    int stallTimeoutSeconds = 30;    ///< under 1 KiB/s for this long: a timeout
    ProgressCallback progress;       ///< fraction of instances retrieved, with a label
    const std::atomic<bool>* cancel = nullptr;
};

inline constexpr std::uint64_t kDefaultCacheMaxBytes = 8ull << 30;

/// Options from the session credentials or the environment: VOXDIFF_DICOMWEB_USER / _PASSWORD (HTTP
/// basic) or VOXDIFF_DICOMWEB_TOKEN (bearer), VOXDIFF_DICOMWEB_CA_FILE, VOXDIFF_DICOMWEB_CACHE_DIR,
/// VOXDIFF_DICOMWEB_CACHE_MAX_MB.
DicomWebOptions dicomWebOptionsFromEnvironment();

/// Credentials for this process only (the viewer's password prompt): held in memory, never
/// written; when set they take precedence over the environment's. Thread-safe.
void setSessionCredentials(const DicomWebCredentials& credentials);

/// $XDG_CACHE_HOME/voxdiff/dicomweb, else ~/.cache/voxdiff/dicomweb.
std::filesystem::path defaultDicomWebCacheDir();

/// QIDO-RS study search filters; empty fields do not filter.
struct DicomWebQuery {
    std::string patientId;
    std::string accessionNumber;
    std::string studyDateRange; ///< "YYYYMMDD-YYYYMMDD", "YYYYMMDD-", "-YYYYMMDD" or one date
    std::string modality;       ///< ModalitiesInStudy for studies, Modality for series
    int pageSize = 100;         ///< QIDO limit per request; offset pages through
    std::int64_t maxResults = 10000;
};

struct DicomWebStudy {
    std::string studyUid;
    std::string patientId;
    std::string patientName;
    std::string studyDate;
    std::string accessionNumber;
    std::string description;
    std::string modalities;        ///< ModalitiesInStudy joined by '\'
    std::int64_t seriesCount = -1; ///< -1 when the server did not say
};

struct DicomWebSeries {
    std::string studyUid;
    std::string seriesUid;
    std::string modality;
    std::string description;
    std::int64_t seriesNumber = 0;
    std::int64_t instanceCount = -1; ///< NumberOfSeriesRelatedInstances; -1 when not given
};

/// QIDO-RS: the studies of `server` (any kind of URL: its base is used) matching `query`,
/// page by page. Errors: AuthenticationFailed, ServerUnreachable, ServerError, Cancelled.
Result<std::vector<DicomWebStudy>> searchStudies(const DicomWebUrl& server,
                                                 const DicomWebQuery& query,
                                                 const DicomWebOptions& options);

/// QIDO-RS: the series of the study `study` names (a Series URL narrows to that series);
/// `modality` filters when not empty. Errors as searchStudies.
Result<std::vector<DicomWebSeries>>
searchSeries(const DicomWebUrl& study, const std::string& modality, const DicomWebOptions& options);

/// A series retrieved into the instance cache: one file per SOP instance.
struct RetrievedSeries {
    std::vector<std::filesystem::path> files; ///< cache files, one per instance
    std::int64_t fromCache = 0;               ///< instances already cached before
    std::int64_t downloaded = 0;              ///< instances received now
};

/// WADO-RS: every instance of a Series URL, streamed into the cache (reused when cached),
/// checked complete against QIDO's NumberOfSeriesRelatedInstances. Errors: IncompleteSeries
/// (the message says how many are missing), AuthenticationFailed, ServerUnreachable,
/// ServerError, WriteFailed (cache), Cancelled, InvalidArgument (not a Series URL).
Result<RetrievedSeries> retrieveSeries(const DicomWebUrl& series, const DicomWebOptions& options);

/// retrieveSeries, then the DICOM loader on those files, as for a local folder. The volume's
/// source path is the URL (without credentials). Errors: retrieveSeries's, then loadDicom's.
Result<Volume> loadDicomWebSeries(const DicomWebUrl& series, const LoadOptions& loadOptions,
                                  const DicomWebOptions& options);

/// What loadImage does with a URL: parseDicomWebUrl, dicomWebOptionsFromEnvironment (with the
/// load options' progress and cancel), then loadDicomWebSeries.
Result<Volume> loadDicomWebUrl(std::string_view url, const LoadOptions& loadOptions);

} // namespace voxdiff::core
