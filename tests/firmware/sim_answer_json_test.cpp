// classroom-sim's mapping of the server's JSON onto the core's structs.
#include <gtest/gtest.h>

#include "answer_json.hpp"

namespace sim {
namespace {

using fw::RequestKind;

fw::StatusAnswer status_ok(std::string_view body) {
  std::string err;
  auto a = parse_answer(RequestKind::Status, body, err);
  auto* s = std::get_if<fw::StatusAnswer>(&a);
  EXPECT_TRUE(s) << err;
  return s ? *s : fw::StatusAnswer{};
}

std::string status_error(std::string_view body) {
  std::string err;
  auto a = parse_answer(RequestKind::Status, body, err);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(a)) << body;
  return err;
}

TEST(SimAnswerJson, ReadsAFullStatusAnswer) {
  auto a = status_ok(R"({"message":"ok","is_booked":true,"power_on":false,"reason":"manual",)"
                     R"("server_time":"2023-11-14T22:13:20+00:00","next_report_s":60,)"
                     R"("command":{"id":4,"power_on":false}})");
  EXPECT_TRUE(a.is_booked);
  EXPECT_FALSE(a.power_on);
  EXPECT_EQ(a.reason, "manual");
  EXPECT_EQ(a.server_time, 1700000000);
  EXPECT_EQ(a.next_report_s, 60);
  ASSERT_TRUE(a.command);
  EXPECT_EQ(a.command->id, 4);
}

TEST(SimAnswerJson, TheFirstServersShortAnswerIsEnough) {
  auto a = status_ok(R"({"message":"Status updated","is_booked":false,"power_on":true})");
  EXPECT_TRUE(a.power_on);
  EXPECT_FALSE(a.next_report_s);
  EXPECT_FALSE(a.command);
  status_ok(R"({"is_booked":false,"power_on":true,"command":null,"server_time":null})");
}

TEST(SimAnswerJson, RefusesAnswersThatAreNotJsonOrLackFieldsOrCarryWrongTypes) {
  EXPECT_EQ(status_error("<html>502 Bad Gateway</html>"), "not JSON");
  EXPECT_EQ(status_error("[true]"), "not a JSON object");
  EXPECT_EQ(status_error(R"({"is_booked":false})"), "power_on is missing");
  EXPECT_EQ(status_error(R"({"is_booked":false,"power_on":"yes"})"), "power_on is not a boolean");
  EXPECT_EQ(status_error(R"({"is_booked":1,"power_on":true})"), "is_booked is not a boolean");
  EXPECT_FALSE(status_error(R"({"is_booked":false,"power_on":true,"next_report_s":"60"})").empty());
  EXPECT_FALSE(status_error(R"({"is_booked":false,"power_on":true,"next_report_s":1.5})").empty());
  EXPECT_FALSE(status_error(R"({"is_booked":false,"power_on":true,"reason":7})").empty());
  EXPECT_FALSE(status_error(R"({"is_booked":false,"power_on":true,"server_time":"noon"})").empty());
  EXPECT_FALSE(status_error(R"({"is_booked":false,"power_on":true,"command":{"id":"x","power_on":true}})").empty());
  EXPECT_FALSE(status_error(R"({"is_booked":false,"power_on":true,"command":{"id":1}})").empty());
}

TEST(SimAnswerJson, ReadsBatchAndHeartbeatAnswers) {
  std::string err;
  auto b = parse_answer(RequestKind::Batch, R"({"message":"ok","accepted":3,"duplicates":1,"last_seq":42})", err);
  ASSERT_TRUE(std::holds_alternative<fw::BatchAnswer>(b)) << err;
  EXPECT_EQ(std::get<fw::BatchAnswer>(b).last_seq, 42);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(parse_answer(RequestKind::Batch, R"({"accepted":"3"})", err)));
  auto h = parse_answer(RequestKind::Heartbeat, R"({"message":"ok","server_time":"2023-11-14T22:13:20Z"})", err);
  ASSERT_TRUE(std::holds_alternative<fw::HeartbeatAnswer>(h));
  EXPECT_EQ(std::get<fw::HeartbeatAnswer>(h).server_time, 1700000000);
}

TEST(SimAnswerJson, ReadsTheLongPollsCommandList) {
  std::string err;
  auto c = parse_commands(R"({"commands":[{"id":1,"power_on":true,"expires_at":"2023-11-14T22:13:20Z"},)"
                          R"({"id":2,"power_on":false}]})", err);
  ASSERT_TRUE(c) << err;
  ASSERT_EQ(c->commands.size(), 2u);
  EXPECT_FALSE(c->commands[1].power_on);
  EXPECT_TRUE(parse_commands(R"({"commands":[]})", err));
  EXPECT_FALSE(parse_commands(R"({"commands":{}})", err));
  EXPECT_FALSE(parse_commands(R"({"commands":[{"id":1,"power_on":1}]})", err));
}

TEST(SimAnswerJson, MakeReplyParsesOnly200AndKeepsTheReasonOtherwise) {
  auto ok = make_reply(RequestKind::PowerLog, 200, R"({"message":"ok"})", -1, "");
  EXPECT_TRUE(std::holds_alternative<fw::PowerLogAnswer>(ok.body));
  auto busy = make_reply(RequestKind::Status, 503, R"({"error":"unavailable"})", 5, "");
  EXPECT_EQ(busy.retry_after_s, 5);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(busy.body));
  EXPECT_NE(busy.error.find("unavailable"), std::string::npos);
  auto none = make_reply(RequestKind::Status, 0, "", -1, "connect: refused");
  EXPECT_EQ(none.error, "connect: refused");
}

}  // namespace
}  // namespace sim
