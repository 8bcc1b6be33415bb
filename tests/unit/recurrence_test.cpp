// Term timetables expanded to occurrences that keep their local wall-clock time.
#include "domain/recurrence.hpp"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace classroom {
namespace {

using namespace std::chrono_literals;
using date::year;
using ::testing::HasSubstr;

Seconds utc(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  return date::sys_days{date::year{y} / date::month{mo} / date::day{d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi};
}

const date::time_zone* berlin() { return find_zone("Europe/Berlin"); }
const date::time_zone* new_york() { return find_zone("America/New_York"); }

std::vector<Seconds> starts(const Expansion& e) {
  std::vector<Seconds> out;
  for (const auto& o : e.occurrences) out.push_back(o.time.start);
  return out;
}

std::vector<date::year_month_day> dates(const Expansion& e) {
  std::vector<date::year_month_day> out;
  for (const auto& o : e.occurrences) out.push_back(o.date);
  return out;
}

TEST(Expand, KeepsLocalWallClockAcrossSpringForward) {
  // Mondays 10:00-11:30 in Berlin: 09:00Z in winter, 08:00Z from 29 March.
  Recurrence r{.weekdays = {1}, .first_date = year{2026} / 3 / 16, .last_date = year{2026} / 4 / 6,
               .start_time = 10h, .end_time = 11h + 30min};
  auto e = expand(r, berlin());
  ASSERT_TRUE(e.ok()) << e.error->message;
  EXPECT_EQ(starts(e), (std::vector<Seconds>{utc(2026, 3, 16, 9), utc(2026, 3, 23, 9),
                                             utc(2026, 3, 30, 8), utc(2026, 4, 6, 8)}));
  for (const auto& o : e.occurrences) {
    EXPECT_EQ(o.time.length(), 90min);
    EXPECT_EQ(format_iso(o.time.start, berlin()).substr(11, 5), "10:00");
  }
}

TEST(OccurrenceOn, PlacesAnEditedSessionAtItsWallClockTimeOnEitherSideOfAChange) {
  EXPECT_EQ(occurrence_on(year{2026} / 3 / 27, 14h, 15h + 30min, berlin()),
            (Interval{utc(2026, 3, 27, 13), utc(2026, 3, 27, 14, 30)}));
  EXPECT_EQ(occurrence_on(year{2026} / 3 / 30, 14h, 15h + 30min, berlin()),
            (Interval{utc(2026, 3, 30, 12), utc(2026, 3, 30, 13, 30)}));
  // 02:30-03:15 on the night the clocks skip 02:00-03:00: the start moves to 03:30, past the end.
  EXPECT_EQ(occurrence_on(year{2026} / 3 / 29, 2h + 30min, 3h + 15min, berlin()), std::nullopt);
}

TEST(Expand, KeepsLocalWallClockAcrossFallBack) {
  // Tuesdays and Thursdays 10:00-11:00 in New York: 14:00Z under EDT, 15:00Z under EST.
  Recurrence r{.weekdays = {2, 4}, .first_date = year{2026} / 10 / 27, .last_date = year{2026} / 11 / 5,
               .start_time = 10h, .end_time = 11h};
  auto e = expand(r, new_york());
  ASSERT_TRUE(e.ok()) << e.error->message;
  EXPECT_EQ(dates(e), (std::vector<date::year_month_day>{year{2026} / 10 / 27, year{2026} / 10 / 29,
                                                         year{2026} / 11 / 3, year{2026} / 11 / 5}));
  EXPECT_EQ(starts(e), (std::vector<Seconds>{utc(2026, 10, 27, 14), utc(2026, 10, 29, 14),
                                             utc(2026, 11, 3, 15), utc(2026, 11, 5, 15)}));
}

TEST(Expand, KeepsLocalWallClockAcrossBothChangesOfAYear) {
  // Wednesdays 08:15 in Berlin through 2027: always 08:15 local.
  Recurrence r{.weekdays = {3}, .first_date = year{2027} / 1 / 6, .last_date = year{2027} / 12 / 29,
               .start_time = 8h + 15min, .end_time = 9h + 45min};
  auto e = expand(r, berlin());
  ASSERT_TRUE(e.ok()) << e.error->message;
  EXPECT_EQ(e.occurrences.size(), 52u);
  for (const auto& o : e.occurrences) {
    SCOPED_TRACE(format_date(o.date));
    EXPECT_EQ(format_iso(o.time.start, berlin()).substr(0, 16), format_date(o.date) + "T08:15");
    EXPECT_EQ(o.time.length(), 90min);
  }
}

TEST(Expand, MovesAStartInTheSpringForwardGapForwardByAnHour) {
  // Sundays 02:30-04:00: on 29 March 02:30 does not exist and is read as 03:30 CEST.
  Recurrence r{.weekdays = {7}, .first_date = year{2026} / 3 / 22, .last_date = year{2026} / 4 / 5,
               .start_time = 2h + 30min, .end_time = 4h};
  auto e = expand(r, berlin());
  ASSERT_TRUE(e.ok()) << e.error->message;
  ASSERT_EQ(e.occurrences.size(), 3u);
  EXPECT_EQ(e.occurrences[1].time, (Interval{utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 2)}));
  EXPECT_EQ(e.occurrences[0].time.length(), 90min);
  EXPECT_EQ(e.occurrences[2].time.length(), 90min);
}

TEST(Expand, TakesTheEarlierInstantForAnAmbiguousFallBackStart) {
  // Sunday 31 October 2027, 02:30-03:30 Berlin: 02:30 happens twice; the first (CEST) counts.
  Recurrence r{.weekdays = {7}, .first_date = year{2027} / 10 / 31, .last_date = year{2027} / 10 / 31,
               .start_time = 2h + 30min, .end_time = 3h + 30min};
  auto e = expand(r, berlin());
  ASSERT_TRUE(e.ok()) << e.error->message;
  ASSERT_EQ(e.occurrences.size(), 1u);
  EXPECT_EQ(e.occurrences[0].time, (Interval{utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 2, 30)}));
}

TEST(Expand, SkipsHolidaysAndDatesOffTheChosenWeekdays) {
  // Weekdays of the Easter fortnight 2026 without Good Friday and Easter Monday.
  Recurrence r{.weekdays = {1, 2, 3, 4, 5, 5}, .first_date = year{2026} / 4 / 1,
               .last_date = year{2026} / 4 / 12, .start_time = 9h, .end_time = 10h,
               .holidays = {year{2026} / 4 / 3, year{2026} / 4 / 6, year{2026} / 12 / 25}};
  auto e = expand(r, berlin());
  ASSERT_TRUE(e.ok()) << e.error->message;
  EXPECT_EQ(dates(e), (std::vector<date::year_month_day>{year{2026} / 4 / 1, year{2026} / 4 / 2,
                                                         year{2026} / 4 / 7, year{2026} / 4 / 8,
                                                         year{2026} / 4 / 9, year{2026} / 4 / 10}));
}

TEST(Expand, AllowsExactlyTheLimits) {
  // 2026-01-01 to 2026-07-19 is 200 days; every day of the week gives 200 occurrences.
  Recurrence daily{.weekdays = {1, 2, 3, 4, 5, 6, 7}, .first_date = year{2026} / 1 / 1,
                   .last_date = year{2026} / 7 / 19, .start_time = 7h, .end_time = 8h};
  EXPECT_EQ(expand(daily, berlin()).occurrences.size(), 200u);
  // 366 days apart, one weekday.
  Recurrence weekly{.weekdays = {1}, .first_date = year{2026} / 1 / 1, .last_date = year{2027} / 1 / 2,
                    .start_time = 7h, .end_time = 8h};
  EXPECT_TRUE(expand(weekly, berlin()).ok());
  // A holiday brings a 201-day range back under the limit.
  daily.last_date = year{2026} / 7 / 20;
  daily.holidays = {year{2026} / 5 / 1};
  EXPECT_TRUE(expand(daily, berlin()).ok());
}

TEST(Expand, RefusesUnusableRecurrencesNamingTheField) {
  const Recurrence good{.weekdays = {1, 3}, .first_date = year{2026} / 4 / 13,
                        .last_date = year{2026} / 7 / 17, .start_time = 10h, .end_time = 12h};
  ASSERT_TRUE(expand(good, berlin()).ok());
  struct Case {
    const char* name;
    Recurrence r;
    const char* field;
    const char* message;
  };
  auto with = [&good](auto change) {
    Recurrence r = good;
    change(r);
    return r;
  };
  const std::vector<Case> cases = {
      {"no weekdays", with([](Recurrence& r) { r.weekdays.clear(); }), "weekdays", "at least one"},
      {"weekday zero", with([](Recurrence& r) { r.weekdays = {0}; }), "weekdays", "1 (Monday) to 7"},
      {"weekday eight", with([](Recurrence& r) { r.weekdays = {1, 8}; }), "weekdays", "1 (Monday) to 7"},
      {"no last date", with([](Recurrence& r) { r.last_date.reset(); }), "last_date", "needs a last_date"},
      {"last before first", with([](Recurrence& r) { r.last_date = year{2026} / 4 / 12; }), "last_date",
       "before first_date"},
      {"first date impossible", with([](Recurrence& r) { r.first_date = year{2026} / 2 / 30; }),
       "first_date", "not a date"},
      {"span over 366 days", with([](Recurrence& r) { r.last_date = year{2027} / 4 / 15; }), "last_date",
       "at most 366 days"},
      {"more than 200 occurrences", with([](Recurrence& r) {
         r.weekdays = {1, 2, 3, 4, 5, 6, 7};
         r.first_date = year{2026} / 1 / 1;
         r.last_date = year{2026} / 7 / 20;
       }),
       "last_date", "at most 200 occurrences"},
      {"end equals start", with([](Recurrence& r) { r.end_time = r.start_time; }), "end_time",
       "after start_time"},
      {"end before start", with([](Recurrence& r) { r.end_time = 9h; }), "end_time", "after start_time"},
      {"start past midnight", with([](Recurrence& r) { r.start_time = 24h; }), "start_time", "00:00 and 23:59"},
      {"end past midnight", with([](Recurrence& r) { r.end_time = 25h; }), "end_time", "00:00 and 23:59"},
      {"no matching date", with([](Recurrence& r) {
         r.weekdays = {6};
         r.first_date = year{2026} / 4 / 13;
         r.last_date = year{2026} / 4 / 17;
       }),
       "weekdays", "no date"},
      {"every date a holiday", with([](Recurrence& r) {
         r.weekdays = {1};
         r.first_date = year{2026} / 4 / 13;
         r.last_date = r.first_date;
         r.holidays = {year{2026} / 4 / 13};
       }),
       "weekdays", "no date"},
      {"gap swallows the occurrence", with([](Recurrence& r) {
         r.weekdays = {7};
         r.first_date = year{2026} / 3 / 29;
         r.last_date = r.first_date;
         r.start_time = 2h + 30min;
         r.end_time = 3h + 30min;
       }),
       "start_time", "clocks change"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto e = expand(c.r, berlin());
    ASSERT_FALSE(e.ok());
    EXPECT_TRUE(e.occurrences.empty());
    EXPECT_EQ(e.error->field, c.field);
    EXPECT_THAT(e.error->message, HasSubstr(c.message));
  }
}

TEST(Expand, FollowsConfiguredLimits) {
  Recurrence r{.weekdays = {1, 2, 3, 4, 5}, .first_date = year{2026} / 4 / 13,
               .last_date = year{2026} / 4 / 24, .start_time = 10h, .end_time = 11h};
  EXPECT_TRUE(expand(r, berlin(), {.max_occurrences = 10}).ok());
  auto few = expand(r, berlin(), {.max_occurrences = 9});
  ASSERT_FALSE(few.ok());
  EXPECT_THAT(few.error->message, HasSubstr("at most 9 occurrences"));
  auto short_span = expand(r, berlin(), {.max_span = date::days{7}});
  ASSERT_FALSE(short_span.ok());
  EXPECT_THAT(short_span.error->message, HasSubstr("at most 7 days"));
}

}  // namespace
}  // namespace classroom
