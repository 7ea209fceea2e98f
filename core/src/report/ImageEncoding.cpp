// SPDX-License-Identifier: BSD-3-Clause
#include <glib.h>

#include "report/Canvas.h"
#include "voxdiff/ReportImage.h"

namespace voxdiff::core {

std::string encodePng(const RgbImage& image) {
    cairo_surface_t* surface = report::toCairoSurface(image);
    std::string png;
    if (cairo_surface_write_to_png_stream(surface, report::appendToString, &png) !=
        CAIRO_STATUS_SUCCESS) {
        png.clear();
    }
    cairo_surface_destroy(surface);
    return png;
}

std::string base64Encode(const std::string& bytes) {
    gchar* encoded = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
    std::string out(encoded);
    g_free(encoded);
    return out;
}

} // namespace voxdiff::core
