// SPDX-License-Identifier: BSD-3-Clause
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "voxdiff/Json.h"

namespace voxdiff::core {
namespace {

TEST(Json, RoundTripsNestedValues) {
    Json j = Json::object();
    j["name"] = "a \"quoted\" \\ name\n";
    j["n"] = 1.25;
    j["big"] = std::int64_t{123456789012};
    j["list"] = Json(Json::Array{1, 2.5, nullptr, true});
    j["nested"]["deep"] = "x";
    auto parsed = Json::parse(j.dump());
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    EXPECT_EQ(parsed.value().dump(), j.dump());
    EXPECT_EQ(parsed.value()["nested"]["deep"].asString(), "x");
    EXPECT_DOUBLE_EQ(parsed.value()["big"].asNumber(), 123456789012.0);
}

TEST(Json, KeepsInsertionOrderOfKeys) {
    Json j = Json::object();
    j["zebra"] = 1;
    j["apple"] = 2;
    j["mango"] = 3;
    EXPECT_EQ(j.dump(-1), R"({"zebra":1,"apple":2,"mango":3})");
    auto parsed = Json::parse(R"({"b": 1, "a": 2})");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed.value().asObject()[0].first, "b");
    EXPECT_EQ(parsed.value().dump(-1), R"({"b":1,"a":2})");
}

TEST(Json, WritesNonFiniteNumbersAsNullAndIntegralDoublesWithoutFraction) {
    Json j = Json(Json::Array{std::nan(""), 1.0, -INFINITY, 2.5});
    EXPECT_EQ(j.dump(-1), "[null,1,null,2.5]");
}

TEST(Json, RoundTripsDoublesExactly) {
    const double x = 0.1 + 0.2;
    auto parsed = Json::parse(Json(Json::Array{x}).dump());
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed.value()[std::size_t{0}].asNumber(), x);
    EXPECT_FALSE(parsed.value()[std::size_t{0}].isInteger());
}

TEST(Json, KeepsSixtyFourBitIntegersExact) {
    // 2^53 + 1 is the first integer a double cannot hold.
    const std::int64_t beyondDouble = 9007199254740993;
    const std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
    const std::uint64_t highest = std::numeric_limits<std::uint64_t>::max();
    const std::string text = "[9007199254740993,-9223372036854775808,18446744073709551615]";
    auto parsed = Json::parse(text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    const Json& a = parsed.value();
    ASSERT_TRUE(a[std::size_t{0}].isInteger());
    EXPECT_EQ(a[std::size_t{0}].asInt64(), beyondDouble);
    EXPECT_EQ(a[std::size_t{1}].asInt64(), lowest);
    EXPECT_EQ(a[std::size_t{2}].asUint64(), highest);
    EXPECT_THROW((void)a[std::size_t{2}].asInt64(), std::bad_variant_access);
    EXPECT_THROW((void)a[std::size_t{1}].asUint64(), std::bad_variant_access);
    EXPECT_EQ(a.dump(-1), text) << "written back digit for digit";

    Json written = Json::array();
    written.push(beyondDouble);
    written.push(std::size_t{highest});
    EXPECT_EQ(written.dump(-1), "[9007199254740993,18446744073709551615]");
    EXPECT_TRUE(Json(7).isInteger());
    EXPECT_TRUE(Json(7).isNumber());
    EXPECT_EQ(Json(7).asNumber(), 7.0) << "callers that read doubles keep working";
}

TEST(Json, RejectsMalformedText) {
    EXPECT_FALSE(Json::parse("{\"a\": }").ok());
    EXPECT_FALSE(Json::parse("[1, 2").ok());
    EXPECT_FALSE(Json::parse("\"open").ok());
    EXPECT_FALSE(Json::parse("").ok());
    EXPECT_FALSE(Json::parse("[1] [2]").ok());
    EXPECT_FALSE(Json::parse(std::string(2000, '[')).ok());
    const auto e = Json::parse("{\"a\": }");
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, ErrorCode::CorruptHeader);
}

TEST(Json, RejectsTrailingCommasCommentsAndNonJsonNumbers) {
    for (const char* text :
         {"[1, 2,]", "{\"a\": 1,}", "[1] // note", "/* c */ [1]", "{\"a\": NaN}", "[Infinity]",
          "[-Infinity]", "[01]", "[+1]", "[.5]", "[1.]", "[0x10]", "[1e400]", "{'a': 1}"}) {
        EXPECT_FALSE(Json::parse(text).ok()) << text;
    }
}

TEST(Json, RejectsInvalidUtf8AndLoneSurrogates) {
    for (const std::string& text :
         {std::string("[\"\xff\"]"), std::string("[\"\xc3\"]"), std::string("[\"\xc0\xaf\"]"),
          std::string("[\"\xed\xa0\x80\"]"), std::string("[\"\\ud800\"]"),
          std::string("[\"\\udc00x\"]")}) {
        EXPECT_FALSE(Json::parse(text).ok()) << text;
    }
    auto ok = Json::parse("[\"\\u00c4neas \\ud83d\\ude00\"]");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.value()[std::size_t{0}].asString(), "\xc3\x84neas \xf0\x9f\x98\x80");
}

// Our choice: a key twice in one object is an error (RFC 8259 leaves it open; silently keeping
// one of the two values would hide a broken truth file or report).
TEST(Json, RejectsDuplicateKeysInOneObject) {
    const auto dup = Json::parse(R"({"a": 1, "b": 2, "a": 3})");
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::CorruptHeader);
    EXPECT_TRUE(Json::parse(R"({"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}]})").ok())
        << "the same key in different objects is fine";
}

TEST(Json, WritesUnicodeAsUtf8AndReplacesInvalidBytes) {
    Json j = Json::object();
    j["name"] = "\xc3\x84neas R\xc3\xbc"
                "diger \xe5\xb1\xb1\xe7\x94\xb0";
    EXPECT_EQ(j.dump(-1), "{\"name\":\"\xc3\x84neas R\xc3\xbc"
                          "diger \xe5\xb1\xb1\xe7\x94\xb0\"}");
    Json bad = Json::object();
    bad["latin1"] = "R\xfc"
                    "diger";
    const std::string out = bad.dump(-1);
    EXPECT_EQ(out, "{\"latin1\":\"R\xef\xbf\xbd"
                   "diger\"}")
        << "U+FFFD for the stray byte";
    EXPECT_TRUE(Json::parse(out).ok());
}

} // namespace
} // namespace voxdiff::core
