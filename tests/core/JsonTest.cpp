#include <gtest/gtest.h>

#include <cmath>

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

TEST(Json, WritesNonFiniteNumbersAsNullAndReadsPythonNaN) {
    Json j = Json(Json::Array{std::nan(""), 1.0});
    EXPECT_EQ(j.dump(-1), "[null, 1]");
    auto parsed = Json::parse("{\"a\": NaN, \"b\": -Infinity, \"c\": 1e-7}");
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed.value()["a"].isNull());
    EXPECT_TRUE(std::isinf(parsed.value()["b"].asNumber()));
    EXPECT_DOUBLE_EQ(parsed.value()["c"].asNumber(), 1e-7);
}

TEST(Json, RoundTripsDoublesExactly) {
    const double x = 0.1 + 0.2;
    auto parsed = Json::parse(Json(Json::Array{x}).dump());
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed.value()[std::size_t{0}].asNumber(), x);
}

TEST(Json, RejectsMalformedText) {
    EXPECT_FALSE(Json::parse("{\"a\": }").ok());
    EXPECT_FALSE(Json::parse("[1, 2").ok());
    EXPECT_FALSE(Json::parse("\"open").ok());
    EXPECT_FALSE(Json::parse(std::string(2000, '[')).ok());
}

} // namespace
} // namespace voxdiff::core
