// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <string>
#include <string_view>

namespace voxdiff::core {

/// Where escaped text goes in an XML or HTML document.
enum class MarkupPlace {
    Content,  ///< between tags: line breaks and tabs stay as they are
    Attribute ///< inside a double-quoted attribute value
};

/// The one markup escape for the HTML report and the JUnit XML: the text as well-formed UTF-8
/// (toValidUtf8: ill-formed bytes become U+FFFD); &, <, > (and " in an attribute) become
/// entities; the control characters XML 1.0 cannot carry (below U+0020
/// except tab, line feed and carriage return) are dropped; in an attribute, line feed and tab
/// become character references so that attribute normalisation keeps them.
std::string escapeMarkup(std::string_view bytes, MarkupPlace place);

} // namespace voxdiff::core
