// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <functional>
#include <string>

#include "voxdiff/DicomWeb.h"

namespace voxdiff::core::dicomweb {

/// Receives the body of a 2xx answer chunk by chunk; returning an error aborts the transfer.
using BodySink =
    std::function<Status(const char* data, std::size_t size, const std::string& contentType)>;

/// An HTTP answer. `body` holds the whole body when no sink was given, else (for non-2xx
/// answers only) its first few kilobytes, for the error message.
struct HttpAnswer {
    long status = 0;
    std::string contentType;
    std::string body;
};

/// The outcome of one try: transient failures are worth another try after a pause.
struct HttpOutcome {
    Result<HttpAnswer> answer;
    bool transient = false;
};

/// One GET through libcurl (no retry), with the options' credentials, CA file, timeouts and
/// cancel flag. Transport failures are errors (ServerUnreachable, Cancelled, or the sink's);
/// any HTTP status is an answer.
/// `done`, when given, is asked after each chunk the sink took: true ends the transfer there,
/// as a success (the sink has all it needs). Without a sink, a 2xx body over kMaxAnswerBytes
/// is a ServerError.
HttpOutcome httpGet(const std::string& url, const std::string& accept,
                    const DicomWebOptions& options, const BodySink& sink = {},
                    const std::function<bool()>& done = {});

/// The largest answer held in memory (a search result): 64 MiB once decoded.
inline constexpr std::size_t kMaxAnswerBytes = std::size_t{64} << 20;

/// The error for a non-2xx answer: 401/403 AuthenticationFailed, else ServerError.
Error httpStatusError(const HttpAnswer& answer, const std::string& authority,
                      const std::string& url);

/// True for statuses that usually pass: 408, 429, 500, 502, 503, 504.
bool isTransientStatus(long status);

/// Calls `once` until it succeeds, fails for good, or options.attempts tries are spent,
/// waiting firstBackoffMs, then twice as long each time; the cancel flag ends the wait.
Result<HttpAnswer> withRetries(const std::function<HttpOutcome()>& once,
                               const DicomWebOptions& options);

/// GET with retries; a non-2xx answer (other than 204) becomes httpStatusError's error.
Result<HttpAnswer> getOk(const DicomWebUrl& server, const std::string& url,
                         const std::string& accept, const DicomWebOptions& options);

/// Percent-encodes a query value.
std::string percentEncoded(const std::string& value);

} // namespace voxdiff::core::dicomweb
