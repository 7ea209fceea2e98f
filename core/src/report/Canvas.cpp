// SPDX-License-Identifier: BSD-3-Clause
#include "report/Canvas.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>

namespace voxdiff::core::report {

namespace {

const char* familyOf(Canvas::Font font) {
    switch (font) {
    case Canvas::Font::Regular:
        return "DejaVu Sans";
    case Canvas::Font::Bold:
        return "DejaVu Sans Bold";
    case Canvas::Font::Mono:
        return "DejaVu Sans Mono";
    }
    return "DejaVu Sans";
}

// Unhinted outlines and linear advances: a width measured once holds on every surface and at
// every resolution, so wrapped lines and centred labels land where the layout put them.
void useUnhintedText(PangoContext* context) {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
}

struct LayoutDeleter {
    void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

// One line of text in the font, at `size` units (absolute: independent of any dpi setting).
LayoutPtr makeLayout(PangoContext* context, const std::string& utf8, Canvas::Font font,
                     double size) {
    LayoutPtr layout(pango_layout_new(context));
    PangoFontDescription* description = pango_font_description_from_string(familyOf(font));
    pango_font_description_set_absolute_size(description, size * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), description);
    pango_font_description_free(description);
    pango_layout_set_single_paragraph_mode(layout.get(), TRUE);
    gchar* valid = g_utf8_make_valid(utf8.c_str(), static_cast<gssize>(utf8.size()));
    pango_layout_set_text(layout.get(), valid, -1);
    g_free(valid);
    return layout;
}

// The measuring context of this thread (pango's font maps are per thread).
PangoContext* measuringContext() {
    struct Holder {
        PangoContext* context = nullptr;
        Holder() {
            context = pango_font_map_create_context(pango_cairo_font_map_get_default());
            useUnhintedText(context);
        }
        ~Holder() { g_object_unref(context); }
    };
    thread_local Holder holder;
    return holder.context;
}

} // namespace

cairo_status_t appendToString(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t* toCairoSurface(const RgbImage& image) {
    cairo_surface_t* surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        return surface;
    }
    cairo_surface_flush(surface);
    unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < image.height; ++y) {
        auto* row =
            reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < image.width; ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            row[x] = (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
        }
    }
    cairo_surface_mark_dirty(surface);
    return surface;
}

Canvas::Canvas() {
    m_surface =
        cairo_pdf_surface_create_for_stream(appendToString, &m_bytes, kPageWidth, kPageHeight);
    cairo_pdf_surface_restrict_to_version(m_surface, CAIRO_PDF_VERSION_1_4);
    cairo_pdf_surface_set_metadata(m_surface, CAIRO_PDF_METADATA_CREATOR, "VoxDiff");
    m_cairo = cairo_create(m_surface);
    m_pango = pango_cairo_create_context(m_cairo);
    useUnhintedText(m_pango);
}

Canvas::Canvas(double width, double height, double pixelsPerUnit)
    : m_height(height), m_pdf(false), m_pageCount(1) {
    const int pixelsWide = std::max(1, static_cast<int>(std::ceil(width * pixelsPerUnit)));
    const int pixelsHigh = std::max(1, static_cast<int>(std::ceil(height * pixelsPerUnit)));
    m_surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixelsWide, pixelsHigh);
    m_cairo = cairo_create(m_surface);
    cairo_set_source_rgb(m_cairo, 1.0, 1.0, 1.0);
    cairo_paint(m_cairo);
    cairo_scale(m_cairo, pixelsPerUnit, pixelsPerUnit);
    m_pango = pango_cairo_create_context(m_cairo);
    useUnhintedText(m_pango);
}

Canvas::~Canvas() {
    for (cairo_surface_t* image : m_images) {
        cairo_surface_destroy(image);
    }
    g_object_unref(m_pango);
    cairo_destroy(m_cairo);
    cairo_surface_destroy(m_surface);
}

void Canvas::newPage() {
    if (m_pdf && m_pageCount > 0) {
        cairo_show_page(m_cairo);
    }
    ++m_pageCount;
}

int Canvas::addImage(const RgbImage& image) {
    m_images.push_back(toCairoSurface(image));
    return static_cast<int>(m_images.size()) - 1;
}

void Canvas::drawImage(int id, double x, double y, double width, double height) {
    cairo_surface_t* image = m_images.at(static_cast<std::size_t>(id));
    const int pixelsWide = cairo_image_surface_get_width(image);
    const int pixelsHigh = cairo_image_surface_get_height(image);
    if (pixelsWide <= 0 || pixelsHigh <= 0) {
        return;
    }
    cairo_save(m_cairo);
    cairo_translate(m_cairo, x, flipY(y + height));
    cairo_scale(m_cairo, width / pixelsWide, height / pixelsHigh);
    cairo_set_source_surface(m_cairo, image, 0.0, 0.0);
    cairo_pattern_set_filter(cairo_get_source(m_cairo), CAIRO_FILTER_NEAREST);
    cairo_rectangle(m_cairo, 0.0, 0.0, pixelsWide, pixelsHigh);
    cairo_fill(m_cairo);
    cairo_restore(m_cairo);
}

void Canvas::drawText(double x, double y, Font font, double size, const std::string& utf8,
                      const Rgb& colour, bool vertical) {
    const LayoutPtr layout = makeLayout(m_pango, utf8, font, size);
    const double baseline =
        pango_layout_get_baseline(layout.get()) / static_cast<double>(PANGO_SCALE);
    cairo_save(m_cairo);
    setColour(colour);
    cairo_translate(m_cairo, x, flipY(y));
    if (vertical) {
        cairo_rotate(m_cairo, -std::numbers::pi / 2.0);
    }
    cairo_move_to(m_cairo, 0.0, -baseline);
    pango_cairo_update_layout(m_cairo, layout.get());
    pango_cairo_show_layout(m_cairo, layout.get());
    cairo_restore(m_cairo);
}

void Canvas::fillRect(double x, double y, double width, double height, const Rgb& colour) {
    setColour(colour);
    cairo_rectangle(m_cairo, x, flipY(y + height), width, height);
    cairo_fill(m_cairo);
}

void Canvas::strokeRect(double x, double y, double width, double height, const Rgb& colour,
                        double lineWidth) {
    setColour(colour);
    cairo_set_line_width(m_cairo, lineWidth);
    cairo_set_dash(m_cairo, nullptr, 0, 0.0);
    cairo_rectangle(m_cairo, x, flipY(y + height), width, height);
    cairo_stroke(m_cairo);
}

void Canvas::drawPolyline(const std::vector<Point2>& points, const Rgb& colour, double lineWidth,
                          bool dashed) {
    if (points.size() < 2) {
        return;
    }
    static constexpr double kDashes[] = {3.0, 2.0};
    setColour(colour);
    cairo_set_line_width(m_cairo, lineWidth);
    cairo_set_dash(m_cairo, kDashes, dashed ? 2 : 0, 0.0);
    cairo_move_to(m_cairo, points[0][0], flipY(points[0][1]));
    for (std::size_t n = 1; n < points.size(); ++n) {
        cairo_line_to(m_cairo, points[n][0], flipY(points[n][1]));
    }
    cairo_stroke(m_cairo);
}

double Canvas::textWidth(const std::string& utf8, Font font, double size) {
    const LayoutPtr layout = makeLayout(measuringContext(), utf8, font, size);
    PangoRectangle logical{};
    pango_layout_get_extents(layout.get(), nullptr, &logical);
    return logical.width / static_cast<double>(PANGO_SCALE);
}

std::string Canvas::finish() {
    if (m_pdf) {
        cairo_surface_finish(m_surface);
        return cairo_surface_status(m_surface) == CAIRO_STATUS_SUCCESS ? m_bytes : std::string();
    }
    cairo_surface_flush(m_surface);
    std::string png;
    if (cairo_surface_write_to_png_stream(m_surface, appendToString, &png) !=
        CAIRO_STATUS_SUCCESS) {
        return {};
    }
    return png;
}

void Canvas::setColour(const Rgb& colour) {
    cairo_set_source_rgb(m_cairo, colour[0] / 255.0, colour[1] / 255.0, colour[2] / 255.0);
}

} // namespace voxdiff::core::report
