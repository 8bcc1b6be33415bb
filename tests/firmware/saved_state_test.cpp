// What a node remembers across a reboot: the booking and the server's last word, and
// a seq above what the server has already seen.
#include <gtest/gtest.h>

#include <algorithm>

#include "node_rig.hpp"
#include "saved_state.hpp"
#include "shell_rig.hpp"

#include <esp_system.h>

namespace fw {
namespace {

using test::Rig;

TEST(SavedState, RoundTripsThroughItsNvsText) {
  const SavedState s{true, 1'700'003'600, true, 1'700'000'000};
  EXPECT_EQ(parse_state(serialize_state(s)), s);
  EXPECT_EQ(parse_state(""), SavedState{});
  EXPECT_EQ(parse_state("booked=yes\nuntil=12x\nnoise\n"), SavedState{});
}

TEST(SavedState, ABookingCountsForWhatWasLeftOfItWhenSaved) {
  EXPECT_EQ(booked_remaining_s({true, 1'700'003'600, false, 1'700'000'000}), 3600);
  EXPECT_EQ(booked_remaining_s({true, 1'700'000'000, false, 1'700'000'100}), 0);
  EXPECT_EQ(booked_remaining_s({true, 0, false, 1'700'000'000}), std::nullopt);  // until the server says
  EXPECT_EQ(booked_remaining_s({false, 1'700'003'600, false, 1'700'000'000}), 0);
}

// A booked room, the server goes away, the node reboots (brown-out) and nobody moves
// in the beam: what the node saved keeps power on.
Rig booked_room_then_outage(SavedState& saved, std::optional<std::int64_t> booked_until) {
  Rig rig;
  rig.server.booked = true;
  rig.server.reason = "booked";
  rig.server.booked_until = booked_until;
  rig.run_for(minutes(5));
  while (auto s = rig.node->take_state_to_save(rig.now)) saved = *s;
  rig.server.reachable = false;
  rig.run_for(minutes(10));
  return rig;
}

TEST(SavedState, ARebootDuringAServerOutageInABookedRoomKeepsPowerOn) {
  SavedState saved;
  Rig rig = booked_room_then_outage(saved, std::nullopt);
  ASSERT_TRUE(saved.booked);
  rig.start(BootState{0, saved, {}});
  rig.run_for(minutes(60));  // far beyond the offline power-off delay
  EXPECT_TRUE(rig.node->relay_on());
  EXPECT_EQ(rig.switches.size(), 1u);

  Rig forgetful;  // the same without the saved state: the idle rule cuts it
  forgetful.server.reachable = false;
  forgetful.run_for(minutes(60));
  EXPECT_FALSE(forgetful.node->relay_on());
}

TEST(SavedState, AStoredBookingWithAKnownEndStopsHoldingAfterIt) {
  SavedState saved;
  Rig rig = booked_room_then_outage(saved, 1'700'000'000 + 45 * 60);  // ends 45 min after boot
  ASSERT_GT(saved.booked_until_unix, 0);
  ASSERT_GT(saved.saved_at_unix, 0);
  rig.start(BootState{0, saved, {}});
  rig.run_for(minutes(40));
  EXPECT_TRUE(rig.node->relay_on());
  rig.run_for(minutes(30));  // the booking is over and the room is idle: the offline rule
  EXPECT_FALSE(rig.node->relay_on());
}

TEST(SavedState, ChangesAreWrittenInBatchesNotOnEveryAnswer) {
  Config c = test::test_config();
  c.report_interval_s = 10;
  c.follow_server_interval = 0;
  Rig rig(c);
  int writes = 0;
  for (int i = 0; i < 6 * 60; ++i) {  // an hour of answers every 10 s, the booking flapping
    rig.server.booked = (i / 3) % 2 == 0;
    rig.run_for(seconds(10));
    if (rig.node->take_state_to_save(rig.now)) ++writes;
  }
  EXPECT_LE(writes, 60);  // at most one a minute
  EXPECT_GE(writes, 30);  // but the changes do get written
}

TEST(SavedState, ANewBoardMovesPastTheServersLastSeqWithoutAnOutage) {
  Rig rig;
  rig.server.last_seq = 50'000;  // NVS erased or board swapped; the server knows the device
  rig.run_for(minutes(10));
  EXPECT_EQ(rig.server.duplicates, 1);  // only the very first report was taken for an old one
  EXPECT_GT(rig.node->next_seq(), 50'000);
  EXPECT_EQ(rig.node->buffered(), 0u);
  // Every report the node made reached the server (the first one renumbered).
  EXPECT_EQ(rig.server.accepted_seqs.size(), rig.node->counters().reports_made);
  EXPECT_TRUE(rig.logged("server is ahead"));
}

TEST(SavedState, AnOldServerWithoutLastSeqIsLeftAsItWas) {
  Rig rig;
  rig.server.answers_last_seq = false;
  rig.run_for(minutes(10));
  EXPECT_EQ(rig.server.duplicates, 0);
  EXPECT_FALSE(rig.logged("server is ahead"));
}

}  // namespace
}  // namespace fw

namespace {

using shell_test::Shell;

TEST_F(Shell, TheBookingSurvivesARebootThroughNvs) {
  status_body = R"({"message":"ok","is_booked":true,"reason":"booked","power_on":true,"last_seq":0})";
  boot();
  run_ms(5000);
  EXPECT_NE(s.nvs["classroom/node_state"].find("booked=1"), std::string::npos);
  s.wifi_up = false;  // the network is gone, then a brown-out
  s.reset_reason = ESP_RST_BROWNOUT;
  setup();
  run_ms(30 * 60'000);
  EXPECT_EQ(relay_pin(), board::kCoilForPowerOn);
}

}  // namespace
