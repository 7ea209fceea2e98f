// SPDX-License-Identifier: BSD-3-Clause
#include "HttpClient.h"

#include <curl/curl.h>

#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>

namespace voxdiff::core::dicomweb {

namespace {

constexpr std::size_t kErrorBodyBytes = 4096;

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string authorityOf(const std::string& url) {
    const auto start = url.find("://");
    const auto from = start == std::string::npos ? 0 : start + 3;
    return url.substr(from, url.find('/', from) - from);
}

struct Transfer {
    const DicomWebOptions* options = nullptr;
    const BodySink* sink = nullptr;
    const std::function<bool()>* done = nullptr;
    const std::string* url = nullptr;
    CURL* curl = nullptr;
    HttpAnswer answer;
    Status sinkStatus = Ok{};
    bool stoppedDone = false; ///< the transfer was ended because `done` said so
};

void takeHeaderLine(Transfer* t, const std::string& line) {
    if (line.rfind("HTTP/", 0) == 0) {
        t->answer.contentType.clear(); // a new answer (after a redirect or 100 Continue)
    } else if (line.size() > 13 && curl_strnequal(line.c_str(), "content-type:", 13)) {
        std::string value = line.substr(13);
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t\r\n");
        t->answer.contentType =
            first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
    }
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
    try {
        takeHeaderLine(static_cast<Transfer*>(user), std::string(data, size * count));
    } catch (...) {
        return 0; // no exception crosses libcurl: the transfer stops (out of memory)
    }
    return size * count;
}

std::size_t takeBody(Transfer* t, char* data, std::size_t n) {
    long status = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    t->answer.status = status;
    const bool success = status >= 200 && status < 300;
    if (!success) {
        const std::size_t room =
            std::min(n, kErrorBodyBytes - std::min(kErrorBodyBytes, t->answer.body.size()));
        t->answer.body.append(data, room);
        return n;
    }
    if (!*t->sink) {
        if (t->answer.body.size() + n > kMaxAnswerBytes) {
            t->sinkStatus = makeError(ErrorCode::ServerError,
                                      authorityOf(*t->url) + " answered with more than " +
                                          std::to_string(kMaxAnswerBytes >> 20) +
                                          " MiB where a search result was expected",
                                      *t->url);
            return 0;
        }
        t->answer.body.append(data, n);
        return n;
    }
    t->sinkStatus = (*t->sink)(data, n, t->answer.contentType);
    if (!t->sinkStatus) {
        return 0;
    }
    if (*t->done && (*t->done)()) {
        t->stoppedDone = true;
        return 0; // ends the transfer (CURLE_WRITE_ERROR), taken as a success below
    }
    return n;
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    // No exception may cross libcurl's C frames: one thrown while taking the body in stops
    // the transfer with an error.
    try {
        return takeBody(t, data, size * count);
    } catch (const std::bad_alloc&) {
        t->sinkStatus = makeError(ErrorCode::TooLarge, "out of memory while receiving");
    } catch (const std::exception& e) {
        t->sinkStatus =
            makeError(ErrorCode::Internal, std::string("the retrieve was stopped: ") + e.what());
    }
    return 0;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* t = static_cast<Transfer*>(user);
    return t->options->cancel && t->options->cancel->load() ? 1 : 0;
}

HttpOutcome transportError(CURLcode code, const char* detail, const std::string& url,
                           const DicomWebOptions& options) {
    const std::string host = authorityOf(url);
    const std::string why = detail[0] != '\0' ? detail : curl_easy_strerror(code);
    switch (code) {
    case CURLE_ABORTED_BY_CALLBACK:
        return {makeError(ErrorCode::Cancelled, "the retrieval was cancelled", url), false};
    case CURLE_OPERATION_TIMEDOUT:
        return {makeError(ErrorCode::ServerUnreachable,
                          host + " did not answer within " +
                              std::to_string(options.stallTimeoutSeconds) + " s",
                          url),
                true};
    case CURLE_URL_MALFORMAT:
        return {makeError(ErrorCode::InvalidArgument, "not a usable URL: " + why, url), false};
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return {makeError(ErrorCode::ServerUnreachable, "cannot reach " + host + ": " + why, url),
                false};
    default:
        return {makeError(ErrorCode::ServerUnreachable, "cannot reach " + host + ": " + why, url),
                true};
    }
}

void setAuthentication(CURL* curl, const DicomWebCredentials& credentials) {
    if (!credentials.bearerToken.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
        curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, credentials.bearerToken.c_str());
    } else if (!credentials.user.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl, CURLOPT_USERNAME, credentials.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, credentials.password.c_str());
    }
}

void setOptions(CURL* curl, Transfer& t, const std::string& url, curl_slist* headers,
                char* errorText) {
    const DicomWebOptions& options = *t.options;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                     static_cast<long>(options.connectTimeoutSeconds));
    // Under 1 KiB/s for the whole stall time is a stall too: a server trickling a byte at a
    // time would otherwise hold the transfer forever.
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.stallTimeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, ""); // whatever curl can decode
    curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 256L * 1024L);
    if (!options.caFile.empty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, options.caFile.c_str());
    }
    setAuthentication(curl, options.credentials);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
}

} // namespace

HttpOutcome httpGet(const std::string& url, const std::string& accept,
                    const DicomWebOptions& options, const BodySink& sink,
                    const std::function<bool()>& done) {
    initCurlOnce();
    CURL* curl = curl_easy_init();
    if (curl == nullptr) {
        return {makeError(ErrorCode::Internal, "libcurl could not start a transfer", url), false};
    }
    Transfer t;
    t.options = &options;
    t.sink = &sink;
    t.done = &done;
    t.url = &url;
    t.curl = curl;
    const std::string acceptHeader = "Accept: " + accept;
    curl_slist* headers = curl_slist_append(nullptr, acceptHeader.c_str());
    char errorText[CURL_ERROR_SIZE] = {};
    setOptions(curl, t, url, headers, errorText);
    const CURLcode code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &t.answer.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (!t.sinkStatus) {
        return {t.sinkStatus.error(), false};
    }
    if (code != CURLE_OK && !(t.stoppedDone && code == CURLE_WRITE_ERROR)) {
        return transportError(code, errorText, url, options);
    }
    const bool transient = isTransientStatus(t.answer.status);
    return {std::move(t.answer), transient};
}

bool isTransientStatus(long status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
}

Error httpStatusError(const HttpAnswer& answer, const std::string& authority,
                      const std::string& url) {
    if (answer.status == 401 || answer.status == 403) {
        return makeError(ErrorCode::AuthenticationFailed, "authentication failed for " + authority,
                         url, "HTTP " + std::to_string(answer.status));
    }
    return makeError(ErrorCode::ServerError,
                     authority + " answered HTTP " + std::to_string(answer.status), url);
}

Result<HttpAnswer> withRetries(const std::function<HttpOutcome()>& once,
                               const DicomWebOptions& options) {
    int waitMs = options.firstBackoffMs;
    for (int attempt = 1;; ++attempt) {
        HttpOutcome outcome = once();
        if (!outcome.transient || attempt >= options.attempts) {
            return std::move(outcome.answer);
        }
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(waitMs);
        while (std::chrono::steady_clock::now() < until) {
            if (options.cancel && options.cancel->load()) {
                return makeError(ErrorCode::Cancelled, "the retrieval was cancelled");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        waitMs *= 2;
    }
}

Result<HttpAnswer> getOk(const DicomWebUrl& server, const std::string& url,
                         const std::string& accept, const DicomWebOptions& options) {
    auto answer = withRetries([&] { return httpGet(url, accept, options); }, options);
    if (!answer) {
        return answer.error();
    }
    if (answer->status == 204) {
        answer->body.clear();
        return answer;
    }
    if (answer->status < 200 || answer->status >= 300) {
        return httpStatusError(answer.value(), server.authority, url);
    }
    return answer;
}

std::string percentEncoded(const std::string& value) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : value) {
        if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '*') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

} // namespace voxdiff::core::dicomweb
