#include "domain/registrar.hpp"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <functional>

using namespace classroom;

namespace {
constexpr std::int64_t kMonday = 1772409600;  // 2026-03-02 00:00 UTC
constexpr std::int64_t kHour = 3600, kMin = 60, kDay = 86400;

OpeningHours hours(std::string_view text) { return parse_opening_hours(text).value; }

// A report every 2 minutes over [from, to), occupied where `occupied` says.
template <class F>
std::vector<Sample> reports(std::int64_t from, std::int64_t to, F occupied) {
  std::vector<Sample> out;
  for (auto t = from; t < to; t += 120) out.push_back({t, occupied(t), true});
  return out;
}

RegistrarInput week_of_reports(std::function<bool(std::int64_t)> occupied) {
  RegistrarInput in;
  in.opening = hours("Mo-Fr 08:00-20:00");
  in.prime = hours("Mo-Fr 09:00-17:00");
  in.capacity = 40;
  in.samples = reports(kMonday, kMonday + 7 * kDay, occupied);
  return in;
}
}  // namespace

TEST(Registrar, FrequencyCountsOpenHoursWithAQuarterHourOfPresence) {
  // Monday: 09:00-09:20 (one hour in use), 10:00-10:10 (too short), Tuesday 14:00-16:00 (two).
  auto in = week_of_reports([](std::int64_t t) {
    auto m = t - kMonday;
    return (m >= 9 * kHour && m < 9 * kHour + 20 * kMin) || (m >= 10 * kHour && m < 10 * kHour + 10 * kMin) ||
           (m >= kDay + 14 * kHour && m < kDay + 16 * kHour);
  });
  auto f = registrar_figures(in, {kMonday, kMonday + 7 * kDay}, find_zone("UTC"));
  EXPECT_EQ(f.open_hours, 5 * 12);
  EXPECT_EQ(f.used_hours, 3);
  EXPECT_DOUBLE_EQ(f.frequency(), 3.0 / 60.0);
  EXPECT_DOUBLE_EQ(f.seat_hours, 3 * 40.0);
  EXPECT_EQ(f.latest_presence_min[1], 16 * 60) << "Tuesday's last presence ended at 16:00";
  EXPECT_EQ(f.latest_presence_min[0], 10 * 60 + 10);
  EXPECT_EQ(f.latest_presence_min[2], -1) << "nobody on Wednesday";
  EXPECT_EQ(f.prime_s, 5 * 8 * kHour);
  EXPECT_EQ(f.prime_occupied_s, 20 * kMin + 10 * kMin + 2 * kHour);
}

TEST(Registrar, OfflineHoursAreLeftOutNotCountedAsEmpty) {
  auto in = week_of_reports([](std::int64_t) { return true; });
  // The node is silent all Monday.
  std::erase_if(in.samples, [](const Sample& s) { return s.at < kMonday + kDay; });
  auto f = registrar_figures(in, {kMonday, kMonday + 7 * kDay}, find_zone("UTC"));
  EXPECT_EQ(f.open_hours, 4 * 12);
  EXPECT_EQ(f.used_hours, 4 * 12);
  EXPECT_DOUBLE_EQ(f.frequency(), 1.0);
}

TEST(Registrar, GhostBookingsAreWatchedBookingsNobodyCameTo) {
  auto in = week_of_reports([](std::int64_t t) { return t >= kMonday + 9 * kHour && t < kMonday + 10 * kHour; });
  in.bookings = {{kMonday + 9 * kHour, kMonday + 10 * kHour},                   // attended
                 {kMonday + 11 * kHour, kMonday + 12 * kHour},                  // ghost
                 {kMonday + 7 * kDay + kHour, kMonday + 7 * kDay + 2 * kHour}}; // outside the period
  std::erase_if(in.samples, [](const Sample& s) { return s.at >= kMonday + kDay + 8 * kHour && s.at < kMonday + kDay + 12 * kHour; });
  in.bookings.insert(in.bookings.begin() + 2, TimeRange{kMonday + kDay + 9 * kHour, kMonday + kDay + 10 * kHour});  // unwatched
  auto f = registrar_figures(in, {kMonday, kMonday + 7 * kDay}, find_zone("UTC"));
  EXPECT_EQ(f.bookings, 2) << "the booking during the offline stretch is not judged";
  EXPECT_EQ(f.ghost_bookings, 1);
  EXPECT_DOUBLE_EQ(f.ghost_share(), 0.5);
}

TEST(Registrar, FiguresAddUp) {
  RegistrarFigures a, b;
  a.open_hours = 10, a.used_hours = 1, a.latest_presence_min[0] = 600;
  b.open_hours = 10, b.used_hours = 3, b.latest_presence_min[0] = 700;
  a += b;
  EXPECT_DOUBLE_EQ(a.frequency(), 0.2);
  EXPECT_EQ(a.latest_presence_min[0], 700);
}
