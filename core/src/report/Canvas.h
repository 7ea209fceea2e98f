// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include <string>
#include <vector>

#include "report/ChartLayout.h"
#include "voxdiff/ReportImage.h"

namespace voxdiff::core::report {

/// Where the report's pages, figures and charts are drawn: cairo surfaces with text laid out by
/// pango (DejaVu Sans, and any other script through fontconfig's fallback, e.g. Noto CJK).
/// A PDF canvas holds A4 pages and embeds the subset of every font it uses; a raster canvas
/// holds one picture that finish() returns as PNG.
/// Coordinates are points (PDF) or units of 1/pixelsPerUnit pixel (raster) with the origin at
/// the bottom-left and y pointing up (PDF's convention). Text is UTF-8; invalid sequences are
/// shown as U+FFFD. Not copyable; one canvas per thread.
class Canvas {
  public:
    static constexpr double kPageWidth = 595.276;
    static constexpr double kPageHeight = 841.89;
    enum class Font { Regular, Bold, Mono };

    /// A PDF document of A4 pages (PDF 1.4).
    Canvas();
    /// A white raster picture of width x height units, pixelsPerUnit pixels per unit.
    Canvas(double width, double height, double pixelsPerUnit);
    ~Canvas();
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;

    /// Starts a new page (PDF); drawing goes to it.
    void newPage();
    int pageCount() const { return m_pageCount; }

    /// Stores an image once; returns its id for drawImage().
    int addImage(const RgbImage& image);
    /// Draws the image in the box, pixels as squares (no smoothing between voxels).
    void drawImage(int id, double x, double y, double width, double height);
    /// Text with its baseline starting at (x, y); rotated 90 degrees counter-clockwise when
    /// `vertical`.
    void drawText(double x, double y, Font font, double size, const std::string& utf8,
                  const Rgb& colour = {0, 0, 0}, bool vertical = false);
    void fillRect(double x, double y, double width, double height, const Rgb& colour);
    void strokeRect(double x, double y, double width, double height, const Rgb& colour,
                    double lineWidth);
    void drawPolyline(const std::vector<Point2>& points, const Rgb& colour, double lineWidth,
                      bool dashed);

    /// Width of the text set in the font and size, measured by pango (same units as drawing).
    static double textWidth(const std::string& utf8, Font font, double size);

    /// The finished file: the PDF, or the raster as PNG. Empty if cairo failed (out of memory).
    /// Nothing may be drawn afterwards.
    std::string finish();

  private:
    void setColour(const Rgb& colour);
    double flipY(double y) const { return m_height - y; }

    std::string m_bytes; // the PDF stream as cairo writes it
    cairo_surface_t* m_surface = nullptr;
    cairo_t* m_cairo = nullptr;
    PangoContext* m_pango = nullptr;
    std::vector<cairo_surface_t*> m_images;
    double m_height = kPageHeight;
    bool m_pdf = true;
    int m_pageCount = 0;
};

/// The image as a cairo RGB24 surface (caller owns the reference).
cairo_surface_t* toCairoSurface(const RgbImage& image);

/// A cairo_write_func_t appending to the std::string `closure` points to.
cairo_status_t appendToString(void* closure, const unsigned char* data, unsigned int length);

} // namespace voxdiff::core::report
