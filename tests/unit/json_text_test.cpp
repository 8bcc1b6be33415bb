#include "http/input.hpp"
#include "util/json_text.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <limits>

using namespace classroom;
namespace json = boost::json;

TEST(JsonText, StringsAreEscapedAsBoostJsonEscapesThem) {
  std::string every;
  for (int c = 0; c < 128; ++c) every += static_cast<char>(c);
  every += "é→\xF0\x9F\x8F\xAB";  // UTF-8 is written as it is
  for (const std::string& s : {every, std::string("plain"), std::string(), std::string("\"\\\"")}) {
    EXPECT_EQ(to_json_text(json::value(s)), json::serialize(json::value(s))) << s;
    std::string appended = "x";
    append_json_string(appended, s);
    EXPECT_EQ(appended, "x" + json::serialize(json::value(s)));
  }
  EXPECT_EQ(to_json_text(json::value("a\nb\x01")), R"("a\nb\u0001")");
}

TEST(JsonText, ScalarsAndNestingMatchBoostJsonWithoutDoubles) {
  json::value v = {{"min", std::numeric_limits<std::int64_t>::min()},
                   {"max", std::numeric_limits<std::int64_t>::max()},
                   {"umax", std::numeric_limits<std::uint64_t>::max()},
                   {"zero", 0},
                   {"yes", true},
                   {"no", false},
                   {"none", nullptr},
                   {"list", json::array{1, "two", json::object{{"k\"ey", json::array{}}}, json::object{}}}};
  EXPECT_EQ(to_json_text(v), json::serialize(v));
}

TEST(JsonText, DoublesInTheirShortestPlainFormAndNonFiniteAsNull) {
  EXPECT_EQ(to_json_text(json::array{21.5, -0.25, 1e300, std::numeric_limits<double>::quiet_NaN(),
                                     std::numeric_limits<double>::infinity()}),
            "[21.5,-0.25,1e+300,null,null]");
}

TEST(JsonObjectText, WritesTheFieldsInOrderAsValidJson) {
  JsonObjectText o;
  o.add("message", "Status updated")
      .add("is_booked", false)
      .add("power_on", true)
      .add("next_report_s", 120)
      .add("last_seq", std::int64_t{9007199254740993})
      .add("url", "https://h\"ost/\n")
      .add("command", json::value(json::object{{"id", 7}, {"power_on", false}}));
  auto text = std::move(o).finish();
  EXPECT_EQ(text.rfind(R"({"message":"Status updated","is_booked":false,"power_on":true,"next_report_s":120,)", 0), 0u)
      << text;
  json::value expected = {{"message", "Status updated"}, {"is_booked", false}, {"power_on", true},
                          {"next_report_s", 120},        {"last_seq", 9007199254740993LL},
                          {"url", "https://h\"ost/\n"},  {"command", {{"id", 7}, {"power_on", false}}}};
  EXPECT_EQ(json::parse(text), expected);
  EXPECT_EQ(std::move(JsonObjectText()).finish(), "{}");
}

TEST(Input, ABodyLargerThanItsArenaIsReadWhole) {
  std::string big(5000, 'x');
  Input in("{\"a\":\"" + big + "\",\"b\":[1,2,3],\"c\":true}");
  EXPECT_EQ(in.opt_str("a", 10000), big);
  EXPECT_TRUE(in.boolean("c"));
  EXPECT_EQ(in.object().at("b").as_array().size(), 3u);
}
