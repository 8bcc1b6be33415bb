#include "domain/energy.hpp"
#include "domain/opening_hours.hpp"

#include <date/tz.h>
#include <gtest/gtest.h>

using namespace classroom;

namespace {
// Monday 2026-03-02 00:00 UTC (the tests read the campus in UTC).
constexpr std::int64_t kMonday = 1772409600;
constexpr std::int64_t kHour = 3600, kMin = 60;
const date::time_zone* utc() { return find_zone("UTC"); }

OpeningHours hours(std::string_view text) {
  auto h = parse_opening_hours(text);
  EXPECT_TRUE(h.ok()) << h.error;
  return h.value;
}

// Reports every 2 minutes over [from, to): occupied and power as the functions say.
template <class Occ, class On>
std::vector<Sample> reports(std::int64_t from, std::int64_t to, Occ occupied, On on) {
  std::vector<Sample> out;
  for (auto t = from; t < to; t += 120) out.push_back({t, occupied(t), on(t), std::nullopt});
  return out;
}
}  // namespace

TEST(OpeningHours, ParsesRangesListsAndOff) {
  auto h = hours("Mo-Fr 08:00-20:00; Sa 09:00-13:00; We off");
  EXPECT_EQ(h.days[0], (DayHours{8 * 60, 20 * 60}));
  EXPECT_FALSE(h.days[2]) << "a later rule overrides an earlier one";
  EXPECT_EQ(h.days[5], (DayHours{9 * 60, 13 * 60}));
  EXPECT_FALSE(h.days[6]) << "days not named are closed";
  EXPECT_EQ(to_string(h), "Mo-Tu 08:00-20:00; Th-Fr 08:00-20:00; Sa 09:00-13:00");
  EXPECT_EQ(parse_opening_hours(to_string(h)).value, h) << "the canonical spelling reads back";
  EXPECT_TRUE(hours("Sa-Mo 00:00-24:00").days[0]) << "ranges wrap over the week's end";
}

TEST(OpeningHours, RefusesWhatItCannotRead) {
  for (auto bad : {"", "Mo", "Mx 08:00-10:00", "Mo 10:00-08:00", "Mo 08:00", "Mo 25:00-26:00", "Mo-Fr 8-20"})
    EXPECT_FALSE(parse_opening_hours(bad).ok()) << bad;
}

TEST(OpeningHours, OpenSecondsFollowTheWeekAndTheClockChange) {
  auto h = hours("Mo-Fr 08:00-20:00");
  EXPECT_EQ(open_seconds(h, {kMonday, kMonday + 7 * 24 * kHour}, utc()), 5 * 12 * kHour);
  // Berlin, Sunday 2026-03-29 the clocks go forward; a Sunday opening of 00:00-24:00 is 23 h.
  auto berlin = find_zone("Europe/Berlin");
  auto sunday = open_on(hours("Su 00:00-24:00"), date::year{2026} / 3 / 29, berlin);
  ASSERT_TRUE(sunday);
  EXPECT_EQ(sunday->end - sunday->start, 23 * kHour);
}

TEST(EnergySaved, TheWorkedExample) {
  // Used 9-11 in a building open 8-20; the node switched power off at 11:04.
  EnergyInput in;
  in.opening = hours("Mo-Fr 08:00-20:00");
  in.rated_load_w = 1000;
  auto day = kMonday;
  in.samples = reports(
      day + 8 * kHour, day + 20 * kHour, [&](auto t) { return t >= day + 9 * kHour && t < day + 11 * kHour; },
      [&](auto t) { return t < day + 11 * kHour + 4 * kMin; });
  auto e = energy_saved(in, {day, day + 24 * kHour}, utc());
  EXPECT_EQ(e.baseline_on_s, 11 * kHour) << "from the first presence at 9:00 to the close at 20:00";
  EXPECT_EQ(e.actual_on_s, 2 * kHour + 4 * kMin);
  EXPECT_EQ(e.load, LoadSource::rated);
  EXPECT_NEAR(e.kwh, 1.0 * (8 * kHour + 56 * kMin) / 3600.0, 1e-9) << "8 h 56 min x 1 kW";
}

TEST(EnergySaved, ARoomNobodyEnteredSavedNothing) {
  EnergyInput in;
  in.opening = hours("Mo-Su 00:00-24:00");
  in.rated_load_w = 2000;
  in.samples = reports(kMonday, kMonday + 7 * 24 * kHour, [](auto) { return false; }, [](auto) { return false; });
  auto e = energy_saved(in, {kMonday, kMonday + 7 * 24 * kHour}, utc());
  EXPECT_EQ(e.baseline_on_s, 0);
  EXPECT_EQ(e.kwh, 0.0) << "power was off all week, but nobody would have switched it on";
}

TEST(EnergySaved, AnOfflineAfternoonCountsNeitherWay) {
  EnergyInput in;
  in.opening = hours("Mo-Fr 08:00-20:00");
  in.rated_load_w = 1000;
  auto day = kMonday;
  // In use 9-10, power off from 10:00; the node is silent from 13:00 to 17:00.
  in.samples = reports(
      day + 8 * kHour, day + 20 * kHour, [&](auto t) { return t < day + 10 * kHour && t >= day + 9 * kHour; },
      [&](auto t) { return t < day + 10 * kHour; });
  std::erase_if(in.samples, [&](auto& s) { return s.at >= day + 13 * kHour && s.at < day + 17 * kHour; });
  auto e = energy_saved(in, {day, day + 24 * kHour}, utc());
  EXPECT_EQ(e.excluded_s, 4 * kHour - 180) << "the report at 12:58 stands for 300 s, until 13:03";
  EXPECT_EQ(e.baseline_on_s, 11 * kHour - e.excluded_s);
  EXPECT_NEAR(e.kwh, (e.baseline_on_s - kHour) / 3600.0, 1e-9);
}

TEST(EnergySaved, OverrideTimeIsExcluded) {
  EnergyInput in;
  in.opening = hours("Mo-Fr 08:00-20:00");
  in.rated_load_w = 1000;
  auto day = kMonday;
  in.samples = reports(
      day + 8 * kHour, day + 20 * kHour, [&](auto t) { return t >= day + 9 * kHour && t < day + 10 * kHour; },
      [&](auto t) { return t < day + 10 * kHour; });
  in.overrides = override_spans({{day + 14 * kHour, day + 16 * kHour}});
  auto e = energy_saved(in, {day, day + 24 * kHour}, utc());
  EXPECT_EQ(e.excluded_s, 2 * kHour);
  EXPECT_EQ(e.baseline_on_s, 9 * kHour);
  EXPECT_NEAR(e.kwh, 8.0, 1e-9);
}

TEST(EnergySaved, AMeasuredLoadOverridesTheRatedOne) {
  EnergyInput in;
  in.opening = hours("Mo-Fr 08:00-20:00");
  in.rated_load_w = 5000;
  auto day = kMonday;
  in.samples = reports(
      day + 8 * kHour, day + 20 * kHour, [&](auto t) { return t >= day + 9 * kHour && t < day + 10 * kHour; },
      [&](auto t) { return t < day + 10 * kHour; });
  for (auto& s : in.samples)
    if (s.power_on) s.power_w = 800;
  auto e = energy_saved(in, {day, day + 24 * kHour}, utc());
  EXPECT_EQ(e.load, LoadSource::measured);
  EXPECT_DOUBLE_EQ(e.load_w, 800);
  EXPECT_NEAR(e.kwh, 0.8 * 10, 1e-9) << "10 h saved at the measured 800 W";
}

TEST(EnergySaved, NeverNegativeAndNothingOnClosedDays) {
  EnergyInput in;
  in.opening = hours("Mo-Fr 08:00-20:00");
  in.rated_load_w = 1000;
  auto saturday = kMonday + 5 * 24 * kHour;
  in.samples = reports(saturday + 9 * kHour, saturday + 12 * kHour, [](auto) { return true; }, [](auto) { return true; });
  EXPECT_EQ(energy_saved(in, {saturday, saturday + 24 * kHour}, utc()).kwh, 0.0) << "closed on Saturday";
  // Power on all day long, more than the baseline: saved is 0, not negative.
  in.samples = reports(kMonday, kMonday + 24 * kHour, [&](auto t) { return t >= kMonday + 19 * kHour; },
                       [](auto) { return true; });
  auto e = energy_saved(in, {kMonday, kMonday + 24 * kHour}, utc());
  EXPECT_EQ(e.kwh, 0.0);
  EXPECT_EQ(e.baseline_on_s, kHour);
}

TEST(EnergySaved, RolledUpHoursNeverEnlargeTheBaseline) {
  EnergyInput in;
  in.opening = hours("Mo-Fr 08:00-20:00");
  in.rated_load_w = 1000;
  // History: 09:00 hour occupied 30 min with power on 40 min; then power off, empty until 20:00.
  for (int h = 8; h < 20; ++h)
    in.hours.push_back({kMonday + h * kHour, h == 9 ? 30 * kMin : 0, h == 9 ? 40 * kMin : 0});
  auto e = energy_saved(in, {kMonday, kMonday + 24 * kHour}, utc());
  EXPECT_EQ(e.baseline_on_s, 10 * kHour + 30 * kMin) << "first presence at the latest it can have been: 09:30";
  EXPECT_EQ(e.actual_on_s, 30 * kMin);
  EXPECT_NEAR(e.kwh, 10.0, 1e-9);
}

TEST(EnergySaved, OverrideSpansEndAtTheNextCommand) {
  auto spans = override_spans({{100, 1000}, {400, 500}, {600, 550}});
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].end, 400) << "superseded by the next command";
  EXPECT_EQ(spans[1].end, 500);
}

TEST(EnergySaved, SumsSayWhichLoadTheyRestOn) {
  EnergySaved measured, rated, sum;
  measured.load = LoadSource::measured, measured.saved_s = 3600, measured.kwh = 0.8, measured.load_w = 800;
  rated.load = LoadSource::rated, rated.saved_s = 3600, rated.kwh = 2.0, rated.load_w = 2000;
  sum += measured;
  EXPECT_EQ(sum.load, LoadSource::measured) << "an empty sum takes its first part's source";
  EXPECT_DOUBLE_EQ(sum.load_w, 800);
  sum += rated;
  EXPECT_EQ(sum.load, LoadSource::mixed);
  EXPECT_DOUBLE_EQ(sum.load_w, 1400) << "the average load the saved hours were valued at";
  EXPECT_DOUBLE_EQ(sum.kwh, 2.8);
}
