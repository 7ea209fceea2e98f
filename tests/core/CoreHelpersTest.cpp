// SPDX-License-Identifier: BSD-3-Clause
// The core's small shared pieces: the one parallel-for (every index once, exceptions after
// every thread is joined), the one markup escape (HTML report and JUnit XML) and the one
// reading of a stored type name.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "Markup.h"
#include "ParallelFor.h"
#include "StoredType.h"

namespace voxdiff::test {
namespace {

using namespace core;

TEST(ParallelFor, RunsEveryIndexExactlyOnce) {
    constexpr std::size_t kCount = 1000;
    std::vector<std::atomic<int>> seen(kCount);
    parallelFor(kCount, [&seen](std::size_t n) { ++seen[n]; });
    for (const auto& s : seen) {
        EXPECT_EQ(s.load(), 1);
    }
}

TEST(ParallelFor, RethrowsTheBodysExceptionOnTheCallingThreadAfterJoining) {
    std::atomic<int> running{0};
    EXPECT_THROW(parallelFor(64,
                             [&running](std::size_t n) {
                                 ++running;
                                 if (n == 5) {
                                     --running;
                                     throw std::runtime_error("index 5");
                                 }
                                 --running;
                             }),
                 std::runtime_error);
    EXPECT_EQ(running.load(), 0);
}

TEST(ParallelBlocks, CoversTheRangeWithContiguousBlocksOnePerWorker) {
    constexpr std::size_t kCount = 37;
    std::vector<std::atomic<int>> seen(kCount);
    std::vector<std::atomic<int>> blocks(blockCount(kCount));
    parallelBlocks(kCount, [&](std::size_t begin, std::size_t end, std::size_t block) {
        ASSERT_LT(block, blocks.size());
        ++blocks[block];
        for (std::size_t n = begin; n < end; ++n) {
            ++seen[n];
        }
    });
    for (const auto& s : seen) {
        EXPECT_EQ(s.load(), 1);
    }
    for (const auto& b : blocks) {
        EXPECT_EQ(b.load(), 1);
    }
    EXPECT_EQ(blockCount(0), 1U);
    EXPECT_EQ(blockCount(1), 1U);
}

TEST(ParallelBlocks, RethrowsAfterEveryBlockHasEnded) {
    EXPECT_THROW(parallelBlocks(100,
                                [](std::size_t begin, std::size_t, std::size_t) {
                                    if (begin == 0) {
                                        throw std::runtime_error("first block");
                                    }
                                }),
                 std::runtime_error);
}

TEST(MarkupEscape, EscapesTheSpecialCharactersAndDropsWhatXmlCannotCarry) {
    EXPECT_EQ(escapeMarkup("a<b>&\"c\"", MarkupPlace::Content), "a&lt;b&gt;&amp;\"c\"");
    EXPECT_EQ(escapeMarkup("a<b>&\"c\"", MarkupPlace::Attribute), "a&lt;b&gt;&amp;&quot;c&quot;");
    EXPECT_EQ(escapeMarkup("line\nnext\ttab\r", MarkupPlace::Content), "line\nnext\ttab\r");
    EXPECT_EQ(escapeMarkup("line\nnext\ttab", MarkupPlace::Attribute), "line&#10;next&#9;tab");
    EXPECT_EQ(escapeMarkup(std::string("bell\x07 nul") + '\0' + "!", MarkupPlace::Content),
              "bell nul!");
    // Bytes that are not UTF-8 (from a file or a path) become U+FFFD; UTF-8 passes through.
    EXPECT_EQ(escapeMarkup("a\xff b", MarkupPlace::Content), "a\xEF\xBF\xBD b");
    EXPECT_EQ(escapeMarkup("Äneas 山田", MarkupPlace::Attribute), "Äneas 山田");
}

TEST(StoredKind, ReadsTheStoredTypeNameOnce) {
    EXPECT_EQ(storedKindOf("int16"), StoredKind::Integer);
    EXPECT_EQ(storedKindOf("uint8"), StoredKind::Integer);
    EXPECT_EQ(storedKindOf("float32"), StoredKind::Float);
    EXPECT_EQ(storedKindOf("float64"), StoredKind::Float);
    EXPECT_EQ(storedKindOf(""), StoredKind::Unknown);
}

} // namespace
} // namespace voxdiff::test
