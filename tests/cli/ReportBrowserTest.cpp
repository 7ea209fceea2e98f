// SPDX-License-Identifier: BSD-3-Clause
// The HTML report in a real browser engine: Debian's chromium, headless, with the network
// blocked, lays the page out (a copy with a small script reports where everything landed and
// which resources were fetched) and takes a screenshot of the page as it is; the test checks
// that every picture decoded and shows, that the charts are drawn and that the verdict box has
// the verdict's colour. Skips loudly without chromium, fails under CI.
#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "UnicodeReportFixture.h"
#include "voxdiff/DisplayConvention.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using Rgb = std::array<int, 3>;

constexpr int kWindowWidth = 1200;
constexpr int kMaxPageHeight = 16000;

#define VOXDIFF_REQUIRE_CHROMIUM()                                                                 \
    do {                                                                                           \
        if (findProgram("chromium").empty()) {                                                     \
            if (runningUnderCi()) {                                                                \
                FAIL() << "chromium missing: CI must look at the HTML report in a browser";        \
            }                                                                                      \
            GTEST_SKIP() << "SKIPPED: chromium not installed; the HTML was not rendered";          \
        }                                                                                          \
    } while (0)

// Reports the layout of the pictures and the verdict box, and every resource the page fetched.
constexpr const char* kLayoutScript = R"(<script>
addEventListener('load', () => {
  const lines = [];
  for (const e of document.querySelectorAll('img, #verdict')) {
    const r = e.getBoundingClientRect();
    lines.push(['box', e.id || e.className || e.tagName, Math.round(r.left),
                Math.round(r.top + scrollY), Math.round(r.width), Math.round(r.height),
                e.tagName === 'IMG' ? e.naturalWidth : -1].join(' '));
  }
  for (const r of performance.getEntriesByType('resource')) {
    lines.push('fetched ' + r.name);
  }
  lines.push('page 0 0 0 0 ' + document.documentElement.scrollHeight + ' -1');
  const pre = document.createElement('pre');
  pre.id = 'voxdiff-layout';
  pre.textContent = lines.join('\n');
  document.body.appendChild(pre);
});
</script>)";

struct Box {
    std::string name;
    int left = 0, top = 0, width = 0, height = 0, naturalWidth = -1;
};

struct PageLayout {
    std::vector<Box> boxes;
    std::vector<std::string> fetched;
    int pageHeight = 0;
};

ProcessResult runChromium(std::vector<std::string> args, const fs::path& profile) {
    // Headless, no GPU, and no way out: every connection goes to a closed local port and no
    // host name resolves.
    std::vector<std::string> all{"90",
                                 findProgram("chromium"),
                                 "--headless",
                                 "--no-sandbox",
                                 "--disable-gpu",
                                 "--disable-dev-shm-usage",
                                 "--hide-scrollbars",
                                 "--no-first-run",
                                 "--disable-background-networking",
                                 "--disable-component-update",
                                 "--disable-sync",
                                 "--force-device-scale-factor=1",
                                 "--proxy-server=127.0.0.1:9",
                                 "--host-resolver-rules=MAP * ~NOTFOUND",
                                 "--user-data-dir=" + profile.string()};
    all.insert(all.end(), args.begin(), args.end());
    return runProcess(findProgram("timeout"), all);
}

PageLayout layoutOf(const fs::path& html, const fs::path& work) {
    std::string page = readTextFile(html);
    page.insert(page.rfind("</body>"), kLayoutScript);
    const fs::path probe = work / "probe.html";
    std::ofstream(probe, std::ios::binary) << page;
    const auto r = runChromium({"--window-size=" + std::to_string(kWindowWidth) + ",3000",
                                "--dump-dom", "file://" + probe.string()},
                               work / "profile-probe");
    PageLayout layout;
    const std::size_t start = r.out.find("<pre id=\"voxdiff-layout\">");
    EXPECT_NE(start, std::string::npos) << "the page did not load: " << r.err;
    std::stringstream lines(r.out.substr(start == std::string::npos ? r.out.size() : start + 25));
    std::string kind;
    while (lines >> kind) {
        if (kind == "fetched") {
            std::string url;
            lines >> url;
            layout.fetched.push_back(url);
        } else if (kind == "box" || kind == "page") {
            Box b;
            lines >> b.name >> b.left >> b.top >> b.width >> b.height >> b.naturalWidth;
            if (kind == "page") {
                layout.pageHeight = b.height;
            } else {
                layout.boxes.push_back(b);
            }
        } else {
            break;
        }
    }
    return layout;
}

// The screenshot of the page as written (no script), as tall as the page.
cairo_surface_t* screenshot(const fs::path& html, int height, const fs::path& work) {
    const fs::path png = work / "screenshot.png";
    const auto r = runChromium({"--window-size=" + std::to_string(kWindowWidth) + "," +
                                    std::to_string(std::min(height, kMaxPageHeight)),
                                "--screenshot=" + png.string(), "file://" + html.string()},
                               work / "profile-shot");
    EXPECT_TRUE(fs::exists(png)) << "exit " << r.exitCode << ": " << r.err;
    return cairo_image_surface_create_from_png(png.c_str());
}

Rgb pixelAt(cairo_surface_t* s, int x, int y) {
    const unsigned char* data = cairo_image_surface_get_data(s);
    const auto v = *reinterpret_cast<const std::uint32_t*>(
        data + static_cast<std::ptrdiff_t>(y) * cairo_image_surface_get_stride(s) + 4 * x);
    return {static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff),
            static_cast<int>(v & 0xff)};
}

Rgb rgbOf(const std::array<std::uint8_t, 3>& c) {
    return {c[0], c[1], c[2]};
}

bool near(const Rgb& a, const Rgb& b, int tolerance = 6) {
    return std::abs(a[0] - b[0]) <= tolerance && std::abs(a[1] - b[1]) <= tolerance &&
           std::abs(a[2] - b[2]) <= tolerance;
}

// Pixels of the box (inside its one-pixel frame) that match `test`.
template <typename Test> int countIn(cairo_surface_t* s, const Box& b, Test test) {
    int count = 0;
    const int x1 = std::min(b.left + b.width - 1, cairo_image_surface_get_width(s));
    const int y1 = std::min(b.top + b.height - 1, cairo_image_surface_get_height(s));
    for (int y = std::max(0, b.top + 1); y < y1; ++y) {
        for (int x = std::max(0, b.left + 1); x < x1; ++x) {
            count += test(pixelAt(s, x, y)) ? 1 : 0;
        }
    }
    return count;
}

// The HTML without the payloads of its data: URIs (base64 may hold anything, "http:" too).
std::string withoutDataPayloads(const std::string& html) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t at = html.find("data:", pos);
        if (at == std::string::npos) {
            return out + html.substr(pos);
        }
        out += html.substr(pos, at - pos) + "data:";
        pos = std::min(html.find('"', at), html.size());
    }
}

class ReportInBrowser : public UnicodeFolderReports {
  protected:
    struct Checked {
        PageLayout layout;
        cairo_surface_t* shot = nullptr;
    };

    void checkPage(const std::string& stem, std::optional<Rgb> fill, std::optional<Rgb> ink) {
        const fs::path html = report(stem, "html");
        const std::string text = withoutDataPayloads(readTextFile(html));
        EXPECT_FALSE(std::regex_search(text, std::regex(R"((https?|ftp):)", std::regex::icase)))
            << "the page names a network address";

        const PageLayout layout = layoutOf(html, m_dir.path());
        EXPECT_TRUE(layout.fetched.empty()) << "fetched " << layout.fetched.front();
        ASSERT_GT(layout.pageHeight, 1000);
        ASSERT_LE(layout.pageHeight, kMaxPageHeight) << "the screenshot would miss the end";
        cairo_surface_t* shot = screenshot(html, layout.pageHeight, m_dir.path());
        ASSERT_EQ(cairo_surface_status(shot), CAIRO_STATUS_SUCCESS);
        EXPECT_EQ(cairo_image_surface_get_width(shot), kWindowWidth);

        int slices = 0, charts = 0, verdicts = 0;
        for (const Box& b : layout.boxes) {
            ASSERT_GT(b.width, 20) << b.name;
            ASSERT_GT(b.height, 20) << b.name;
            ASSERT_LE(b.top + b.height, cairo_image_surface_get_height(shot)) << b.name;
            const int area = (b.width - 2) * (b.height - 2);
            if (b.name == "verdict") {
                ++verdicts;
                if (!fill || !ink) {
                    continue;
                }
                EXPECT_GT(countIn(shot, b, [&](const Rgb& p) { return near(p, *fill); }), area / 2)
                    << "the verdict box is not filled with its verdict's colour";
                EXPECT_GT(countIn(shot, b, [&](const Rgb& p) { return near(p, *ink, 40); }), 200)
                    << "the verdict word is not in its verdict's colour";
                continue;
            }
            EXPECT_GT(b.naturalWidth, 0) << b.name << " did not decode";
            const int inked = countIn(shot, b, [](const Rgb& p) {
                return !near(p, {255, 255, 255}, 4);
            });
            if (b.name.rfind("chart-", 0) == 0) {
                ++charts;
                // Bars (histogram) or the red line (per slice), in the colours the PDF uses.
                const int drawn = countIn(shot, b, [](const Rgb& p) {
                    return near(p, {70, 110, 170}, 30) || near(p, {200, 40, 40}, 30);
                });
                EXPECT_GT(drawn, 150) << b.name << " shows no data";
                EXPECT_GT(inked, area / 50) << b.name << " looks empty";
            } else {
                ++slices;
                EXPECT_GT(inked, area / 20) << b.name << " looks blank";
            }
        }
        EXPECT_EQ(verdicts, 1);
        EXPECT_EQ(slices, 18);
        EXPECT_EQ(charts, 2);
        cairo_surface_destroy(shot);
    }
};

TEST_F(ReportInBrowser, EquivalentPairShowsPicturesChartsAndAGreenVerdictOffline) {
    VOXDIFF_REQUIRE_CHROMIUM();
    const auto r = compare("same", true);
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    const core::VerdictColours green = core::verdictColours(core::Verdict::Equivalent);
    checkPage("same", rgbOf(green.fill), rgbOf(green.ink));
}

// Bq/ml against SUV: the same image in other units (rescaled, within the int16 quantization of
// each slice). Its box is drawn in the core's colour for that verdict (amber: the values differ
// by one named factor), distinct from green and from different's red.
TEST_F(ReportInBrowser, PairInStoredUnitsShowsPicturesChartsAndItsVerdictColourOffline) {
    VOXDIFF_REQUIRE_CHROMIUM();
    const auto r = compare("other", false);
    ASSERT_NE(r.exitCode, 0) << "Bq/ml against SUV is not the same";
    ASSERT_TRUE(fs::exists(report("other", "html"))) << r.out << r.err;
    const std::string page = readTextFile(report("other", "html"));
    EXPECT_NE(page.find("class=\"verdict rescaled\""), std::string::npos);
    const core::VerdictColours colours = core::verdictColours(core::Verdict::Rescaled);
    EXPECT_NE(colours.ink, core::verdictColours(core::Verdict::Different).ink);
    EXPECT_NE(colours.ink, core::verdictColours(core::Verdict::Equivalent).ink);
    checkPage("other", rgbOf(colours.fill), rgbOf(colours.ink));
}

} // namespace
} // namespace voxdiff::test
