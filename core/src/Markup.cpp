// SPDX-License-Identifier: BSD-3-Clause
#include "Markup.h"

#include "voxdiff/Utf8.h"

namespace voxdiff::core {

std::string escapeMarkup(std::string_view bytes, MarkupPlace place) {
    const bool attribute = place == MarkupPlace::Attribute;
    const std::string text = toValidUtf8(bytes); // text from files and paths may be any bytes
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += attribute ? "&quot;" : "\"";
            break;
        case '\n':
            out += attribute ? "&#10;" : "\n";
            break;
        case '\t':
            out += attribute ? "&#9;" : "\t";
            break;
        default:
            if (u >= 0x20 || c == '\r') {
                out += c;
            }
        }
    }
    return out;
}

} // namespace voxdiff::core
