#include "Markup.h"

namespace voxdiff::core {

std::string escapeMarkup(std::string_view text, MarkupPlace place) {
    const bool attribute = place == MarkupPlace::Attribute;
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
