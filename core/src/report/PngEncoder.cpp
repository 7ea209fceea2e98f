#include <zlib.h>

#include <array>

#include "voxdiff/ReportImage.h"

namespace voxdiff::core {

namespace {

void putU32(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>((v >> 24) & 0xff));
    out.push_back(static_cast<char>((v >> 16) & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
    out.push_back(static_cast<char>(v & 0xff));
}

void putChunk(std::string& out, const char* type, const std::string& data) {
    putU32(out, static_cast<std::uint32_t>(data.size()));
    const std::string typed = std::string(type, 4) + data;
    out += typed;
    const auto crc =
        crc32(0L, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
    putU32(out, static_cast<std::uint32_t>(crc));
}

} // namespace

std::string encodePng(const RgbImage& image) {
    std::string raw;
    const auto rowBytes = static_cast<std::size_t>(3 * image.width);
    raw.reserve((rowBytes + 1) * static_cast<std::size_t>(image.height));
    for (int y = 0; y < image.height; ++y) {
        raw.push_back('\0'); // filter type 0 (none): zlib does well enough on report slices
        raw.append(reinterpret_cast<const char*>(image.pixel(0, y)), rowBytes);
    }
    uLongf packedSize = compressBound(static_cast<uLong>(raw.size()));
    std::string packed(packedSize, '\0');
    compress2(reinterpret_cast<Bytef*>(packed.data()), &packedSize,
              reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), 6);
    packed.resize(packedSize);

    std::string out("\x89PNG\r\n\x1a\n", 8);
    std::string header;
    putU32(header, static_cast<std::uint32_t>(image.width));
    putU32(header, static_cast<std::uint32_t>(image.height));
    header +=
        std::string("\x08\x02\x00\x00\x00", 5); // 8-bit, RGB, deflate, no filter, no interlace
    putChunk(out, "IHDR", header);
    putChunk(out, "IDAT", packed);
    putChunk(out, "IEND", {});
    return out;
}

std::string base64Encode(const std::string& bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t n = 0;
    for (; n + 2 < bytes.size(); n += 3) {
        const auto v = (static_cast<unsigned char>(bytes[n]) << 16) |
                       (static_cast<unsigned char>(bytes[n + 1]) << 8) |
                       static_cast<unsigned char>(bytes[n + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (n + 1 == bytes.size()) {
        const auto v = static_cast<unsigned char>(bytes[n]) << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += "==";
    } else if (n + 2 == bytes.size()) {
        const auto v = (static_cast<unsigned char>(bytes[n]) << 16) |
                       (static_cast<unsigned char>(bytes[n + 1]) << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

} // namespace voxdiff::core
