// SPDX-License-Identifier: BSD-3-Clause
// WADO-RS series retrieval into the instance cache, and loading the result as a local series.
#include <strings.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <set>

#include "HttpClient.h"
#include "InstanceCache.h"
#include "Qido.h"
#include "dicom/HeaderStream.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/DicomWeb.h"
#include "voxdiff/DicomWebMultipart.h"

namespace voxdiff::core {

namespace fs = std::filesystem;
using dicomweb::InstanceCache;

namespace {

// Servers differ on the quotes around `type`; transfer-syntax=* asks for the stored bytes.
constexpr const char* kAcceptVariants[] = {
    "multipart/related; type=\"application/dicom\"; transfer-syntax=*",
    "multipart/related; type=application/dicom; transfer-syntax=*",
    "multipart/related; type=\"application/dicom\"",
    "multipart/related; type=application/dicom",
};

bool refusesAccept(long status) {
    return status == 400 || status == 406 || status == 415;
}

/// Called with the cache file of each instance of the series as soon as it is there (received,
/// or found in the cache), once per instance; an error stops the retrieve.
using InstanceSink = std::function<Status(const fs::path&)>;

/// True when a part's Content-Type is application/dicom (any case, with or without
/// parameters): the parts that are instances. Others (application/dicom+xml, ...) are not.
bool isDicomPart(const std::string& contentType) {
    std::string type = contentType.substr(0, contentType.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
        type.pop_back();
    }
    return strcasecmp(type.c_str(), "application/dicom") == 0;
}

/// Writes the parts of one WADO-RS answer into the cache, one file per part, so memory holds
/// at most the parser's small buffer. Parts that are instances of other series are removed,
/// not stored. What a retrieve stores is bounded by the cache's size bound.
class PartWriter {
  public:
    PartWriter(InstanceCache& cache, const DicomWebUrl& series, std::set<std::string>& received,
               const InstanceSink& onInstance)
        : m_cache(cache), m_series(series), m_received(received), m_onInstance(onInstance) {}
    ~PartWriter() { discard(); }
    PartWriter(const PartWriter&) = delete;
    PartWriter& operator=(const PartWriter&) = delete;

    Status feed(const char* data, std::size_t size, const std::string& contentType) {
        if (!m_parser) {
            auto boundary = MultipartParser::boundaryOf(contentType);
            if (!boundary) {
                return serverError(boundary.error().message);
            }
            m_parser = std::make_unique<MultipartParser>(
                boundary.value(),
                MultipartCallbacks{
                    [this](const MultipartHeaders& h) { return mine(begin(h)); },
                    [this](const char* d, std::size_t n) { return mine(write(d, n)); },
                    [this] { return mine(end()); }});
        }
        return framing(m_parser->feed(data, size));
    }

    /// True once the closing delimiter arrived: nothing more is needed from the server.
    bool complete() const { return m_parser && m_parser->complete(); }

    Status finish() {
        if (!m_parser) {
            return serverError("the retrieve answer was empty");
        }
        m_truncated = !m_parser->complete() && !m_failedInCallback;
        return framing(m_parser->finish());
    }

    /// True when finish() failed because the stream ended early (worth another try).
    bool truncated() const { return m_truncated; }

  private:
    Error serverError(const std::string& why) const {
        return makeError(ErrorCode::ServerError, m_series.authority + ": " + why, m_series.text());
    }

    /// Marks an error of this writer's own (cache, loader, cancel) so that framing() passes
    /// it through unchanged.
    Status mine(Status st) {
        m_failedInCallback = m_failedInCallback || !st;
        return st;
    }

    /// The parser's own errors (bad framing, limits, an early end) are a malformed answer of
    /// the server; errors of the callbacks keep their code.
    Status framing(Status st) const {
        if (st || m_failedInCallback) {
            return st;
        }
        return serverError("sent a malformed multipart answer: " + st.error().message);
    }

    Status begin(const MultipartHeaders& headers) {
        m_skip = false;
        for (const auto& [name, value] : headers) {
            if (name == "content-type" && !isDicomPart(value)) {
                m_skip = true; // not an instance (some servers add other parts): ignored
            }
        }
        if (m_skip) {
            return Ok{};
        }
        m_path = m_cache.incomingPath();
        m_file = std::fopen(m_path.c_str(), "wb");
        if (m_file == nullptr) {
            return makeError(ErrorCode::WriteFailed, "cannot write to the DICOMweb cache", m_path);
        }
        return Ok{};
    }

    Status write(const char* data, std::size_t size) {
        if (m_skip || size == 0) {
            return Ok{};
        }
        m_bytes += size;
        if (m_bytes > m_cache.maxBytes()) {
            return makeError(ErrorCode::WriteFailed,
                             "the series is larger than the DICOMweb cache's bound of " +
                                 std::to_string(m_cache.maxBytes() >> 20) +
                                 " MiB (set VOXDIFF_DICOMWEB_CACHE_MAX_MB to allow more)",
                             m_series.text());
        }
        if (std::fwrite(data, 1, size, m_file) != size) {
            return makeError(ErrorCode::WriteFailed,
                             "cannot write to the DICOMweb cache (disk full?)", m_path);
        }
        return Ok{};
    }

    Status end() {
        if (m_skip) {
            return Ok{};
        }
        const bool closed = std::fclose(m_file) == 0;
        m_file = nullptr;
        if (!closed) {
            discard();
            return makeError(ErrorCode::WriteFailed, "cannot write to the DICOMweb cache", m_path);
        }
        auto uids = m_cache.admit(m_path, m_series.seriesUid);
        m_path.clear();
        if (!uids) {
            return serverError("sent an instance that cannot be read: " + uids.error().message);
        }
        if (uids->seriesInstanceUid == m_series.seriesUid &&
            m_received.insert(uids->sopInstanceUid).second) {
            return m_onInstance(m_cache.instancePath(uids->sopInstanceUid));
        }
        return Ok{};
    }

    void discard() {
        if (m_file != nullptr) {
            std::fclose(m_file);
            m_file = nullptr;
        }
        if (!m_path.empty()) {
            std::error_code ec;
            fs::remove(m_path, ec);
            m_path.clear();
        }
    }

    InstanceCache& m_cache;
    const DicomWebUrl& m_series;
    std::set<std::string>& m_received;
    const InstanceSink& m_onInstance;
    std::unique_ptr<MultipartParser> m_parser;
    std::FILE* m_file = nullptr;
    fs::path m_path;
    bool m_skip = false;
    bool m_failedInCallback = false;
    bool m_truncated = false;
    std::uint64_t m_bytes = 0;
};

/// One WADO-RS request with one Accept value, retried while failures are transient.
Result<dicomweb::HttpAnswer> retrieveOnce(InstanceCache& cache, const DicomWebUrl& series,
                                          const char* accept, std::set<std::string>& received,
                                          const InstanceSink& onInstance,
                                          const DicomWebOptions& options) {
    return dicomweb::withRetries(
        [&]() -> dicomweb::HttpOutcome {
            PartWriter writer(cache, series, received, onInstance);
            // The transfer ends at the closing delimiter: a server that keeps the connection
            // open after it (or sends an endless epilogue) costs nothing.
            auto outcome = dicomweb::httpGet(
                series.text(), accept, options,
                [&writer](const char* d, std::size_t n, const std::string& type) {
                    return writer.feed(d, n, type);
                },
                [&writer] { return writer.complete(); });
            if (outcome.answer && outcome.answer->status >= 200 && outcome.answer->status < 300) {
                if (auto st = writer.finish(); !st) {
                    // A stream cut short by the server: another try usually completes it.
                    return {st.error(), writer.truncated()};
                }
            }
            return outcome;
        },
        options);
}

Status retrieveMissing(InstanceCache& cache, const DicomWebUrl& series,
                       std::set<std::string>& received, const InstanceSink& onInstance,
                       const DicomWebOptions& options) {
    for (const char* accept : kAcceptVariants) {
        auto answer = retrieveOnce(cache, series, accept, received, onInstance, options);
        if (!answer) {
            return answer.error();
        }
        if (refusesAccept(answer->status)) {
            continue; // try the next way of asking
        }
        if (answer->status < 200 || answer->status >= 300) {
            return dicomweb::httpStatusError(answer.value(), series.authority, series.text());
        }
        return Ok{};
    }
    return makeError(ErrorCode::ServerError,
                     series.authority + " refused every form of the series retrieve request",
                     series.text());
}

/// The series' NumberOfSeriesRelatedInstances (QIDO-RS, series level); when the server does
/// not give it, the length of its instance list (instance level, slower on some servers).
Result<std::int64_t> announcedInstanceCount(const DicomWebUrl& series,
                                            const DicomWebOptions& options) {
    auto found = searchSeries(series, "", options);
    if (!found) {
        return found.error();
    }
    for (const auto& s : found.value()) {
        if (s.seriesUid != series.seriesUid) {
            continue;
        }
        if (s.instanceCount >= 0) {
            return s.instanceCount;
        }
        auto listed = dicomweb::listInstanceUids(series, options);
        if (!listed) {
            return listed.error();
        }
        return static_cast<std::int64_t>(listed->size());
    }
    return makeError(ErrorCode::NoSuchVolume,
                     "the server holds no series " + series.seriesUid + " in study " +
                         series.studyUid,
                     series.text());
}

/// The instances of the series' last complete retrieve, when it had the announced count and
/// every one is still cached; otherwise nothing (the whole series is retrieved again).
std::set<std::string> cachedSeries(const InstanceCache& cache, const std::string& seriesUid,
                                   std::int64_t total) {
    const std::vector<std::string> manifest = cache.readManifest(seriesUid);
    if (total <= 0 || static_cast<std::int64_t>(manifest.size()) != total) {
        return {};
    }
    std::set<std::string> have;
    for (const auto& uid : manifest) {
        if (!cache.take(uid)) {
            return {};
        }
        have.insert(uid);
    }
    return have;
}

void report(const DicomWebOptions& options, std::size_t have, std::int64_t expected) {
    if (options.progress && expected > 0) {
        options.progress(static_cast<double>(have) / static_cast<double>(expected),
                         "retrieving instance " + std::to_string(have) + " of " +
                             std::to_string(expected));
    }
}

Result<InstanceCache> openCache(const DicomWebOptions& options) {
    return InstanceCache::open(
        options.cacheDir.empty() ? defaultDicomWebCacheDir() : options.cacheDir,
        options.cacheMaxBytes == 0 ? kDefaultCacheMaxBytes : options.cacheMaxBytes);
}

/// The series from the cache when its last complete retrieve is all there, otherwise from the
/// server; each instance is handed to `onInstance` as soon as it is in the cache.
Result<RetrievedSeries> retrieveInto(InstanceCache& cache, const DicomWebUrl& series,
                                     const DicomWebOptions& options,
                                     const InstanceSink& onInstance) {
    if (series.kind != DicomWebUrlKind::Series) {
        return makeError(ErrorCode::InvalidArgument,
                         "a DICOMweb URL to load must name a series (.../studies/UID/series/UID)",
                         series.text());
    }
    auto total = announcedInstanceCount(series, options);
    if (!total) {
        return total.error();
    }
    RetrievedSeries result;
    std::set<std::string> have = cachedSeries(cache, series.seriesUid, total.value());
    result.fromCache = static_cast<std::int64_t>(have.size());
    report(options, have.size(), total.value());
    for (const auto& uid : have) {
        if (auto st = onInstance(cache.instancePath(uid)); !st) {
            return st.error();
        }
    }
    if (have.empty()) {
        const InstanceSink received = [&](const fs::path& file) {
            report(options, have.size(), total.value());
            return onInstance(file);
        };
        if (auto st = retrieveMissing(cache, series, have, received, options); !st) {
            cache.evict(have); // a failed retrieve keeps to the bound too
            return st.error();
        }
    }
    result.downloaded = static_cast<std::int64_t>(have.size()) - result.fromCache;
    const std::int64_t missing = total.value() - static_cast<std::int64_t>(have.size());
    if (missing > 0) {
        cache.evict(have);
        return makeError(ErrorCode::IncompleteSeries,
                         "the series is incomplete: " + std::to_string(missing) + " of " +
                             std::to_string(total.value()) + " instances missing from the retrieve",
                         series.text());
    }
    cache.writeManifest(series.seriesUid, have);
    for (const auto& uid : have) {
        result.files.push_back(cache.instancePath(uid));
    }
    cache.evict(have);
    return result;
}

/// A folder of links to the series' instances, removed with this object.
class SeriesView {
  public:
    explicit SeriesView(fs::path dir) : m_dir(std::move(dir)) {}
    ~SeriesView() {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    SeriesView(const SeriesView&) = delete;
    SeriesView& operator=(const SeriesView&) = delete;
    const fs::path& dir() const { return m_dir; }

  private:
    fs::path m_dir;
};

} // namespace

Result<RetrievedSeries> retrieveSeries(const DicomWebUrl& series, const DicomWebOptions& options) {
    auto cache = openCache(options);
    if (!cache) {
        return cache.error();
    }
    return retrieveInto(cache.value(), series, options,
                        [](const fs::path&) { return Status{Ok{}}; });
}

Result<Volume> loadDicomWebSeries(const DicomWebUrl& series, const LoadOptions& loadOptions,
                                  const DicomWebOptions& options) {
    // Retrieval is most of the wait: it reports the first 70 % of the progress.
    constexpr double kRetrieveShare = 0.7;
    DicomWebOptions retrieveOptions = options;
    LoadOptions localOptions = loadOptions;
    if (loadOptions.progress) {
        retrieveOptions.progress = [&loadOptions](double f, const std::string& label) {
            loadOptions.progress(f * kRetrieveShare, label);
        };
        localOptions.progress = [&loadOptions](double f, const std::string& label) {
            loadOptions.progress(kRetrieveShare + f * (1.0 - kRetrieveShare), label);
        };
    }
    if (retrieveOptions.cancel == nullptr) {
        retrieveOptions.cancel = loadOptions.cancel;
    }
    auto cache = openCache(options);
    if (!cache) {
        return cache.error();
    }
    auto viewDir = cache->createView();
    if (!viewDir) {
        return viewDir.error();
    }
    const SeriesView view(viewDir.value());
    // Each instance is linked into the view and its header read while the next ones arrive;
    // the load then has only the pixel data left to read.
    dicom::HeaderStream headers;
    auto retrieved = retrieveInto(cache.value(), series, retrieveOptions,
                                  [&](const fs::path& instance) -> Status {
                                      auto link = cache->addToView(view.dir(), instance);
                                      if (!link) {
                                          return link.error();
                                      }
                                      headers.add(link.value());
                                      return Ok{};
                                  });
    if (!retrieved) {
        return retrieved.error();
    }
    if (localOptions.seriesUid.empty()) {
        localOptions.seriesUid = series.seriesUid;
    }
    auto volume =
        dicom::loadDicomHeaders(view.dir(), headers.finish(localOptions.cancel), localOptions);
    if (!volume) {
        Error error = volume.error();
        error.file = series.text();
        return error;
    }
    volume->source().path = series.text();
    return volume;
}

Result<Volume> loadDicomWebUrl(std::string_view url, const LoadOptions& loadOptions) {
    auto parsed = parseDicomWebUrl(url);
    if (!parsed) {
        return parsed.error();
    }
    return loadDicomWebSeries(parsed.value(), loadOptions, dicomWebOptionsFromEnvironment());
}

} // namespace voxdiff::core
