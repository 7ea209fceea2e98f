#include "report/PdfDocument.h"

#include <zlib.h>

#include <cstdio>

#include "TextFormat.h"

namespace voxdiff::core::report {

namespace {

// Advance widths (1/1000 em) of Helvetica for characters 32 to 126, from Adobe's AFM.
constexpr int kHelveticaWidths[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333,  278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,  611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278,  556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,  500, 334, 260, 334, 584};

// UTF-8 to the bytes of WinAnsiEncoding (Windows-1252): what the standard fonts can show.
std::string toWinAnsi(const std::string& utf8) {
    std::string out;
    for (std::size_t n = 0; n < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[n]);
        std::uint32_t cp = c;
        std::size_t len = 1;
        if (c >= 0xf0) {
            len = 4;
            cp = c & 0x07u;
        } else if (c >= 0xe0) {
            len = 3;
            cp = c & 0x0fu;
        } else if (c >= 0xc0) {
            len = 2;
            cp = c & 0x1fu;
        }
        for (std::size_t m = 1; m < len && n + m < utf8.size(); ++m) {
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[n + m]) & 0x3fu);
        }
        n += len;
        if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) {
            out += static_cast<char>(cp);
            continue;
        }
        switch (cp) {
        case 0x2212: // minus sign
        case 0x2010:
            out += '-';
            break;
        case 0x2013:
            out += '\x96';
            break;
        case 0x2014:
            out += '\x97';
            break;
        case 0x2018:
            out += '\x91';
            break;
        case 0x2019:
            out += '\x92';
            break;
        case 0x201c:
            out += '\x93';
            break;
        case 0x201d:
            out += '\x94';
            break;
        case 0x2022:
            out += '\x95';
            break;
        case 0x2026:
            out += '\x85';
            break;
        default:
            out += '?';
        }
    }
    return out;
}

std::string escapeText(const std::string& winAnsi) {
    std::string out;
    for (char ch : winAnsi) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '(' || ch == ')' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 32 || c >= 128) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\%03o", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out;
}

std::string n2(double v) {
    return formatFixed(v, 2);
}

std::string rgb(const Rgb& c) {
    return n2(c[0] / 255.0) + " " + n2(c[1] / 255.0) + " " + n2(c[2] / 255.0);
}

const char* fontName(PdfDocument::Font f) {
    switch (f) {
    case PdfDocument::Font::Regular:
        return "/F1";
    case PdfDocument::Font::Bold:
        return "/F2";
    case PdfDocument::Font::Mono:
        return "/F3";
    }
    return "/F1";
}

std::string deflate(const std::string& raw) {
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::string out(size, '\0');
    compress2(reinterpret_cast<Bytef*>(out.data()), &size,
              reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), 6);
    out.resize(size);
    return out;
}

} // namespace

void PdfDocument::newPage() {
    m_pages.emplace_back();
}

std::string& PdfDocument::page() {
    if (m_pages.empty()) {
        newPage();
    }
    return m_pages.back();
}

int PdfDocument::addImage(const RgbImage& image) {
    const std::string raw(reinterpret_cast<const char*>(image.rgb.data()), image.rgb.size());
    m_images.push_back({image.width, image.height, deflate(raw)});
    return static_cast<int>(m_images.size()) - 1;
}

void PdfDocument::drawImage(int id, double x, double y, double width, double height) {
    page() += "q " + n2(width) + " 0 0 " + n2(height) + " " + n2(x) + " " + n2(y) + " cm /Im" +
              std::to_string(id) + " Do Q\n";
}

void PdfDocument::drawText(double x, double y, Font font, double size, const std::string& utf8,
                           const Rgb& colour, bool vertical) {
    const std::string matrix = vertical ? "0 1 -1 0 " : "1 0 0 1 ";
    page() += "BT " + rgb(colour) + " rg " + fontName(font) + " " + n2(size) + " Tf " + matrix +
              n2(x) + " " + n2(y) + " Tm (" + escapeText(toWinAnsi(utf8)) + ") Tj ET\n";
}

void PdfDocument::fillRect(double x, double y, double width, double height, const Rgb& colour) {
    page() +=
        rgb(colour) + " rg " + n2(x) + " " + n2(y) + " " + n2(width) + " " + n2(height) + " re f\n";
}

void PdfDocument::strokeRect(double x, double y, double width, double height, const Rgb& colour,
                             double lineWidth) {
    page() += rgb(colour) + " RG " + n2(lineWidth) + " w [] 0 d " + n2(x) + " " + n2(y) + " " +
              n2(width) + " " + n2(height) + " re S\n";
}

void PdfDocument::drawPolyline(const std::vector<Point2>& points, const Rgb& colour,
                               double lineWidth, bool dashed) {
    if (points.size() < 2) {
        return;
    }
    std::string& p = page();
    p += rgb(colour) + " RG " + n2(lineWidth) + " w " + (dashed ? "[3 2] 0 d " : "[] 0 d ");
    for (std::size_t n = 0; n < points.size(); ++n) {
        p += n2(points[n][0]) + " " + n2(points[n][1]) + (n == 0 ? " m " : " l ");
    }
    p += "S\n";
}

double PdfDocument::textWidth(const std::string& utf8, Font font, double size) {
    const std::string s = toWinAnsi(utf8);
    if (font == Font::Mono) {
        return 0.6 * size * static_cast<double>(s.size());
    }
    double units = 0.0;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        units += (c >= 32 && c <= 126) ? kHelveticaWidths[c - 32] : 556;
    }
    // Bold glyphs are a little wider; the margin keeps wrapped lines inside their boxes.
    return units * size / 1000.0 * (font == Font::Bold ? 1.08 : 1.0);
}

std::string PdfDocument::finish() const {
    std::vector<std::string> objects; // object n is objects[n - 1]
    const int fontsFirst = 3;
    const int resources = 6;
    const int imagesFirst = 7;
    const int pagesFirst = imagesFirst + static_cast<int>(m_images.size());
    const std::size_t pageCount = m_pages.empty() ? 1 : m_pages.size();

    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    std::string kids;
    for (std::size_t n = 0; n < pageCount; ++n) {
        kids += std::to_string(pagesFirst + 2 * static_cast<int>(n)) + " 0 R ";
    }
    objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pageCount) +
                      " >>");
    for (const char* base : {"Helvetica", "Helvetica-Bold", "Courier"}) {
        objects.push_back(std::string("<< /Type /Font /Subtype /Type1 /BaseFont /") + base +
                          " /Encoding /WinAnsiEncoding >>");
    }
    std::string xobjects;
    for (std::size_t n = 0; n < m_images.size(); ++n) {
        xobjects += "/Im" + std::to_string(n) + " " +
                    std::to_string(imagesFirst + static_cast<int>(n)) + " 0 R ";
    }
    objects.push_back("<< /Font << /F1 " + std::to_string(fontsFirst) + " 0 R /F2 " +
                      std::to_string(fontsFirst + 1) + " 0 R /F3 " +
                      std::to_string(fontsFirst + 2) + " 0 R >> /XObject << " + xobjects + ">> >>");
    for (const auto& img : m_images) {
        objects.push_back("<< /Type /XObject /Subtype /Image /Width " + std::to_string(img.width) +
                          " /Height " + std::to_string(img.height) +
                          " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode "
                          "/Length " +
                          std::to_string(img.deflated.size()) + " >>\nstream\n" + img.deflated +
                          "\nendstream");
    }
    for (std::size_t n = 0; n < pageCount; ++n) {
        const int contentObject = pagesFirst + 2 * static_cast<int>(n) + 1;
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + n2(kPageWidth) + " " +
                          n2(kPageHeight) + "] /Resources " + std::to_string(resources) +
                          " 0 R /Contents " + std::to_string(contentObject) + " 0 R >>");
        const std::string content = deflate(m_pages.empty() ? std::string() : m_pages[n]);
        objects.push_back("<< /Length " + std::to_string(content.size()) +
                          " /Filter /FlateDecode >>\nstream\n" + content + "\nendstream");
    }

    // The binary comment line tells transfer tools that the file is not text.
    std::string out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t n = 0; n < objects.size(); ++n) {
        offsets.push_back(out.size());
        out += std::to_string(n + 1) + " 0 obj\n" + objects[n] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t off : offsets) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
        out += buf;
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

} // namespace voxdiff::core::report
