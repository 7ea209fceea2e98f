#include "dicom/StructureCheck.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

namespace voxdiff::core::dicom {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFFu;
constexpr int kMaxNesting = 32;

enum class Encoding { ImplicitLittle, ExplicitLittle, ExplicitBig };

/// The walk's outcome so far.
struct WalkOutcome {
    bool stopWalking = false; // the structure is not understood: leave it to GDCM
    Status status = Ok{};
};

class Walker {
  public:
    Walker(std::ifstream& in, std::uint64_t size, const fs::path& file)
        : m_in(in), m_size(size), m_file(file) {}

    Status run() {
        std::uint64_t pos = 0;
        char magic[4] = {};
        if (m_size >= 132 && read(128, magic, 4) && std::string(magic, 4) == "DICM") {
            pos = 132;
            std::string transferSyntax;
            if (!walkMeta(pos, transferSyntax)) {
                return m_verdict.status;
            }
            if (transferSyntax == "1.2.840.10008.1.2") {
                m_encoding = Encoding::ImplicitLittle;
            } else if (transferSyntax == "1.2.840.10008.1.2.2") {
                m_encoding = Encoding::ExplicitBig;
            } else if (transferSyntax == "1.2.840.10008.1.2.1.99") {
                return Ok{}; // deflated: nothing to walk without inflating
            } else {
                m_encoding = Encoding::ExplicitLittle;
            }
        } else {
            // No preamble: explicit VR if the bytes after the first tag look like a VR.
            char head[6] = {};
            if (!read(0, head, 6)) {
                return Ok{};
            }
            // Data sets start with a low group (0002 or 0008 in practice); anything else is not
            // DICOM as far as this walk can tell, and GDCM gets to say so.
            if (u16(head, false) > 0x0010) {
                return Ok{};
            }
            m_encoding =
                isVr(head[4], head[5]) ? Encoding::ExplicitLittle : Encoding::ImplicitLittle;
        }
        walkElements(pos, m_size, 0, false);
        return m_verdict.status;
    }

  private:
    bool read(std::uint64_t pos, char* out, std::size_t n) {
        if (pos + n > m_size) {
            return false;
        }
        m_in.seekg(static_cast<std::streamoff>(pos));
        m_in.read(out, static_cast<std::streamsize>(n));
        return m_in.good();
    }
    std::uint16_t u16(const char* p, bool big) const {
        const auto b0 = static_cast<unsigned char>(p[0]), b1 = static_cast<unsigned char>(p[1]);
        return static_cast<std::uint16_t>(big ? (b0 << 8) | b1 : (b1 << 8) | b0);
    }
    std::uint32_t u32(const char* p, bool big) const {
        const std::uint32_t lo = u16(p, big), hi = u16(p + 2, big);
        return big ? (lo << 16) | hi : (hi << 16) | lo;
    }
    static bool isVr(char a, char b) { return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z'; }
    static bool hasLongLength(const std::string& vr) {
        for (const char* v :
             {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"}) {
            if (vr == v) {
                return true;
            }
        }
        return false;
    }
    static std::string tagText(std::uint16_t g, std::uint16_t e) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "(%04X,%04X)", g, e);
        return buf;
    }
    void fail(ErrorCode code, const std::string& message) {
        m_verdict.stopWalking = true;
        m_verdict.status = makeError(code, message, m_file);
    }
    void stop() { m_verdict.stopWalking = true; }

    /// Group 0002 is always explicit VR little endian.
    bool walkMeta(std::uint64_t& pos, std::string& transferSyntax) {
        while (pos + 8 <= m_size) {
            char h[12];
            if (!read(pos, h, 8) || u16(h, false) != 0x0002) {
                return true;
            }
            const std::string vr(h + 4, 2);
            if (!isVr(h[4], h[5])) {
                // The meta header is explicit VR by definition; GDCM asserts on anything else.
                fail(ErrorCode::CorruptHeader, "meta header element " +
                                                   tagText(0x0002, u16(h + 2, false)) +
                                                   " has no valid value representation");
                return false;
            }
            std::uint64_t length = u16(h + 6, false);
            std::uint64_t header = 8;
            if (hasLongLength(vr)) {
                if (!read(pos, h, 12)) {
                    fail(ErrorCode::TruncatedData, "the file ends inside its meta header");
                    return false;
                }
                length = u32(h + 8, false);
                header = 12;
            }
            if (pos + header + length > m_size) {
                fail(ErrorCode::TruncatedData,
                     "meta element " + tagText(0x0002, u16(h + 2, false)) + " declares " +
                         std::to_string(length) + " bytes, past the end of the file");
                return false;
            }
            if (u16(h + 2, false) == 0x0010 && length < 128) {
                std::string uid(static_cast<std::size_t>(length), '\0');
                read(pos + header, uid.data(), uid.size());
                while (!uid.empty() && (uid.back() == '\0' || uid.back() == ' ')) {
                    uid.pop_back();
                }
                transferSyntax = uid;
            }
            pos += header + length;
        }
        return true;
    }

    /// Walks elements in [pos, end); inItem: stop at an item delimiter.
    std::uint64_t walkElements(std::uint64_t pos, std::uint64_t end, int depth, bool inItem) {
        const bool big = m_encoding == Encoding::ExplicitBig;
        while (pos < end && !m_verdict.stopWalking) {
            char h[12];
            if (!read(pos, h, 8)) {
                fail(ErrorCode::TruncatedData, "the file ends inside a data element's header");
                return end;
            }
            const std::uint16_t g = u16(h, big), e = u16(h + 2, big);
            if (g == 0xFFFE) {
                // Delimiters and items are always "tag + 4-byte length", in the data set's order.
                if (e == 0xE00D && inItem) {
                    return pos + 8;
                }
                stop(); // an item or delimiter where an element belongs: let GDCM judge
                return end;
            }
            std::uint64_t length = 0;
            std::uint64_t header = 8;
            bool sequence = false;
            if (m_encoding == Encoding::ImplicitLittle) {
                length = u32(h + 4, false);
                sequence = length == kUndefinedLength;
            } else {
                if (!isVr(h[4], h[5])) {
                    stop();
                    return end;
                }
                const std::string vr(h + 4, 2);
                if (hasLongLength(vr)) {
                    if (!read(pos, h, 12)) {
                        fail(ErrorCode::TruncatedData,
                             "the file ends inside element " + tagText(g, e));
                        return end;
                    }
                    length = u32(h + 8, big);
                    header = 12;
                } else {
                    length = u16(h + 6, big);
                }
                sequence = length == kUndefinedLength;
            }
            pos += header;
            if (sequence) {
                if (depth >= kMaxNesting) {
                    fail(ErrorCode::CorruptHeader, "sequences nested more than " +
                                                       std::to_string(kMaxNesting) +
                                                       " deep at element " + tagText(g, e));
                    return end;
                }
                pos = walkItems(pos, end, depth + 1, g == 0x7FE0);
                continue;
            }
            if (pos + length > end) {
                fail(ErrorCode::TruncatedData,
                     "element " + tagText(g, e) + " declares " + std::to_string(length) +
                         " bytes but only " + std::to_string(end - pos) + " remain in the file");
                return end;
            }
            pos += length;
        }
        return pos;
    }

    /// Items of an undefined-length sequence (or encapsulated pixel data fragments).
    std::uint64_t walkItems(std::uint64_t pos, std::uint64_t end, int depth, bool fragments) {
        const bool big = m_encoding == Encoding::ExplicitBig;
        while (pos < end && !m_verdict.stopWalking) {
            char h[8];
            if (!read(pos, h, 8)) {
                fail(ErrorCode::TruncatedData, "the file ends inside a sequence");
                return end;
            }
            const std::uint16_t g = u16(h, big), e = u16(h + 2, big);
            const std::uint32_t length = u32(h + 4, big);
            pos += 8;
            if (g != 0xFFFE) {
                stop();
                return end;
            }
            if (e == 0xE0DD) {
                return pos; // sequence delimiter
            }
            if (e != 0xE000) {
                stop();
                return end;
            }
            if (length == kUndefinedLength && !fragments) {
                if (depth >= kMaxNesting) {
                    fail(ErrorCode::CorruptHeader, "sequence items nested more than " +
                                                       std::to_string(kMaxNesting) + " deep");
                    return end;
                }
                pos = walkElements(pos, end, depth + 1, true);
                continue;
            }
            if (length == kUndefinedLength || pos + length > end) {
                fail(ErrorCode::TruncatedData,
                     std::string(fragments ? "a pixel data fragment" : "a sequence item") +
                         " declares " + std::to_string(length) +
                         " bytes, past the end of the file");
                return end;
            }
            pos += length;
        }
        return pos;
    }

    std::ifstream& m_in;
    std::uint64_t m_size;
    const fs::path& m_file;
    Encoding m_encoding = Encoding::ExplicitLittle;
    WalkOutcome m_verdict;
};

} // namespace

Status checkDicomStructure(const fs::path& file) {
    std::error_code ec;
    const std::uint64_t size = fs::file_size(file, ec);
    if (ec) {
        return Ok{}; // the reader reports unreadable files itself
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return Ok{};
    }
    return Walker(in, size, file).run();
}

} // namespace voxdiff::core::dicom
