// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/Error.h"

#include "voxdiff/Utf8.h"

namespace voxdiff::core {

std::string_view errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidArgument:
        return "invalid_argument";
    case ErrorCode::FileNotFound:
        return "file_not_found";
    case ErrorCode::PermissionDenied:
        return "permission_denied";
    case ErrorCode::ReadFailed:
        return "read_failed";
    case ErrorCode::UnknownFormat:
        return "unknown_format";
    case ErrorCode::UnsupportedData:
        return "unsupported_data";
    case ErrorCode::CorruptHeader:
        return "corrupt_header";
    case ErrorCode::TruncatedData:
        return "truncated_data";
    case ErrorCode::TooLarge:
        return "too_large";
    case ErrorCode::NoImageData:
        return "no_image_data";
    case ErrorCode::InconsistentSeries:
        return "inconsistent_series";
    case ErrorCode::MissingGeometry:
        return "missing_geometry";
    case ErrorCode::NoSuchVolume:
        return "no_such_volume";
    case ErrorCode::OutputExists:
        return "output_exists";
    case ErrorCode::WriteFailed:
        return "write_failed";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::Internal:
        return "internal";
    case ErrorCode::AuthenticationFailed:
        return "authentication_failed";
    case ErrorCode::ServerUnreachable:
        return "server_unreachable";
    case ErrorCode::ServerError:
        return "server_error";
    case ErrorCode::IncompleteSeries:
        return "incomplete_series";
    }
    return "internal";
}

std::string Error::describe() const {
    std::string s;
    if (!file.empty()) {
        s += file.string();
        s += ": ";
    }
    s += message;
    if (!context.empty()) {
        s += " (";
        s += context;
        s += ")";
    }
    return toValidUtf8(s); // a path is bytes; what is shown must be UTF-8
}

} // namespace voxdiff::core
