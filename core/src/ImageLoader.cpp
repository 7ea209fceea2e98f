// SPDX-License-Identifier: BSD-3-Clause
#include "voxdiff/ImageLoader.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <new>

#include "FileChecks.h"
#include "voxdiff/DicomSeries.h"
#include "voxdiff/DicomWeb.h"
#include "voxdiff/NiftiReader.h"

namespace voxdiff::core {

namespace fs = std::filesystem;

InputKind detectInputKind(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        return InputKind::Dicom;
    }
    if (hasNiftiExtension(path)) {
        return InputKind::Nifti;
    }
    std::ifstream in(path, std::ios::binary);
    char head[540] = {};
    in.read(head, sizeof head);
    const auto got = in.gcount();
    if (got >= 132 && std::memcmp(head + 128, "DICM", 4) == 0) {
        return InputKind::Dicom;
    }
    if (got >= 4) {
        std::int32_t size = 0;
        std::memcpy(&size, head, 4);
        const std::int32_t swapped =
            static_cast<std::int32_t>(__builtin_bswap32(static_cast<std::uint32_t>(size)));
        if (size == 348 || size == 540 || swapped == 348 || swapped == 540) {
            return InputKind::Nifti;
        }
    }
    // No preamble: a DICOM data set without meta header starts with a group 0x0008 tag
    // (little endian) in practice; let the DICOM reader decide.
    if (got >= 2 &&
        ((head[0] == 0x08 && head[1] == 0x00) || (head[0] == 0x00 && head[1] == 0x08))) {
        return InputKind::Dicom;
    }
    if (path.extension() == ".dcm" || path.extension() == ".DCM" || path.filename() == "DICOMDIR") {
        return InputKind::Dicom;
    }
    return InputKind::Unknown;
}

namespace {

Result<Volume> loadImageUnguarded(const fs::path& path, const LoadOptions& options) {
    if (isDicomWebUrl(path.native())) {
        return loadDicomWebUrl(path.native(), options);
    }
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return checkReadableFile(path).error();
    }
    switch (detectInputKind(path)) {
    case InputKind::Nifti:
        return readNifti(path, options);
    case InputKind::Dicom:
        return loadDicom(path, options);
    case InputKind::Unknown:
        break;
    }
    if (auto st = checkReadableFile(path); !st) {
        return st.error();
    }
    return makeError(ErrorCode::UnknownFormat,
                     "neither NIfTI (.nii, .nii.gz, .hdr/.img) nor DICOM (no DICM preamble, "
                     "no DICOM data set at the start)",
                     path);
}

} // namespace

Result<Volume> loadImage(const fs::path& path, const LoadOptions& options) {
    // Every face loads through here, some on worker threads without a handler of their own:
    // running out of memory on a file is that file's error, never the end of the program.
    try {
        return loadImageUnguarded(path, options);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, "out of memory while reading this image",
                         inputAsShown(path.native()));
    }
}

} // namespace voxdiff::core
