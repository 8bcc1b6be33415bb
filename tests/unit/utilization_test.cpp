#include "domain/time.hpp"
#include "domain/utilization.hpp"

#include <gtest/gtest.h>

using namespace classroom;

namespace {
// Monday 2026-03-02 08:00 UTC; Berlin is UTC+1 then, so 09:00 local.
constexpr std::int64_t kMonday8 = 1772438400;
}

TEST(Utilization, SplitsOccupiedBookedAndPowerTime) {
  RoomInput in;
  // 10 samples, 120 s apart: occupied for the first 5, then empty; power on throughout.
  for (int i = 0; i < 10; ++i) in.samples.push_back({kMonday8 + i * 120, i < 5, true});
  // Booked for the second half of the observed 20 minutes.
  in.bookings.push_back({kMonday8 + 600, kMonday8 + 1200});
  Heatmap h;
  auto u = room_usage(in, {kMonday8, kMonday8 + 3600}, find_zone("Europe/Berlin"), h);
  EXPECT_EQ(u.observed_s, 9 * 120 + 300) << "the last sample stands for at most 300 s";
  EXPECT_EQ(u.occupied_s, 600);
  EXPECT_EQ(u.occupied_unbooked_s, 600) << "occupied only before the booking";
  EXPECT_EQ(u.booked_s, 600);
  EXPECT_EQ(u.booked_empty_s, 600) << "nobody came to the booking";
  EXPECT_EQ(u.power_on_s, u.observed_s);
  EXPECT_EQ(u.power_on_empty_s, u.observed_s - 600);
  auto f = h.fractions();
  EXPECT_GT(f[0][9], 0.0) << "Monday 09:00 local";
  EXPECT_EQ(f[0][8], 0.0);
}

TEST(Utilization, GapsLongerThanTheLimitAreNotCounted) {
  RoomInput in;
  in.samples = {{kMonday8, true, true}, {kMonday8 + 7200, true, true}};
  Heatmap h;
  auto u = room_usage(in, {kMonday8, kMonday8 + 7500}, find_zone("UTC"), h);
  EXPECT_EQ(u.occupied_s, 600) << "300 s after each sample";
}

TEST(Utilization, CountsSwitchOffsInsideThePeriod) {
  RoomInput in;
  in.power_switches = {{kMonday8 - 60, false}, {kMonday8, false}, {kMonday8 + 1800, true}, {kMonday8 + 3000, false}};
  Heatmap h;
  auto u = room_usage(in, {kMonday8, kMonday8 + 3600}, find_zone("UTC"), h);
  EXPECT_EQ(u.switch_offs, 2);
}

TEST(Utilization, RolledUpHoursCountInsideThePeriod) {
  RoomInput in;
  in.hours = {{kMonday8, 1800, 3600}, {kMonday8 - 3600, 3600, 3600}};
  Heatmap h;
  auto u = room_usage(in, {kMonday8, kMonday8 + 3600}, find_zone("UTC"), h);
  EXPECT_EQ(u.occupied_s, 1800);
  EXPECT_EQ(u.power_on_s, 3600);
  EXPECT_DOUBLE_EQ(h.fractions()[0][8], 0.5);
}

