// What stands between a decision and the contact: no chatter, and the local button.
#include <gtest/gtest.h>

#include "node_rig.hpp"
#include "wire.hpp"

namespace fw {
namespace {

using test::Rig;

Config fast_reports() {
  Config c = test::test_config();
  c.report_interval_s = 10;
  c.follow_server_interval = 0;
  return c;
}

TEST(RelayGuard, FlappingServerAnswersCannotChatterTheRelay) {
  Rig rig(fast_reports());
  int answers = 0;
  rig.server.script = [&](const Request& r) -> std::optional<Reply> {
    if (r.kind != RequestKind::Status) return std::nullopt;
    StatusAnswer a;
    a.power_on = ++answers % 2 == 0;  // on, off, on, off... every answer
    a.reason = a.power_on ? "occupied" : "idle_timeout";
    return Reply{200, -1, a, {}};
  };
  rig.run_for(minutes(30));
  ASSERT_GE(answers, 180);
  // Every switch off came at least relay_min_on_s after the switch on before it, and
  // every automatic switch on at least relay_min_off_s after the switch off.
  for (std::size_t i = 1; i < rig.switches.size(); ++i) {
    const Millis gap = rig.switches[i].first - rig.switches[i - 1].first;
    const bool to_on = rig.switches[i].second;
    EXPECT_GE(gap, seconds(to_on ? rig.config.relay_min_off_s : rig.config.relay_min_on_s)) << i;
  }
  EXPECT_LE(rig.node->counters().relay_switches, 2 * 30 * 60 / (60 + 5) + 2);
}

TEST(RelayGuard, AManualCommandIsNeverHeldBack) {
  Rig rig;
  rig.run_for(seconds(2));
  ASSERT_TRUE(rig.node->relay_on());
  rig.server.power_on = false;
  rig.server.reason = "idle_timeout";
  rig.node->apply_command(rig.now, Command{5, true});  // just switched: a fresh "on"
  rig.node->apply_command(rig.now + 500, Command{6, false});
  EXPECT_FALSE(rig.node->relay_on());
}

void press(Rig& rig, Millis held) {
  for (Millis t = 0; t <= held; t += 10) rig.node->on_button(rig.now + t, true);
  rig.node->on_button(rig.now + held + 10, false);
}

Rig dark_room() {
  Rig rig;
  rig.server.power_on = false;
  rig.server.reason = "idle_timeout";
  rig.run_for(minutes(2));
  return rig;
}

TEST(Button, APressGivesAnHourOfPowerWhateverTheServerSays) {
  Rig rig = dark_room();
  ASSERT_FALSE(rig.node->relay_on());
  press(rig, 200);
  EXPECT_TRUE(rig.node->relay_on());
  rig.run_for(minutes(59));
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_EQ(rig.switches.size(), 2u);  // off by the first answer, on by the button: nothing between
  rig.run_for(minutes(2));
  EXPECT_FALSE(rig.node->relay_on());  // the hour is over: the server's idle rule again
  bool logged_manual = false;
  for (const auto& r : rig.requests(RequestKind::PowerLog))
    logged_manual |= r.body.find(R"("power_on":true,"reason":"manual")") != std::string::npos;
  EXPECT_TRUE(logged_manual);
}

TEST(Button, AGlitchShorterThanTheDebounceIsNoPress) {
  Rig rig = dark_room();
  press(rig, RelayGuard::kButtonDebounce - 20);
  EXPECT_FALSE(rig.node->relay_on());
}

TEST(Button, AnAdminOffWaitsUntilTheButtonsHourIsOver) {
  Rig rig = dark_room();
  press(rig, 100);
  rig.node->apply_command(rig.now, Command{9, false});
  rig.run_for(minutes(30));
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_TRUE(rig.logged("local button holds power on"));
}

TEST(Heartbeat, CarriesTheNodesHealthAndRepeats) {
  Rig rig;
  Health h;
  h.rssi = -67;
  h.reset_reason = "brownout";
  h.free_heap = 123456;
  rig.node->set_health(h);
  rig.run_for(minutes(31));
  const auto beats = rig.requests(RequestKind::Heartbeat);
  ASSERT_EQ(beats.size(), 3u);  // at boot, then every heartbeat_interval_s (15 min)
  EXPECT_NE(beats.back().body.find(R"("rssi":-67,"uptime_s":1800,"reset_reason":"brownout","free_heap":123456)"),
            std::string::npos)
      << beats.back().body;
}

TEST(Heartbeat, BodyLeavesOutWhatThePlatformDoesNotKnow) {
  Health h;
  h.uptime_s = 5;
  h.safe_mode = true;
  EXPECT_EQ(heartbeat_body("2.0.0", h), R"({"firmware_version":"2.0.0","uptime_s":5,"safe_mode":true})");
  EXPECT_EQ(heartbeat_body("", {}), "{}");
}

}  // namespace
}  // namespace fw
