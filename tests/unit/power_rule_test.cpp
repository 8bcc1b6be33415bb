#include "domain/power_rule.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

Observation seen(bool occupied, bool power, std::optional<std::int64_t> movement, std::int64_t age = 0) {
  return Observation{occupied, power, movement, kNow - age};
}

struct Case {
  const char* name;
  PowerInputs in;
  bool power_on;
  const char* reason;
};

PowerInputs base() {
  PowerInputs in;
  in.now = kNow;
  in.settings = RoomSettings{};  // idle 60 s + delay 180 s = off after 240 s idle
  return in;
}

PowerInputs with(std::function<void(PowerInputs&)> f) {
  auto in = base();
  f(in);
  return in;
}

}  // namespace

TEST(PowerRule, FollowsEveryRuleOfTheSpec) {
  const TimeRange now_booked{kNow - 600, kNow + 3000};
  const std::vector<Case> cases = {
      {"idle past timeout and delay, unbooked: off",
       with([](auto& i) { i.observed = seen(false, true, 240); }), false, "idle_timeout"},
      {"idle just under timeout plus delay: stays on",
       with([](auto& i) { i.observed = seen(false, true, 239); }), true, "idle_grace"},
      {"idle and already off: stays off",
       with([](auto& i) { i.observed = seen(false, false, 30); }), false, "idle_off"},
      {"booked now and idle for hours: on",
       with([&](auto& i) { i.observed = seen(false, true, 7200); i.current_booking = now_booked; }), true, "booked"},
      {"booked now and off: switched on",
       with([&](auto& i) { i.observed = seen(false, false, 7200); i.current_booking = now_booked; }), true, "booked"},
      {"booking ended a second ago: rule of the idle room applies",
       with([](auto& i) { i.observed = seen(false, true, 900); i.current_booking = TimeRange{kNow - 3600, kNow}; }), false, "idle_timeout"},
      {"booking starts in 5 minutes: switched on ahead",
       with([](auto& i) { i.observed = seen(false, false, 7200); i.next_booking = TimeRange{kNow + 300, kNow + 3900}; }), true, "booking_soon"},
      {"booking starts in 2 hours: idle rule applies",
       with([](auto& i) { i.observed = seen(false, true, 7200); i.next_booking = TimeRange{kNow + 7200, kNow + 9000}; }), false, "idle_timeout"},
      {"occupied: on",
       with([](auto& i) { i.observed = seen(true, true, 0); }), true, "occupied"},
      {"occupied and off with auto power-on: switched on",
       with([](auto& i) { i.observed = seen(true, false, 0); }), true, "occupied"},
      {"occupied and off without auto power-on: left off",
       with([](auto& i) { i.observed = seen(true, false, 0); i.settings.auto_power_on = false; }), false, "occupied_auto_on_disabled"},
      {"no report ever: never cut",
       base(), true, "no_data"},
      {"stale report of an idle room: never cut",
       with([](auto& i) { i.observed = seen(false, true, 9000, 3600); }), true, "stale_data"},
      {"idle without last_movement: keep what the node has",
       with([](auto& i) { i.observed = seen(false, true, std::nullopt); }), true, "no_data"},
      {"manual off overrides a booking",
       with([&](auto& i) { i.observed = seen(true, true, 0); i.current_booking = now_booked; i.manual = Override{false, kNow + 60}; }), false, "manual_override"},
      {"manual on overrides idleness",
       with([](auto& i) { i.observed = seen(false, false, 9000); i.manual = Override{true, kNow + 60}; }), true, "manual_override"},
      {"expired manual override no longer holds",
       with([](auto& i) { i.observed = seen(false, true, 9000); i.manual = Override{true, kNow}; }), false, "idle_timeout"},
      {"longer idle timeout of the room is respected",
       with([](auto& i) { i.observed = seen(false, true, 600); i.settings.idle_timeout_s = 900; }), true, "idle_grace"},
      {"zero power-off delay switches off at the idle timeout",
       with([](auto& i) { i.observed = seen(false, true, 60); i.settings.power_off_delay_s = 0; }), false, "idle_timeout"},
      {"time since the report counts as idle time",
       with([](auto& i) { i.observed = seen(false, true, 200, 60); }), false, "idle_timeout"},
      {"a faulted sensor in an idle unbooked room keeps power on",
       with([](auto& i) { i.observed = seen(false, true, 900); i.observed->sensor_ok = false; }), true, "sensor_fault"},
      {"a faulted sensor does not hide occupancy it still reports",
       with([](auto& i) { i.observed = seen(true, true, 0); i.observed->sensor_ok = false; }), true, "occupied"},
      {"a staff override holds during its own booking",
       with([](auto& i) {
         i.observed = seen(true, true, 0);
         i.current_booking = TimeRange{kNow - 60, kNow + 3600, 7};
         i.manual = Override{false, kNow + 3600, 7};
       }), false, "manual_override"},
      {"a staff override never holds through another person's booking",
       with([](auto& i) {
         i.observed = seen(false, true, 900);
         i.current_booking = TimeRange{kNow - 60, kNow + 3600, 8};
         i.manual = Override{false, kNow + 3600, 7};
       }), true, "booked"},
      {"a staff override ends when its booking is gone",
       with([](auto& i) { i.observed = seen(false, true, 0); i.manual = Override{false, kNow + 3600, 7}; }), true, "idle_grace"},
      {"an admin override holds through a booking",
       with([](auto& i) {
         i.observed = seen(true, true, 0);
         i.current_booking = TimeRange{kNow - 60, kNow + 3600, 8};
         i.manual = Override{false, kNow + 600, std::nullopt};
       }), false, "manual_override"},
  };
  for (const auto& c : cases) {
    auto d = decide_power(c.in);
    EXPECT_EQ(d.power_on, c.power_on) << c.name;
    EXPECT_EQ(reason_name(d.reason), c.reason) << c.name;
  }
}

TEST(PowerRule, ReportsBookedOnlyDuringTheBooking) {
  auto in = base();
  in.observed = seen(false, true, 0);
  in.current_booking = TimeRange{kNow, kNow + 60};
  EXPECT_TRUE(decide_power(in).is_booked);
  EXPECT_EQ(decide_power(in).booked_until, kNow + 60) << "the node may keep power on until then by itself";
  in.current_booking = TimeRange{kNow - 60, kNow};
  EXPECT_FALSE(decide_power(in).is_booked) << "a booking's end is exclusive";
  EXPECT_FALSE(decide_power(in).booked_until);
}

TEST(PowerRule, TellsWhenTheDecisionWouldChangeByTimeAlone) {
  auto in = base();
  in.observed = seen(false, true, 200);
  EXPECT_EQ(decide_power(in).changes_in_s, 40);
  in.next_booking = TimeRange{kNow + 620, kNow + 4000};
  EXPECT_EQ(decide_power(in).changes_in_s, 20) << "the pre-start lead comes first";
}
