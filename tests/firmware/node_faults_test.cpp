// The node when things go wrong: outages, reboots, a full buffer, bad answers.
#include <gtest/gtest.h>

#include <algorithm>

#include "node_rig.hpp"

namespace fw {
namespace {

using test::Rig;

bool strictly_increasing(const std::vector<std::int64_t>& v) {
  return std::adjacent_find(v.begin(), v.end(), [](auto a, auto b) { return a >= b; }) == v.end();
}

TEST(NodeFaults, KeepsPowerOnDuringBookingWhenServerUnreachableForAnHour) {
  Rig rig;
  rig.server.booked = true;
  rig.server.reason = "booked";
  rig.run_for(minutes(5));
  rig.server.reachable = false;  // the lecturer is late: the room is booked and empty
  rig.run_for(minutes(60));
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_EQ(rig.switches.size(), 1u);
  EXPECT_FALSE(rig.node->reachable());
  EXPECT_GE(rig.node->buffered(), 30u);

  rig.server.reachable = true;
  rig.run_for(minutes(2));
  EXPECT_EQ(rig.node->buffered(), 0u);
  EXPECT_TRUE(rig.node->reachable());
  EXPECT_GE(rig.server.count(RequestKind::Batch), 1u);
  // Every report made during the outage reached the server, in order, once.
  EXPECT_TRUE(strictly_increasing(rig.server.accepted_seqs));
  EXPECT_EQ(rig.server.accepted_seqs.size(), rig.node->counters().reports_made);
}

TEST(NodeFaults, SwitchesAnIdleUnbookedRoomOffOnlyAfterTheLocalDelay) {
  Rig rig;
  rig.run_for(minutes(2) + seconds(1));  // last answer at 120 s
  rig.server.reachable = false;
  rig.run_for(seconds(rig.config.offline_power_off_s) - seconds(6));
  EXPECT_TRUE(rig.node->relay_on());
  rig.run_for(seconds(10));
  EXPECT_FALSE(rig.node->relay_on());
  rig.server.reachable = true;
  rig.server.power_on = false;  // the server's idle rule agrees
  rig.run_for(minutes(3));
  EXPECT_FALSE(rig.node->relay_on());
  auto logs = rig.requests(RequestKind::PowerLog);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NE(logs[0].body.find(R"("reason":"failsafe")"), std::string::npos);
}

TEST(NodeFaults, GivesPowerBackWhenSomeoneEntersDuringAnOutage) {
  Rig rig;
  rig.server.power_on = false;
  rig.run_for(minutes(1));
  EXPECT_FALSE(rig.node->relay_on());
  rig.server.reachable = false;
  rig.run_for(minutes(10));
  EXPECT_FALSE(rig.node->relay_on());
  rig.room.people = [](Millis) { return true; };
  rig.run_for(seconds(2));
  EXPECT_TRUE(rig.node->relay_on());
  rig.room.people = [](Millis) { return false; };
  rig.run_for(minutes(10));
  EXPECT_TRUE(rig.node->relay_on());  // not yet the long local delay
}

TEST(NodeFaults, FaultySensorNeverCutsPowerWhileOffline) {
  Rig rig;
  rig.room.fault = [](Millis, Rng&) -> std::optional<float> { return -1.0f; };
  rig.server.reachable = false;
  rig.run_for(minutes(60));
  EXPECT_TRUE(rig.node->sensor_faulty(rig.now));
  EXPECT_TRUE(rig.node->relay_on());
}

TEST(NodeFaults, ARebootStartsWithPowerOnAndContinuesAboveTheStoredSeq) {
  Rig rig;
  auto ceiling = rig.node->take_seq_ceiling();
  ASSERT_TRUE(ceiling);
  EXPECT_EQ(*ceiling, 1 + Node::kSeqBlock);
  EXPECT_FALSE(rig.node->take_seq_ceiling());  // stored once per block
  rig.server.power_on = false;
  rig.run_for(minutes(10));
  EXPECT_FALSE(rig.node->relay_on());
  const auto before = rig.server.last_seq;

  rig.start(BootState{*ceiling, {}, {}});  // power cut, NVS kept
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_EQ(rig.node->next_seq(), *ceiling);
  rig.server.reachable = false;  // and the server is away too
  rig.run_for(minutes(5));
  EXPECT_TRUE(rig.node->relay_on());
  rig.server.reachable = true;
  rig.run_for(minutes(1));
  EXPECT_GT(rig.server.last_seq, before);
  EXPECT_TRUE(strictly_increasing(rig.server.accepted_seqs));
  EXPECT_FALSE(rig.node->relay_on());  // the server's word again
}

TEST(NodeFaults, StoresANewSeqCeilingBeforeTheBlockRunsOut) {
  auto c = test::test_config();
  c.report_interval_s = 10;
  c.follow_server_interval = 0;
  Rig rig(c);
  rig.node->take_seq_ceiling();
  rig.run_for(seconds(10) * (Node::kSeqBlock + 5));
  auto next = rig.node->take_seq_ceiling();
  ASSERT_TRUE(next);
  EXPECT_GT(*next, rig.node->next_seq());
}

TEST(NodeFaults, AFullOfflineBufferDropsTheOldestAndKeepsTheNewest) {
  auto c = test::test_config();
  c.offline_buffer = 8;
  c.batch_max = 4;
  Rig rig(c);
  rig.run_for(seconds(1));
  rig.server.reachable = false;
  rig.run_for(minutes(60));  // 30 reports for 8 places
  EXPECT_EQ(rig.node->buffered(), 8u);
  EXPECT_EQ(rig.node->counters().reports_dropped, 22u);
  EXPECT_TRUE(rig.logged("offline buffer full"));
  const auto newest = rig.node->next_seq() - 1;
  const auto accepted_before = rig.server.accepted_seqs.size();
  rig.server.reachable = true;
  rig.run_for(seconds(30));
  EXPECT_EQ(rig.node->buffered(), 0u);
  ASSERT_GE(rig.server.accepted_seqs.size(), accepted_before + 8);
  EXPECT_EQ(rig.server.accepted_seqs[accepted_before], newest - 7);
  EXPECT_EQ(rig.server.accepted_seqs[accepted_before + 7], newest);
  EXPECT_TRUE(strictly_increasing(rig.server.accepted_seqs));
  EXPECT_EQ(rig.server.count(RequestKind::Batch), 2u);  // 7 old reports in batches of 4
}

TEST(NodeFaults, MalformedAnswersKeepTheLastSafeStateAndAreLogged) {
  Rig rig;
  rig.server.power_on = false;
  rig.run_for(seconds(1));
  ASSERT_FALSE(rig.node->relay_on());
  rig.server.script = [](const Request& r) -> std::optional<Reply> {
    if (r.kind != RequestKind::Status) return std::nullopt;
    return Reply{200, -1, {}, "power_on is not a boolean"};
  };
  rig.room.people = [](Millis) { return true; };
  rig.run_for(seconds(2));
  // Someone came in: without a valid answer the fail-safe gives power.
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_TRUE(rig.logged("malformed status answer (power_on is not a boolean)"));
  EXPECT_GE(rig.node->counters().answers_malformed, 1u);
  rig.room.people = [](Millis) { return false; };
  rig.run_for(minutes(10));
  EXPECT_TRUE(rig.node->relay_on());  // nothing cut on the word of a garbled answer
}

TEST(NodeFaults, BacksOffWithJitterWhileTheServerIsUnreachable) {
  Rig rig;
  rig.run_for(seconds(1));
  rig.server.reachable = false;
  const auto failures_before = rig.node->counters().failures;
  rig.run_for(minutes(30));
  const auto attempts = rig.node->counters().failures - failures_before;
  // Reports fall due every 2 min, but retries are spaced out up to 60 s, not every loop.
  EXPECT_GE(attempts, 25u);
  EXPECT_LE(attempts, 80u);
}

TEST(NodeFaults, HonoursRetryAfterWhenTheServerIsBusy) {
  Rig rig;
  rig.run_for(seconds(1));
  rig.server.status = 503;
  rig.server.retry_after_s = 30;
  rig.run_for(minutes(2));  // next report due at 120 s
  const auto n = rig.server.received.size();
  rig.run_for(seconds(29));
  EXPECT_EQ(rig.server.received.size(), n);
  rig.server.status = 200;
  rig.run_for(seconds(35));
  EXPECT_GT(rig.server.received.size(), n);
  EXPECT_TRUE(rig.node->reachable());
}

TEST(NodeFaults, WrongKeyIsLoggedAndReportsAreKeptForLater) {
  Rig rig;
  rig.run_for(seconds(1));
  rig.server.status = 401;
  rig.run_for(minutes(10));
  EXPECT_GE(rig.node->buffered(), 4u);
  EXPECT_TRUE(rig.logged("HTTP 401"));
  rig.server.status = 200;
  rig.run_for(minutes(2));
  EXPECT_EQ(rig.node->buffered(), 0u);
}

TEST(NodeFaults, ARefusedReportIsDroppedInsteadOfBlockingTheQueue) {
  Rig rig;
  rig.server.status = 400;
  rig.run_for(minutes(5));
  EXPECT_EQ(rig.node->buffered(), 0u);
  EXPECT_TRUE(rig.logged("report dropped"));
}

TEST(NodeFaults, ContinuesAboveTheServersSeqWhenItsOwnWasLost) {
  Rig rig;
  rig.server.last_seq = 50'000;  // NVS was erased; the server knows this device
  rig.server.reachable = false;
  rig.run_for(minutes(10));
  rig.server.reachable = true;
  rig.run_for(minutes(3));
  EXPECT_GT(rig.node->next_seq(), 50'000);
  EXPECT_EQ(rig.node->buffered(), 0u);
  EXPECT_TRUE(rig.logged("server is ahead"));
}

TEST(NodeFaults, OldServerWithoutBatchGetsTheBacklogOneByOne) {
  Rig rig;
  rig.server.script = [](const Request& r) -> std::optional<Reply> {
    if (r.kind == RequestKind::Batch) return Reply{404, -1, {}, "not found"};
    return std::nullopt;
  };
  rig.server.reachable = false;
  rig.run_for(minutes(10));
  rig.server.reachable = true;
  rig.run_for(minutes(2));
  EXPECT_EQ(rig.node->buffered(), 0u);
  EXPECT_EQ(rig.server.count(RequestKind::Batch), 1u);
  EXPECT_TRUE(strictly_increasing(rig.server.accepted_seqs));
}

TEST(NodeFaults, AServerThatNeverSaysItsTimeStillGetsTheBacklogWithoutAHeartbeatStorm) {
  Rig rig;
  rig.server.script = [](const Request& r) -> std::optional<Reply> {
    if (r.kind == RequestKind::Heartbeat) return Reply{404, -1, {}, "not found"};
    if (r.kind == RequestKind::Status) return Reply{200, -1, StatusAnswer{true, false, "", {}, {}, {}, {}, {}, {}}, {}};
    return std::nullopt;
  };
  rig.server.reachable = false;
  rig.run_for(minutes(10));
  rig.server.reachable = true;
  rig.run_for(minutes(3));
  EXPECT_EQ(rig.node->buffered(), 0u);
  EXPECT_EQ(rig.server.count(RequestKind::Heartbeat), 1u);
  EXPECT_EQ(rig.server.count(RequestKind::Batch), 0u);
  EXPECT_EQ(rig.requests(RequestKind::Status).front().body.find("timestamp"), std::string::npos);
}

}  // namespace
}  // namespace fw

namespace fw {
namespace {

TEST(NodeFaults, ARefusedBatchGoesOneByOneInsteadOfBeingDropped) {
  Rig rig;
  rig.server.script = [](const Request& r) -> std::optional<Reply> {
    if (r.kind == RequestKind::Batch) return Reply{400, -1, {}, "reports: bad timestamp"};
    return std::nullopt;
  };
  rig.run_for(seconds(5));
  rig.server.reachable = false;
  rig.run_for(minutes(30));
  ASSERT_GE(rig.node->buffered(), 10u);
  rig.server.reachable = true;
  rig.run_for(minutes(3));
  EXPECT_EQ(rig.node->buffered(), 0u);
  EXPECT_EQ(rig.node->counters().reports_dropped, 0u);
  EXPECT_EQ(rig.server.accepted_seqs.size(), rig.node->counters().reports_made);
  EXPECT_TRUE(strictly_increasing(rig.server.accepted_seqs));
}

TEST(NodeFaults, AHugeRetryAfterSilencesTheNodeForAtMostAQuarterHour) {
  Rig rig;
  rig.run_for(seconds(5));
  rig.server.status = 503;
  rig.server.retry_after_s = 86400;  // a proxy that says "tomorrow"
  rig.run_for(minutes(3));  // the next report meets it
  const auto before = rig.server.received.size();
  rig.server.status = 200;
  rig.run_for(Node::kMaxRetryAfter + minutes(1));
  EXPECT_GT(rig.server.received.size(), before);
  EXPECT_TRUE(rig.node->reachable());
}

}  // namespace
}  // namespace fw

namespace fw {
namespace {

TEST(NodeFaults, AnswersToOldReportsInAOneByOneReplayDoNotSwitchTheRelay) {
  Rig rig;
  // An older server: no batch call, and it scores every report as the room now.
  rig.server.script = [](const Request& r) -> std::optional<Reply> {
    if (r.kind == RequestKind::Batch) return Reply{404, -1, {}, "not found"};
    if (r.kind != RequestKind::Status) return std::nullopt;
    StatusAnswer a;
    a.power_on = r.body.find(R"("is_occupied":true)") != std::string::npos;
    a.reason = a.power_on ? "occupied" : "idle_timeout";
    return Reply{200, -1, a, {}};
  };
  rig.room.people = [](Millis t) { return t > minutes(58); };  // a class arrives at the end
  rig.run_for(seconds(5));
  rig.server.reachable = false;
  rig.run_for(minutes(60));
  ASSERT_TRUE(rig.node->relay_on());  // people came in: the offline rule gave power back
  ASSERT_GE(rig.node->buffered(), 20u);
  const auto switches_before = rig.switches.size();
  rig.server.reachable = true;
  rig.run_for(minutes(2));  // the idle reports of the last hour go one by one
  EXPECT_EQ(rig.node->buffered(), 0u);
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_EQ(rig.switches.size(), switches_before);  // no flicker off on an hour-old "idle"
}

}  // namespace
}  // namespace fw
