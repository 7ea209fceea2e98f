// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace voxdiff::core {

/// Stable error codes of the core. The CLI maps each to a documented exit status
/// (docs/exit-codes.md); the UI maps each to a readable message. Never renumber: append.
enum class ErrorCode {
    InvalidArgument = 1, ///< a caller passed something meaningless (bad index, bad option)
    FileNotFound,        ///< the path does not exist
    PermissionDenied,    ///< the path exists but cannot be read (or written)
    ReadFailed,          ///< an I/O error while reading
    UnknownFormat,       ///< neither NIfTI nor DICOM (nor anything we read)
    UnsupportedData,     ///< a format we read, with content we do not (RGB, complex, ...)
    CorruptHeader,       ///< header values that cannot be right
    TruncatedData,       ///< the file holds fewer bytes than its header promises
    TooLarge,            ///< the image would not fit in memory or exceeds a safety limit
    NoImageData,         ///< a folder or file with nothing we can load as an image
    InconsistentSeries,  ///< DICOM files of one series that cannot form one volume
    MissingGeometry,     ///< no position/orientation/spacing to place the image in space
    NoSuchVolume,        ///< the requested volume, series or frame does not exist
    OutputExists,        ///< refusing to overwrite an existing file
    WriteFailed,         ///< an output could not be written
    Cancelled,           ///< the caller cancelled the operation
    Internal,            ///< a bug or an unexpected third-party failure

    // DICOMweb (voxdiff/DicomWeb.h)
    AuthenticationFailed, ///< a server refused the credentials (HTTP 401/403)
    ServerUnreachable,    ///< a server could not be reached, or stopped answering in time
    ServerError,          ///< a server answered with an error or with something malformed
    IncompleteSeries,     ///< a retrieved series lacks instances the server said it holds
};

/// Short stable identifier of a code, e.g. "truncated_data" (used in JSON output).
std::string_view errorCodeName(ErrorCode code);

/// A failure of a core operation: what went wrong, with which file, and in what context.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;        ///< one human sentence, naming the reason
    std::filesystem::path file; ///< the file (or folder) concerned, if any
    std::string context;        ///< optional: what was being done ("reading slice 12 of 40")

    /// "path: message (context)", the form shown to users.
    std::string describe() const;
};

} // namespace voxdiff::core
