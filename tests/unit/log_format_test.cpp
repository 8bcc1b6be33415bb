#include "util/log_format.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace classroom;
namespace json = boost::json;

TEST(LogFormat, SplitsKeyValueMessagesIntoFields) {
  auto f = log_fields(R"(event=http method=GET route=/api/esp/status status=200 remote=127.0.0.1)");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->size(), 5u);
  EXPECT_EQ((*f)[0], std::make_pair(std::string("event"), std::string("http")));
  EXPECT_EQ((*f)[2], std::make_pair(std::string("route"), std::string("/api/esp/status")));
  auto quoted = log_fields(R"(event=db_error what="no such table: "x"" kind=report)");
  ASSERT_TRUE(quoted);
  EXPECT_EQ((*quoted)[1].second, R"(no such table: "x")");
  EXPECT_EQ((*quoted)[2].second, "report");
  auto empty = log_fields("event=x value=");
  ASSERT_TRUE(empty);
  EXPECT_EQ((*empty)[1].second, "");
}

TEST(LogFormat, KeepsOtherMessagesWhole) {
  for (auto m : {"", "listening on 8080", "event=x and more", "event=x what=\"unterminated", "=x", "Event=x"})
    EXPECT_FALSE(log_fields(m)) << m;
  auto line = json::parse(json_log_line(0, "warn", "something odd happened"));
  EXPECT_EQ(line.at("msg"), "something odd happened");
  EXPECT_FALSE(line.as_object().contains("event"));
}

TEST(LogFormat, WritesOneJsonObjectWithTimeLevelAndFields) {
  auto text = json_log_line(1796040000123, "info", "event=http status=200 us=0 id=007 remote=::1 what=\"a b\"");
  EXPECT_EQ(text.find('\n'), std::string::npos);
  auto line = json::parse(text).as_object();
  EXPECT_EQ(line.at("ts"), "2026-11-30T12:00:00.123Z");
  EXPECT_EQ(line.at("level"), "info");
  EXPECT_EQ(line.at("event"), "http");
  EXPECT_EQ(line.at("status"), 200);
  EXPECT_EQ(line.at("us"), 0);
  EXPECT_EQ(line.at("id"), "007");  // not a number: its leading zero is part of it
  EXPECT_EQ(line.at("remote"), "::1");
  EXPECT_EQ(line.at("what"), "a b");
}

TEST(LogFormat, NeverWritesCredentialsAndKeepsItsOwnTimeAndLevel) {
  auto line = json::parse(json_log_line(0, "info", "event=x token=abc password=pw jwt_secret=s api_key=k level=fake ts=1"))
                  .as_object();
  for (auto key : {"token", "password", "jwt_secret", "api_key"}) EXPECT_EQ(line.at(key), "[redacted]") << key;
  EXPECT_EQ(line.at("level"), "info");
  EXPECT_EQ(line.at("ts"), "1970-01-01T00:00:00.000Z");
}

TEST(LogFormat, ParsesOnlyTheTwoFormatNames) {
  EXPECT_EQ(parse_log_format("text"), LogFormat::text);
  EXPECT_EQ(parse_log_format("json"), LogFormat::json);
  EXPECT_FALSE(parse_log_format("JSON"));
  EXPECT_FALSE(parse_log_format(""));
}
