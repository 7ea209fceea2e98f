// SPDX-License-Identifier: BSD-3-Clause
// The DICOMweb cache's housekeeping: what a process killed in the middle of a retrieve left
// behind (half-received parts, the hard links of its load) is removed by the next open, and
// nothing a running process or another host still uses.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "TestData.h"
#include "dicomweb/InstanceCache.h"

namespace voxdiff::test {
namespace {

namespace fs = std::filesystem;
using core::dicomweb::InstanceCache;

constexpr std::uint64_t kBound = 1ull << 30;

std::set<std::string> namesIn(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& item : fs::directory_iterator(dir)) {
        names.insert(item.path().filename().string());
    }
    return names;
}

void writeFile(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

/// What a process leaves when it is killed mid-retrieve: a part being received and the view of
/// its load, holding a link to a cached instance. Made in a child that ends without cleaning up.
/// Returns the child's leftovers (file names under incoming/ and views/).
std::pair<std::string, std::string> leftoversOfAKilledProcess(const fs::path& dir,
                                                              const fs::path& instance) {
    int pipeFds[2];
    EXPECT_EQ(::pipe(pipeFds), 0);
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipeFds[0]);
        auto cache = InstanceCache::open(dir, kBound);
        if (!cache) {
            ::_exit(1);
        }
        const fs::path part = cache->incomingPath();
        writeFile(part, "half an instance");
        auto view = cache->createView();
        if (!view) {
            ::_exit(1);
        }
        bool ok = cache->addToView(view.value(), instance).ok();
        const std::string names =
            part.filename().string() + "\n" + view.value().filename().string() + "\n";
        ok = ok &&
             ::write(pipeFds[1], names.data(), names.size()) == static_cast<ssize_t>(names.size());
        ::_exit(ok ? 0 : 1); // as if killed: no destructor, nothing removed
    }
    ::close(pipeFds[1]);
    std::string names;
    char buffer[512];
    for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;) {
        names.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(pipeFds[0]);
    int status = 0;
    EXPECT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    const auto cut = names.find('\n');
    return {names.substr(0, cut), names.substr(cut + 1, names.size() - cut - 2)};
}

TEST(DicomWebCache, OpeningRemovesWhatAKilledProcessLeftAndNothingInUse) {
    TempDir dir;
    auto mine = InstanceCache::open(dir.path(), kBound);
    ASSERT_TRUE(mine.ok());
    const fs::path instance = mine->instancePath("1.2.3.4");
    writeFile(instance, "an instance");

    const auto [deadPart, deadView] = leftoversOfAKilledProcess(dir.path(), instance);
    ASSERT_TRUE(fs::exists(dir / "incoming" / deadPart));
    ASSERT_TRUE(fs::exists(dir / "views" / deadView));
    EXPECT_EQ(fs::hard_link_count(instance), 2u) << "the dead view pins the instance";

    // This process's own work in progress, another host's (same cache folder on NFS), and a
    // view of another host that nobody touched for more than a week.
    const fs::path livePart = mine->incomingPath();
    writeFile(livePart, "arriving");
    auto liveView = mine->createView();
    ASSERT_TRUE(liveView.ok());
    const fs::path otherHost = dir / "views" / "1-1-1-someotherhost";
    fs::create_directories(otherHost);
    const fs::path stale = dir / "views" / "2-1-1-someotherhost";
    fs::create_directories(stale);
    fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(24 * 8));

    ASSERT_TRUE(InstanceCache::open(dir.path(), kBound).ok());
    EXPECT_EQ(namesIn(dir / "incoming"), std::set<std::string>{livePart.filename().string()});
    EXPECT_EQ(namesIn(dir / "views"),
              (std::set<std::string>{liveView.value().filename().string(), "1-1-1-someotherhost"}));
    EXPECT_EQ(fs::hard_link_count(instance), 1u);
    EXPECT_TRUE(fs::exists(instance)) << "the cached instance itself stays";
}

} // namespace
} // namespace voxdiff::test
