// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// Reading a PDF back with poppler's command-line tools (poppler-utils): its fonts (pdffonts),
// its text (pdftotext) and its pages as pictures (pdftoppm). Tests skip loudly without them
// and fail under CI.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "RunProcess.h"
#include "TestData.h"

namespace voxdiff::test {

#define VOXDIFF_REQUIRE_POPPLER()                                                                  \
    do {                                                                                           \
        if (findProgram("pdftoppm").empty() || findProgram("pdftotext").empty() ||                 \
            findProgram("pdffonts").empty()) {                                                     \
            if (runningUnderCi()) {                                                                \
                FAIL() << "poppler-utils (pdftoppm, pdftotext, pdffonts) missing: CI must check "  \
                          "the PDF";                                                               \
            }                                                                                      \
            GTEST_SKIP() << "SKIPPED: poppler-utils not installed; the PDF was not checked";       \
        }                                                                                          \
    } while (0)

/// One row of `pdffonts`.
struct PdfFont {
    std::string name;
    std::string type;
    bool embedded = false;
    bool hasToUnicode = false;
};

/// The fonts of the PDF as pdffonts lists them (columns found from its dashed header line).
inline std::vector<PdfFont> pdfFonts(const std::filesystem::path& pdf, std::string* error) {
    const auto r = runProcess(findProgram("pdffonts"), {pdf.string()});
    *error = r.exitCode == 0 ? r.err : "pdffonts exit " + std::to_string(r.exitCode) + ": " + r.err;
    std::stringstream lines(r.out);
    std::string line;
    std::vector<std::pair<std::size_t, std::size_t>> columns; // start, length
    std::vector<PdfFont> fonts;
    while (std::getline(lines, line)) {
        if (columns.empty()) {
            if (line.rfind("---", 0) != 0) {
                continue;
            }
            for (std::size_t at = 0; at < line.size();) {
                const std::size_t end = std::min(line.find(' ', at), line.size());
                columns.emplace_back(at, end - at);
                at = end + 1;
            }
            continue;
        }
        auto cell = [&](std::size_t c) {
            std::string v = line.substr(std::min(columns[c].first, line.size()), columns[c].second);
            v.erase(v.find_last_not_of(' ') + 1);
            return v;
        };
        if (columns.size() >= 6) {
            fonts.push_back({cell(0), cell(1), cell(3) == "yes", cell(5) == "yes"});
        }
    }
    return fonts;
}

/// Share of the pixels of a binary PPM (P6) that are not white; -1 if it is no P6.
inline double inkedShare(const std::filesystem::path& ppm, int* width = nullptr) {
    std::ifstream in(ppm, std::ios::binary);
    std::string magic;
    int w = 0, h = 0, maxValue = 0;
    in >> magic >> w >> h >> maxValue;
    in.get();
    if (magic != "P6" || w <= 0 || h <= 0) {
        return -1.0;
    }
    if (width) {
        *width = w;
    }
    std::string pixels(static_cast<std::size_t>(3 * w * h), '\0');
    in.read(pixels.data(), static_cast<std::streamsize>(pixels.size()));
    std::size_t inked = 0;
    for (std::size_t n = 0; n + 2 < pixels.size(); n += 3) {
        if (static_cast<unsigned char>(pixels[n]) < 250 ||
            static_cast<unsigned char>(pixels[n + 1]) < 250 ||
            static_cast<unsigned char>(pixels[n + 2]) < 250) {
            ++inked;
        }
    }
    return static_cast<double>(inked) / static_cast<double>(w * h);
}

/// Renders every page with pdftoppm at `dpi` into `dir`; checks that poppler says nothing and
/// that no page is blank. Returns the number of pages and the width of the first in pixels.
inline void expectPagesRender(const std::filesystem::path& pdf, int dpi,
                              const std::filesystem::path& dir, int* pages, int* firstWidth) {
    const std::string prefix = (dir / ("page" + std::to_string(dpi))).string();
    const auto r =
        runProcess(findProgram("pdftoppm"), {"-r", std::to_string(dpi), pdf.string(), prefix});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.err, "") << "poppler complained about the file at " << dpi << " dpi";
    *pages = 0;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() == ".ppm" &&
            e.path().filename().string().rfind("page" + std::to_string(dpi) + "-", 0) == 0) {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        ++*pages;
        int width = 0;
        const double share = inkedShare(f, &width);
        EXPECT_GT(share, 0.01) << f << " looks blank";
        if (*pages == 1) {
            *firstWidth = width;
        }
    }
}

/// The text of the PDF with every run of white space (line breaks of wrapped lines included)
/// made one space.
inline std::string pdfTextOneLine(const std::filesystem::path& pdf, std::string* error) {
    const auto r = runProcess(findProgram("pdftotext"), {"-enc", "UTF-8", pdf.string(), "-"});
    *error =
        r.exitCode == 0 ? r.err : "pdftotext exit " + std::to_string(r.exitCode) + ": " + r.err;
    std::string out;
    for (char c : r.out) {
        const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
        if (!space) {
            out += c;
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
    return out;
}

} // namespace voxdiff::test
