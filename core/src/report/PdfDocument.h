#pragma once

#include <string>
#include <vector>

#include "report/ChartLayout.h"
#include "voxdiff/ReportImage.h"

namespace voxdiff::core::report {

/// A minimal PDF 1.4 writer: A4 pages, the standard Helvetica, Helvetica-Bold and Courier
/// fonts (not embedded, WinAnsi encoding), Flate-compressed RGB images, lines and rectangles.
/// Coordinates are points with the origin at the bottom-left of the page (PDF's convention).
class PdfDocument {
  public:
    static constexpr double kPageWidth = 595.276;
    static constexpr double kPageHeight = 841.89;
    enum class Font { Regular, Bold, Mono };

    /// Starts a new page; drawing goes to it.
    void newPage();
    int pageCount() const { return static_cast<int>(m_pages.size()); }

    /// Stores an image once; returns its id for drawImage().
    int addImage(const RgbImage& image);
    void drawImage(int id, double x, double y, double width, double height);
    /// Text (UTF-8; characters outside WinAnsi become '?') with its baseline starting at (x, y);
    /// rotated 90 degrees counter-clockwise when `vertical`.
    void drawText(double x, double y, Font font, double size, const std::string& utf8,
                  const Rgb& colour = {0, 0, 0}, bool vertical = false);
    void fillRect(double x, double y, double width, double height, const Rgb& colour);
    void strokeRect(double x, double y, double width, double height, const Rgb& colour,
                    double lineWidth);
    void drawPolyline(const std::vector<Point2>& points, const Rgb& colour, double lineWidth,
                      bool dashed);

    /// Width in points of the text set in the font and size.
    static double textWidth(const std::string& utf8, Font font, double size);

    /// The finished file.
    std::string finish() const;

  private:
    std::string& page();

    struct StoredImage {
        int width;
        int height;
        std::string deflated;
    };
    std::vector<std::string> m_pages;
    std::vector<StoredImage> m_images;
};

} // namespace voxdiff::core::report
