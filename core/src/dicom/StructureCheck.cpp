// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/StructureCheck.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "dicom/StructureCheckWalk.h"

namespace voxdiff::core::dicom {

namespace fs = std::filesystem;

namespace {

/// A deflated data set may inflate to this much at most (a deflate bomb is refused here).
constexpr std::uint64_t kMaxInflatedBytes = std::uint64_t{64} << 20;
constexpr std::uint64_t kPreamble = 128;

/// The file, mapped read-only (nothing is allocated for its size).
class MappedFile {
  public:
    explicit MappedFile(const fs::path& file) {
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            m_errno = errno;
            return;
        }
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            m_size = static_cast<std::uint64_t>(st.st_size);
            if (m_size > 0) {
                void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
                m_data = p == MAP_FAILED ? nullptr : static_cast<const std::uint8_t*>(p);
                m_errno = p == MAP_FAILED ? errno : 0;
            }
        } else {
            m_errno = EINVAL;
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (m_data != nullptr) {
            ::munmap(const_cast<std::uint8_t*>(m_data), m_size);
        }
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::uint8_t* data() const { return m_data; }
    std::uint64_t size() const { return m_size; }
    int error() const { return m_errno; }

  private:
    const std::uint8_t* m_data = nullptr;
    std::uint64_t m_size = 0;
    int m_errno = 0;
};

std::uint16_t le16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
std::uint32_t le32(const std::uint8_t* p) {
    return le16(p) | (static_cast<std::uint32_t>(le16(p + 2)) << 16);
}

/// The meta header (group 0002, explicit VR little endian by definition) from pos; leaves pos
/// after it and the transfer syntax UID (trimmed) in `uid`.
std::optional<StructureFault> walkMeta(const MappedFile& f, std::uint64_t& pos, std::string& uid) {
    const std::uint8_t* d = f.data();
    while (f.size() - pos >= 8 && le16(d + pos) == 0x0002) {
        const std::uint16_t e = le16(d + pos + 2);
        const char a = static_cast<char>(d[pos + 4]), b = static_cast<char>(d[pos + 5]);
        // GDCM asserts on a sequence in the meta header, and reads it with the VRs it knew
        // before 2019 (not OV, SV, UV).
        const bool newVr = (a == 'O' || a == 'S' || a == 'U') && b == 'V';
        if (a == 'S' && b == 'Q') {
            return StructureFault{ErrorCode::CorruptHeader, "meta_sequence",
                                  "meta header element " + tagText(0x0002, e) + " is a sequence"};
        }
        if (!isKnownVr(a, b) || newVr) {
            return StructureFault{ErrorCode::CorruptHeader, "meta_without_vr",
                                  "meta header element " + tagText(0x0002, e) +
                                      " has no valid value representation"};
        }
        std::uint64_t length = le16(d + pos + 6);
        std::uint64_t header = 8;
        if (hasLongLength(a, b)) {
            if (f.size() - pos < 12) {
                return StructureFault{ErrorCode::TruncatedData, "header_past_end",
                                      "the file ends inside its meta header"};
            }
            length = le32(d + pos + 8);
            header = 12;
        }
        if (length > f.size() - pos - header) {
            return StructureFault{ErrorCode::TruncatedData, "element_past_end",
                                  "meta element " + tagText(0x0002, e) + " declares " +
                                      std::to_string(length) + " bytes, past the end of the file"};
        }
        if (e == 0x0010) {
            uid.assign(reinterpret_cast<const char*>(d + pos + header), length);
            while (!uid.empty() && (uid.back() == '\0' || uid.back() == ' ')) {
                uid.pop_back();
            }
        }
        pos += header + length;
    }
    return std::nullopt;
}

/// The encoding a transfer syntax UID names; nullopt for one VoxDiff does not read.
std::optional<ElementEncoding> encodingOf(const std::string& uid, bool& deflated) {
    deflated = false;
    if (uid == "1.2.840.10008.1.2") {
        return ElementEncoding{false, false, false};
    }
    if (uid == "1.2.840.10008.1.2.1") {
        return ElementEncoding{true, false, false};
    }
    if (uid == "1.2.840.10008.1.2.2") {
        return ElementEncoding{true, true, false};
    }
    if (uid == "1.2.840.10008.1.2.1.99") {
        deflated = true;
        return ElementEncoding{true, false, false};
    }
    // The compressed syntaxes GDCM decodes: JPEG baseline/extended/lossless, JPEG-LS,
    // JPEG 2000, RLE.
    for (const char* c :
         {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
          "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
          "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.5"}) {
        if (uid == c) {
            return ElementEncoding{true, false, true};
        }
    }
    return std::nullopt;
}

/// Without a transfer syntax: explicit VR little endian if the first element carries a VR.
ElementEncoding guessEncoding(const MappedFile& f, std::uint64_t pos) {
    const std::uint8_t* d = f.data();
    const bool vr = f.size() - pos >= 6 &&
                    isKnownVr(static_cast<char>(d[pos + 4]), static_cast<char>(d[pos + 5]));
    return ElementEncoding{vr, false, false};
}

/// Inflates the raw deflate stream of a deflated data set, at most kMaxInflatedBytes.
Result<std::vector<std::uint8_t>> inflateDataSet(const std::uint8_t* in, std::uint64_t size,
                                                 const fs::path& file) {
    std::vector<std::uint8_t> out;
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) {
        return makeError(ErrorCode::Internal, "zlib cannot start inflating", file);
    }
    z.next_in = const_cast<Bytef*>(in);
    z.avail_in = static_cast<uInt>(std::min<std::uint64_t>(size, 1u << 30));
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (out.size() >= kMaxInflatedBytes) {
            inflateEnd(&z);
            return makeError(ErrorCode::TooLarge,
                             "the deflated data set inflates past " +
                                 std::to_string(kMaxInflatedBytes >> 20) + " MiB",
                             file, "structure rule deflate_bound");
        }
        const std::size_t before = out.size();
        out.resize(std::min<std::uint64_t>(before + (std::uint64_t{1} << 20), kMaxInflatedBytes));
        z.next_out = out.data() + before;
        z.avail_out = static_cast<uInt>(out.size() - before);
        rc = inflate(&z, Z_NO_FLUSH);
        out.resize(out.size() - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            break;
        }
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        return makeError(ErrorCode::CorruptHeader, "the deflated data set cannot be inflated", file,
                         "structure rule deflate_stream");
    }
    return out;
}

Error faultError(const StructureFault& fault, const fs::path& file) {
    return makeError(fault.code, fault.message, file, "structure rule " + fault.rule);
}

Error notDicom(const fs::path& file) {
    return makeError(ErrorCode::UnknownFormat, "not a DICOM file", file,
                     "structure rule not_dicom");
}

/// Where the data set starts and how it is encoded, from the preamble and meta header.
Result<std::uint64_t> readPreambleAndMeta(const MappedFile& f, DicomStructure& s,
                                          ElementEncoding& enc, const fs::path& file) {
    const std::uint8_t* d = f.data();
    std::uint64_t pos = 0;
    if (f.size() >= kPreamble + 4 && std::memcmp(d + kPreamble, "DICM", 4) == 0) {
        pos = kPreamble + 4;
    } else if (f.size() < 8 || le16(d) > 0x0010) {
        // No preamble: a data set starts with a low group (0002 or 0008 in practice).
        return notDicom(file);
    }
    if (auto fault = walkMeta(f, pos, s.transferSyntaxUid)) {
        return faultError(*fault, file);
    }
    if (pos == f.size()) {
        // GDCM asserts when the meta header runs to the end of the file (found by fuzzing).
        return makeError(ErrorCode::TruncatedData, "the file holds no data set", file,
                         "structure rule no_data_set");
    }
    if (s.transferSyntaxUid.empty()) {
        enc = guessEncoding(f, pos);
        return pos;
    }
    auto known = encodingOf(s.transferSyntaxUid, s.deflated);
    if (!known) {
        return makeError(ErrorCode::UnsupportedData,
                         "transfer syntax " + s.transferSyntaxUid + " is not one VoxDiff reads",
                         file, "structure rule unknown_transfer_syntax");
    }
    enc = *known;
    s.bigEndian = enc.bigEndian;
    return pos;
}

} // namespace

Result<DicomStructure> checkDicomStructure(const fs::path& file) {
    const MappedFile f(file);
    if (f.error() == EACCES || f.error() == EPERM) {
        return makeError(ErrorCode::PermissionDenied, "permission denied", file);
    }
    if (f.error() != 0) {
        return makeError(ErrorCode::ReadFailed, std::strerror(f.error()), file);
    }
    if (f.size() == 0) {
        return notDicom(file);
    }
    DicomStructure s;
    ElementEncoding enc;
    auto start = readPreambleAndMeta(f, s, enc, file);
    if (!start.ok()) {
        return start.error();
    }
    std::optional<StructureFault> fault;
    if (s.deflated) {
        auto inflated = inflateDataSet(f.data() + start.value(), f.size() - start.value(), file);
        if (!inflated.ok()) {
            return inflated.error();
        }
        fault = walkDataSet(inflated->data(), inflated->size(), 0, enc, false, s.pixelData);
    } else {
        fault = walkDataSet(f.data(), f.size(), start.value(), enc, true, s.pixelData);
    }
    if (fault) {
        return faultError(*fault, file);
    }
    return s;
}

} // namespace voxdiff::core::dicom
