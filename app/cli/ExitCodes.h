// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "voxdiff/Comparison.h"
#include "voxdiff/Error.h"

namespace voxdiff::cli {

/// Exit statuses of voxdiff-cli; documented in docs/exit-codes.md. Never renumber.
enum ExitCode : int {
    kExitOk = 0,              ///< success; for compare: identical or equivalent
    kExitDifferent = 1,       ///< compare: the values differ (rescaled or different)
    kExitUsage = 2,           ///< bad command line
    kExitInputUnreadable = 3, ///< input missing or unreadable
    kExitUnsupported = 4,     ///< not a format or content VoxDiff reads
    kExitCorrupt = 5,         ///< corrupt or truncated input
    kExitTooLarge = 6,        ///< input too large for the memory budget
    kExitNoImage = 7,         ///< no usable image: empty folder, broken series, bad index
    kExitOutput = 8,          ///< an output could not be written (or exists: see --force)
    kExitInternal = 9,        ///< internal error (a bug: please report it)
    kExitCancelled = 10,      ///< interrupted
    kExitAuthentication = 11, ///< a DICOMweb server refused the credentials
    kExitUnreachable = 12,    ///< a DICOMweb server could not be reached or timed out
    kExitServerError = 13,    ///< a DICOMweb server answered with an error or malformed data
};

inline int exitCodeFor(core::ErrorCode code) {
    using core::ErrorCode;
    switch (code) {
    case ErrorCode::InvalidArgument:
        return kExitUsage;
    case ErrorCode::FileNotFound:
    case ErrorCode::PermissionDenied:
    case ErrorCode::ReadFailed:
        return kExitInputUnreadable;
    case ErrorCode::UnknownFormat:
    case ErrorCode::UnsupportedData:
        return kExitUnsupported;
    case ErrorCode::CorruptHeader:
    case ErrorCode::TruncatedData:
        return kExitCorrupt;
    case ErrorCode::TooLarge:
        return kExitTooLarge;
    case ErrorCode::NoImageData:
    case ErrorCode::InconsistentSeries:
    case ErrorCode::MissingGeometry:
    case ErrorCode::NoSuchVolume:
    case ErrorCode::IncompleteSeries:
        return kExitNoImage;
    case ErrorCode::OutputExists:
    case ErrorCode::WriteFailed:
        return kExitOutput;
    case ErrorCode::Cancelled:
        return kExitCancelled;
    case ErrorCode::Internal:
        return kExitInternal;
    case ErrorCode::AuthenticationFailed:
        return kExitAuthentication;
    case ErrorCode::ServerUnreachable:
        return kExitUnreachable;
    case ErrorCode::ServerError:
        return kExitServerError;
    }
    return kExitInternal;
}

/// compare's status: 0 when the values are the same (identical, equivalent), 1 when they
/// differ (rescaled: the same image in other units; different). Shared by voxdiff-cli compare
/// and voxdiff --export-report.
inline int exitStatusFor(core::Verdict verdict) {
    return verdict == core::Verdict::Identical || verdict == core::Verdict::Equivalent
               ? kExitOk
               : kExitDifferent;
}

} // namespace voxdiff::cli
