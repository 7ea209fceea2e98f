// SPDX-License-Identifier: BSD-3-Clause
#include "dicom/StructureCheckWalk.h"

#include <cstdio>
#include <cstring>

namespace voxdiff::core::dicom {

namespace {

constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFFu;
constexpr int kMaxNesting = 32;
constexpr std::uint16_t kItemGroup = 0xFFFE;
constexpr std::uint16_t kItem = 0xE000;
constexpr std::uint16_t kItemDelimiter = 0xE00D;
constexpr std::uint16_t kSequenceDelimiter = 0xE0DD;

/// Where a run of elements lives, which decides how it may end.
enum class Scope {
    DataSet,       ///< the top level: ends at the end of the bytes
    UndefinedItem, ///< ends with an item delimiter
    DefinedValue,  ///< ends exactly at the end of a defined length
};

/// Thrown inside the walk only, caught in walkDataSet: the walk's way to stop at the first
/// refusal from any depth.
struct Refusal {
    StructureFault fault;
};

[[noreturn]] void refuse(ErrorCode code, const char* rule, std::string message) {
    throw Refusal{StructureFault{code, rule, std::move(message)}};
}

class Walker {
  public:
    Walker(const std::uint8_t* bytes, bool bytesAreTheFile, PixelDataExtent& extent)
        : m_bytes(bytes), m_bytesAreTheFile(bytesAreTheFile), m_extent(extent) {}

    /// Walks elements in [pos, end); returns where the run ended (past an item delimiter for
    /// Scope::UndefinedItem).
    std::uint64_t elements(std::uint64_t pos, std::uint64_t end, int depth, ElementEncoding enc,
                           Scope scope) {
        while (pos < end) {
            need(pos, 8, end, "a data element's header");
            const std::uint16_t g = u16(pos, enc.bigEndian), e = u16(pos + 2, enc.bigEndian);
            if (g == kItemGroup) {
                if (e == kItemDelimiter && scope == Scope::UndefinedItem) {
                    return pos + 8;
                }
                refuse(ErrorCode::CorruptHeader, "item_tag_outside_sequence",
                       "item or delimiter tag " + tagText(g, e) + " where a data element belongs");
            }
            pos = element(pos, end, depth, enc, g, e);
        }
        if (scope == Scope::UndefinedItem) {
            refuse(ErrorCode::TruncatedData, "item_without_delimiter",
                   "an item of undefined length ends without its delimiter");
        }
        return pos;
    }

  private:
    std::uint16_t u16(std::uint64_t pos, bool big) const {
        const std::uint8_t b0 = m_bytes[pos], b1 = m_bytes[pos + 1];
        return static_cast<std::uint16_t>(big ? (b0 << 8) | b1 : (b1 << 8) | b0);
    }
    std::uint32_t u32(std::uint64_t pos, bool big) const {
        const std::uint32_t a = u16(pos, big), b = u16(pos + 2, big);
        return big ? (a << 16) | b : (b << 16) | a;
    }
    /// Refuses unless n bytes at pos lie before end.
    static void need(std::uint64_t pos, std::uint64_t n, std::uint64_t end, const char* what) {
        if (pos > end || end - pos < n) {
            refuse(ErrorCode::TruncatedData, "header_past_end",
                   std::string("the data ends inside ") + what);
        }
    }

    /// One data element at pos (tag g,e already read); returns the position after it.
    std::uint64_t element(std::uint64_t pos, std::uint64_t end, int depth, ElementEncoding enc,
                          std::uint16_t g, std::uint16_t e) {
        char vr[2] = {0, 0};
        std::uint64_t length = 0;
        std::uint64_t header = 8;
        if (!enc.explicitVr) {
            length = u32(pos + 4, enc.bigEndian);
        } else {
            vr[0] = static_cast<char>(m_bytes[pos + 4]);
            vr[1] = static_cast<char>(m_bytes[pos + 5]);
            if (!isKnownVr(vr[0], vr[1])) {
                refuse(ErrorCode::CorruptHeader, "unknown_vr",
                       "element " + tagText(g, e) + " has no known value representation");
            }
            if (hasLongLength(vr[0], vr[1])) {
                need(pos, 12, end, "a data element's header");
                length = u32(pos + 8, enc.bigEndian);
                header = 12;
            } else {
                length = u16(pos + 6, enc.bigEndian);
            }
        }
        pos += header;
        const bool pixelData = g == 0x7FE0 && e == 0x0010;
        const bool isSq = vr[0] == 'S' && vr[1] == 'Q';
        const bool isUn = vr[0] == 'U' && vr[1] == 'N';
        if (length == kUndefinedLength) {
            return undefinedLengthValue(pos, end, depth, enc, g, e, vr, pixelData);
        }
        if (length > end - pos) {
            refuse(ErrorCode::TruncatedData, "element_past_end",
                   "element " + tagText(g, e) + " declares " + std::to_string(length) +
                       " bytes but only " + std::to_string(end - pos) + " remain");
        }
        const std::uint64_t valueEnd = pos + length;
        if (pixelData) {
            definedPixelData(pos, length, depth, enc, vr);
        } else if (enc.explicitVr && isSq) {
            nested(depth, g, e);
            items(pos, valueEnd, depth + 1, enc, false);
        } else if ((!enc.explicitVr || isUn) && looksLikeItems(pos, length)) {
            // GDCM keeps these as bytes and parses them as a sequence when asked (implicit VR
            // first, then explicit): whatever it may parse must be as sound as the rest.
            nested(depth, g, e);
            lazySequence(pos, valueEnd, depth + 1);
        }
        return valueEnd;
    }

    std::uint64_t undefinedLengthValue(std::uint64_t pos, std::uint64_t end, int depth,
                                       ElementEncoding enc, std::uint16_t g, std::uint16_t e,
                                       const char* vr, bool pixelData) {
        const bool isSq = vr[0] == 'S' && vr[1] == 'Q';
        const bool isUn = vr[0] == 'U' && vr[1] == 'N';
        const bool isOther = (vr[0] == 'O' && (vr[1] == 'B' || vr[1] == 'W'));
        if (pixelData && (!enc.explicitVr || isOther || isUn)) {
            if (!enc.encapsulatedPixels) {
                refuse(ErrorCode::CorruptHeader, "fragments_in_native_syntax",
                       "pixel data of undefined length (fragments) in a transfer syntax that "
                       "is not compressed");
            }
            return fragments(pos, end, depth, enc);
        }
        if (enc.explicitVr && !isSq && !isUn) {
            refuse(ErrorCode::CorruptHeader, "undefined_length_not_sequence",
                   "element " + tagText(g, e) + " of VR " + std::string(vr, 2) +
                       " declares an undefined length, which only sequences may");
        }
        nested(depth, g, e);
        ElementEncoding inner = enc;
        if (isUn) {
            inner = ElementEncoding{false, false, enc.encapsulatedPixels}; // PS3.5 6.2.2
        }
        return items(pos, end, depth + 1, inner, true);
    }

    static void nested(int depth, std::uint16_t g, std::uint16_t e) {
        if (depth >= kMaxNesting) {
            refuse(ErrorCode::CorruptHeader, "nesting_too_deep",
                   "sequences nested more than " + std::to_string(kMaxNesting) +
                       " deep at element " + tagText(g, e));
        }
    }

    bool looksLikeItems(std::uint64_t pos, std::uint64_t length) const {
        return length >= 8 && u16(pos, false) == kItemGroup && u16(pos + 2, false) == kItem;
    }

    /// A defined-length value GDCM may parse as a sequence: sound as implicit VR or as
    /// explicit VR little endian (GDCM tries both), else refused.
    void lazySequence(std::uint64_t pos, std::uint64_t end, int depth) {
        try {
            items(pos, end, depth, ElementEncoding{false, false, false}, false);
            return;
        } catch (const Refusal& implicitFault) {
            try {
                items(pos, end, depth, ElementEncoding{true, false, false}, false);
            } catch (const Refusal&) {
                throw implicitFault;
            }
        }
    }

    /// Items of a sequence in [pos, end); undefinedLength: ends with a sequence delimiter.
    std::uint64_t items(std::uint64_t pos, std::uint64_t end, int depth, ElementEncoding enc,
                        bool undefinedLength) {
        while (pos < end) {
            need(pos, 8, end, "a sequence item's header");
            const std::uint16_t g = u16(pos, enc.bigEndian), e = u16(pos + 2, enc.bigEndian);
            const std::uint32_t length = u32(pos + 4, enc.bigEndian);
            pos += 8;
            if (g == kItemGroup && e == kSequenceDelimiter && undefinedLength) {
                return pos;
            }
            if (g != kItemGroup || e != kItem) {
                refuse(ErrorCode::CorruptHeader, "not_an_item",
                       "tag " + tagText(g, e) + " where a sequence item belongs");
            }
            nested(depth, g, e);
            if (length == kUndefinedLength) {
                pos = elements(pos, end, depth + 1, enc, Scope::UndefinedItem);
                continue;
            }
            if (length > end - pos) {
                refuse(ErrorCode::TruncatedData, "item_past_end",
                       "a sequence item declares " + std::to_string(length) + " bytes but only " +
                           std::to_string(end - pos) + " remain");
            }
            elements(pos, pos + length, depth + 1, enc, Scope::DefinedValue);
            pos += length;
        }
        if (undefinedLength) {
            refuse(ErrorCode::TruncatedData, "sequence_without_delimiter",
                   "a sequence of undefined length ends without its delimiter");
        }
        return pos;
    }

    void definedPixelData(std::uint64_t pos, std::uint64_t length, int depth, ElementEncoding enc,
                          const char* vr) {
        if (depth > 0) {
            return; // an icon's pixels: bytes like any other value
        }
        if (enc.encapsulatedPixels) {
            refuse(ErrorCode::CorruptHeader, "native_pixels_in_compressed_syntax",
                   "pixel data of defined length in a compressed transfer syntax");
        }
        onePixelData();
        m_extent.present = true;
        m_extent.encapsulated = false;
        m_extent.valueIsOw = vr[0] == 'O' && vr[1] == 'W';
        m_extent.valueOffset = m_bytesAreTheFile ? pos : 0;
        m_extent.valueBytes = length;
    }

    /// Encapsulated pixel data: a basic offset table item, fragments, a sequence delimiter.
    std::uint64_t fragments(std::uint64_t pos, std::uint64_t end, int depth, ElementEncoding enc) {
        std::uint64_t fragmentCount = 0;
        std::uint64_t fragmentBytes = 0; // item headers included: the table's unit
        std::uint64_t tableAt = 0;
        std::uint64_t tableBytes = 0;
        bool first = true;
        while (true) {
            need(pos, 8, end, "encapsulated pixel data");
            const std::uint16_t g = u16(pos, enc.bigEndian), e = u16(pos + 2, enc.bigEndian);
            const std::uint32_t length = u32(pos + 4, enc.bigEndian);
            pos += 8;
            if (g == kItemGroup && e == kSequenceDelimiter) {
                break;
            }
            if (g != kItemGroup || e != kItem || length == kUndefinedLength) {
                refuse(ErrorCode::CorruptHeader, "not_a_fragment",
                       "tag " + tagText(g, e) + " where a pixel data fragment belongs");
            }
            if (length > end - pos) {
                refuse(ErrorCode::TruncatedData, "fragment_past_end",
                       "a pixel data fragment declares " + std::to_string(length) +
                           " bytes but only " + std::to_string(end - pos) + " remain");
            }
            if (first) {
                tableAt = pos;
                tableBytes = length;
                first = false;
            } else {
                ++fragmentCount;
                fragmentBytes += 8 + length;
            }
            pos += length;
        }
        if (first) {
            refuse(ErrorCode::CorruptHeader, "no_offset_table",
                   "encapsulated pixel data without its basic offset table item");
        }
        offsetTable(tableAt, tableBytes, fragmentBytes, enc);
        if (depth == 0) {
            onePixelData();
            m_extent.present = true;
            m_extent.encapsulated = true;
            m_extent.valueBytes = fragmentBytes;
            m_extent.fragmentCount = fragmentCount;
            m_extent.offsetTableEntries = tableBytes / 4;
        }
        return pos;
    }

    /// GDCM keeps the first of two equal tags, the walk would describe the second.
    void onePixelData() const {
        if (m_extent.present) {
            refuse(ErrorCode::CorruptHeader, "duplicate_pixel_data",
                   "the data set holds pixel data (7FE0,0010) twice");
        }
    }

    void offsetTable(std::uint64_t at, std::uint64_t bytes, std::uint64_t fragmentBytes,
                     ElementEncoding enc) {
        if (bytes % 4 != 0) {
            refuse(ErrorCode::CorruptHeader, "offset_table_length",
                   "the basic offset table's length " + std::to_string(bytes) +
                       " is not a multiple of 4");
        }
        std::uint64_t previous = 0;
        for (std::uint64_t n = 0; n < bytes / 4; ++n) {
            const std::uint64_t offset = u32(at + 4 * n, enc.bigEndian);
            if ((n == 0 && offset != 0) || offset < previous || offset >= fragmentBytes) {
                refuse(ErrorCode::CorruptHeader, "offset_table_entry",
                       "basic offset table entry " + std::to_string(n) + " (" +
                           std::to_string(offset) + ") does not point at a fragment");
            }
            previous = offset;
        }
    }

    const std::uint8_t* m_bytes;
    bool m_bytesAreTheFile;
    PixelDataExtent& m_extent;
};

} // namespace

std::string tagText(std::uint16_t group, std::uint16_t element) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "(%04X,%04X)", group, element);
    return buf;
}

bool isKnownVr(char a, char b) {
    static const char* const kVrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL",
                                       "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
                                       "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC",
                                       "UI", "UL", "UN", "UR", "US", "UT", "UV"};
    for (const char* v : kVrs) {
        if (v[0] == a && v[1] == b) {
            return true;
        }
    }
    return false;
}

bool hasLongLength(char a, char b) {
    static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                        "SV", "UC", "UN", "UR", "UT", "UV"};
    for (const char* v : kLong) {
        if (v[0] == a && v[1] == b) {
            return true;
        }
    }
    return false;
}

std::optional<StructureFault> walkDataSet(const std::uint8_t* bytes, std::uint64_t size,
                                          std::uint64_t begin, ElementEncoding encoding,
                                          bool bytesAreTheFile, PixelDataExtent& extent) {
    try {
        Walker(bytes, bytesAreTheFile, extent).elements(begin, size, 0, encoding, Scope::DataSet);
    } catch (const Refusal& r) {
        return r.fault;
    }
    return std::nullopt;
}

} // namespace voxdiff::core::dicom
