// The node's state machine on a simulated clock: everyday rooms.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "node_rig.hpp"
#include "wire.hpp"

namespace fw {
namespace {

using test::Rig;

TEST(Node, StartsWithPowerOnAndSaysHelloBeforeTheFirstReport) {
  Rig rig;
  EXPECT_TRUE(rig.node->relay_on());
  rig.run_for(seconds(1));
  ASSERT_GE(rig.server.received.size(), 2u);
  EXPECT_EQ(rig.server.received[0].second.kind, RequestKind::Heartbeat);
  EXPECT_NE(rig.server.received[0].second.body.find(kFirmwareVersion), std::string::npos);
  EXPECT_EQ(rig.server.received[1].second.kind, RequestKind::Status);
}

TEST(Node, ReportsEveryTwoMinutesInAnEmptyRoom) {
  Rig rig;
  rig.run_for(minutes(20) + seconds(1));
  EXPECT_EQ(rig.server.count(RequestKind::Status), 11u);  // at 0, 2, ..., 20 min
  auto last = rig.requests(RequestKind::Status).back();
  EXPECT_NE(last.body.find(R"("is_occupied":false)"), std::string::npos);
  EXPECT_NE(last.body.find(R"("last_movement":1200)"), std::string::npos) << last.body;
}

TEST(Node, FollowsTheIntervalTheServerAsksFor) {
  Rig rig;
  rig.server.next_report_s = 30;
  rig.run_for(minutes(5) + seconds(1));
  EXPECT_EQ(rig.server.count(RequestKind::Status), 11u);
  EXPECT_EQ(rig.node->report_interval(), seconds(30));
}

TEST(Node, ReportsAtOnceWhenSomeoneEntersAndWhenTheRoomEmpties) {
  Rig rig;
  rig.run_for(seconds(30));
  const auto before = rig.server.count(RequestKind::Status);
  rig.room.people = [](Millis t) { return t >= seconds(30) && t < seconds(40); };
  rig.run_for(seconds(5));
  EXPECT_EQ(rig.server.count(RequestKind::Status), before + 1);
  EXPECT_NE(rig.requests(RequestKind::Status).back().body.find(R"("is_occupied":true)"), std::string::npos);
  rig.run_for(seconds(66));  // idle 60 s after the last movement at ~40 s
  EXPECT_EQ(rig.server.count(RequestKind::Status), before + 2);
  EXPECT_NE(rig.requests(RequestKind::Status).back().body.find(R"("is_occupied":false)"), std::string::npos);
}

TEST(Node, ALectureKeepsPowerOnAndTheEmptyRoomIsSwitchedOffWhenTheServerSaysSo) {
  Rig rig;
  rig.room.people = [](Millis t) { return t >= minutes(5) && t < minutes(95); };
  rig.run_for(minutes(95) + seconds(30));
  EXPECT_TRUE(rig.node->occupied(rig.now));
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_EQ(rig.switches.size(), 1u);  // never switched during the lecture

  // The server applies its idle rule and answers power_on=false.
  rig.server.power_on = false;
  rig.server.reason = "idle_timeout";
  rig.run_for(minutes(5));
  EXPECT_FALSE(rig.node->relay_on());
  auto logs = rig.requests(RequestKind::PowerLog);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NE(logs[0].body.find(R"("power_on":false,"reason":"auto_control")"), std::string::npos);
  // The next report tells the server the relay really is off.
  EXPECT_NE(rig.requests(RequestKind::Status).back().body.find(R"("is_power_on":false)"), std::string::npos);
}

TEST(Node, FlappingSensorDoesNotFloodTheServer) {
  Rig rig;
  // Someone in the doorway: movement in 1 s bursts every 61 s, so the room flips
  // between occupied and idle all afternoon.
  rig.room.people = [](Millis t) { return (t / 1000) % 61 == 0; };
  rig.run_for(minutes(60));
  const auto n = rig.server.count(RequestKind::Status);
  // At most one report per change (two per cycle) plus the schedule.
  EXPECT_LE(n, 60u * 2 + 31);
  EXPECT_GE(rig.node->counters().reports_made, 30u);
}

TEST(Node, RapidChangesAreReportedAtMostEveryMinReportGap) {
  Rig rig;
  rig.run_for(seconds(5));
  const auto before = rig.server.count(RequestKind::Status);
  for (int i = 0; i < 120; ++i) {  // the relay flipped every half second for a minute
    rig.node->apply_command(rig.now, Command{100 + i, i % 2 == 0});
    rig.run_for(500);
  }
  const auto reports = rig.server.count(RequestKind::Status) - before;
  EXPECT_LE(reports, 60u * 1000 / static_cast<unsigned>(rig.config.min_report_gap_ms) + 1);
  EXPECT_GE(reports, 20u);  // but the changes are reported
}

TEST(Node, SpuriousEchoesNeverMakeAnEmptyRoomOccupied) {
  Rig rig;
  rig.room.fault = [](Millis t, Rng& rng) -> std::optional<float> {
    // A stray echo now and then, never twice in a row, and echo timeouts.
    if ((t / 100) % 2 == 0 && rng.below(10) == 0) return static_cast<float>(rng.below(100) + 20);
    if (t % 7000 == 0) return -1.0f;
    return std::nullopt;
  };
  rig.run_for(minutes(30));
  EXPECT_EQ(rig.node->counters().reports_made, 15u);
  for (auto& r : rig.requests(RequestKind::Status))
    EXPECT_NE(r.body.find(R"("is_occupied":false)"), std::string::npos) << r.body;
}

TEST(Node, ManualCommandFromTheLongPollSwitchesAndIsConfirmed) {
  Rig rig;
  rig.run_for(seconds(2));
  ASSERT_TRUE(rig.node->command_poll_due(rig.now));
  EXPECT_EQ(rig.node->command_poll_path(), "/api/esp/commands?wait=25");
  rig.node->command_poll_started();
  EXPECT_FALSE(rig.node->command_poll_due(rig.now));
  rig.node->on_command_poll(rig.now, 200, CommandsAnswer{{Command{77, false}}});
  rig.server.power_on = false;
  rig.server.reason = "manual_override";
  rig.run_for(seconds(3));
  EXPECT_FALSE(rig.node->relay_on());
  auto logs = rig.requests(RequestKind::PowerLog);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NE(logs[0].body.find(R"("command_id":77)"), std::string::npos);
  // The server heard the new state at once, not two minutes later.
  EXPECT_NE(rig.requests(RequestKind::Status).back().body.find(R"("is_power_on":false)"), std::string::npos);
  // The same command delivered twice is applied once.
  rig.node->command_poll_started();
  rig.node->on_command_poll(rig.now, 200, CommandsAnswer{{Command{77, false}}});
  EXPECT_EQ(rig.node->counters().commands_applied, 1u);
}

TEST(Node, AnswerComputedBeforeACommandDoesNotUndoIt) {
  Rig rig;
  rig.run_for(minutes(2));
  rig.node->tick(rig.now);  // the two-minute report falls due
  auto req = rig.node->next_request(rig.now);
  ASSERT_TRUE(req);
  ASSERT_EQ(req->kind, RequestKind::Status);
  rig.node->apply_command(rig.now, Command{5, false});
  rig.node->on_reply(rig.now, rig.server.handle(rig.now, *req));  // still says "on"
  EXPECT_FALSE(rig.node->relay_on());
}

TEST(Node, CommandInAStatusAnswerIsApplied) {
  Rig rig;
  rig.server.command = Command{9, false};
  rig.server.power_on = false;
  rig.run_for(seconds(1));
  EXPECT_FALSE(rig.node->relay_on());
  EXPECT_EQ(rig.node->counters().commands_applied, 1u);
}

TEST(Node, PirNodeDetectsALecture) {
  auto c = test::test_config();
  c.sensor = SensorMode::Pir;
  Rig rig(c);
  for (Millis end = minutes(10); rig.now < end; rig.now += 100) {
    rig.node->on_pir(rig.now, rig.now > minutes(2) && (rig.now / 1000) % 20 < 5);
    rig.node->tick(rig.now);
    while (auto r = rig.node->next_request(rig.now)) rig.node->on_reply(rig.now, rig.server.handle(rig.now, *r));
  }
  EXPECT_TRUE(rig.node->occupied(rig.now));
}

}  // namespace
}  // namespace fw

namespace fw {
namespace {

TEST(Node, NodesPoweredUpTogetherSpreadTheirFirstCallAndTheirReportPhase) {
  std::vector<Millis> first_call, second_report;
  for (int i = 0; i < 40; ++i) {
    Config c = test::test_config();
    c.device_id = "room-" + std::to_string(i);
    c.start_jitter_ms = 10000;
    test::Rig rig(c);
    rig.run_for(minutes(3));
    ASSERT_GE(rig.server.received.size(), 3u);
    first_call.push_back(rig.server.received.front().first);
    std::vector<Millis> statuses;
    for (auto& [t, r] : rig.server.received)
      if (r.kind == RequestKind::Status) statuses.push_back(t);
    ASSERT_GE(statuses.size(), 2u);
    second_report.push_back(statuses[1]);
  }
  const auto [lo, hi] = std::minmax_element(first_call.begin(), first_call.end());
  EXPECT_LE(*hi, 10000);
  EXPECT_GE(*hi - *lo, 5000);  // not all in the same second
  const auto [lo2, hi2] = std::minmax_element(second_report.begin(), second_report.end());
  EXPECT_GE(*hi2 - *lo2, 5000);  // and the reports keep their spread
}

}  // namespace
}  // namespace fw
