// The rules one booking's times follow, conflicts between bookings, and the free
// parts of a campus day.
#include "domain/booking_rules.hpp"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace classroom {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Seconds utc(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  return date::sys_days{date::year{y} / date::month{mo} / date::day{d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi};
}

const Seconds kNow = utc(2026, 3, 20, 9);

struct RuleCase {
  const char* name;
  Seconds start;
  Seconds end;
  const char* field;    // nullptr: the booking is fine
  const char* message;  // a part of the message
};

TEST(ValidateBooking, NamesTheFieldOfTheFirstBrokenRule) {
  const std::vector<RuleCase> cases = {
      {"an hour tomorrow", kNow + 24h, kNow + 25h, nullptr, ""},
      {"starting right now", kNow, kNow + 1h, nullptr, ""},
      {"started within the grace", kNow - 5min, kNow + 1h, nullptr, ""},
      {"exactly the longest", kNow + 1h, kNow + 13h, nullptr, ""},
      {"exactly the furthest ahead", kNow + date::days{365}, kNow + date::days{365} + 1h, nullptr, ""},
      {"zero length", kNow + 1h, kNow + 1h, "end_time", "equals start_time"},
      {"ends before it starts", kNow + 2h, kNow + 1h, "end_time", "after start_time"},
      {"started before the grace", kNow - 5min - 1s, kNow + 1h, "start_time", "in the past"},
      {"yesterday", kNow - 24h, kNow - 23h, "start_time", "in the past"},
      {"a second too long", kNow + 1h, kNow + 13h + 1s, "end_time", "at most 12 h"},
      {"a day long", kNow + 1h, kNow + 25h, "end_time", "at most 12 h"},
      {"too far ahead", kNow + date::days{366}, kNow + date::days{366} + 1h, "start_time",
       "more than 365 days ahead"},
      {"in 2099", utc(2099, 1, 1, 10), utc(2099, 1, 1, 11), "start_time", "ahead"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto error = validate_booking(c.start, c.end, kNow);
    if (!c.field) {
      EXPECT_EQ(error, std::nullopt) << error->message;
      continue;
    }
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->field, c.field);
    EXPECT_THAT(error->message, HasSubstr(c.message));
  }
}

TEST(ValidateBooking, FollowsConfiguredLimits) {
  BookingLimits limits{.max_duration = 90min, .max_advance = date::days{14}, .past_grace = 0s};
  EXPECT_EQ(validate_booking(kNow, kNow + 90min, kNow, limits), std::nullopt);
  auto too_long = validate_booking(kNow, kNow + 91min, kNow, limits);
  ASSERT_TRUE(too_long);
  EXPECT_THAT(too_long->message, HasSubstr("at most 90 min"));
  auto too_far = validate_booking(kNow + date::days{15}, kNow + date::days{15} + 1h, kNow, limits);
  ASSERT_TRUE(too_far);
  EXPECT_THAT(too_far->message, HasSubstr("more than 14 days ahead"));
  EXPECT_TRUE(validate_booking(kNow - 1s, kNow + 1h, kNow, limits));
}

TEST(Overlaps, TreatsIntervalsAsHalfOpen) {
  const Interval ten_to_eleven{utc(2026, 4, 1, 10), utc(2026, 4, 1, 11)};
  struct Case {
    const char* name;
    Interval other;
    bool conflict;
  };
  const std::vector<Case> cases = {
      {"the same slot", ten_to_eleven, true},
      {"ends where it starts", {utc(2026, 4, 1, 9), utc(2026, 4, 1, 10)}, false},
      {"starts where it ends", {utc(2026, 4, 1, 11), utc(2026, 4, 1, 12)}, false},
      {"one minute into it", {utc(2026, 4, 1, 9), utc(2026, 4, 1, 10, 1)}, true},
      {"one minute before its end", {utc(2026, 4, 1, 10, 59), utc(2026, 4, 1, 12)}, true},
      {"inside it", {utc(2026, 4, 1, 10, 15), utc(2026, 4, 1, 10, 45)}, true},
      {"around it", {utc(2026, 4, 1, 8), utc(2026, 4, 1, 14)}, true},
      {"the day before", {utc(2026, 3, 31, 10), utc(2026, 3, 31, 11)}, false},
      {"empty, inside it", {utc(2026, 4, 1, 10, 30), utc(2026, 4, 1, 10, 30)}, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(overlaps(ten_to_eleven, c.other), c.conflict);
    EXPECT_EQ(overlaps(c.other, ten_to_eleven), c.conflict);  // symmetric
  }
}

TEST(FirstConflict, FindsTheFirstOverlappingBooking) {
  const std::vector<Interval> existing = {
      {utc(2026, 4, 1, 8), utc(2026, 4, 1, 10)},
      {utc(2026, 4, 1, 11), utc(2026, 4, 1, 12)},
      {utc(2026, 4, 1, 12), utc(2026, 4, 1, 13)},
  };
  EXPECT_EQ(first_conflict({utc(2026, 4, 1, 10), utc(2026, 4, 1, 11)}, existing), std::nullopt);
  EXPECT_EQ(first_conflict({utc(2026, 4, 1, 9), utc(2026, 4, 1, 11)}, existing), 0u);
  EXPECT_EQ(first_conflict({utc(2026, 4, 1, 11, 30), utc(2026, 4, 1, 14)}, existing), 1u);
  EXPECT_EQ(first_conflict({utc(2026, 4, 1, 12), utc(2026, 4, 1, 12, 30)}, existing), 2u);
  EXPECT_EQ(first_conflict({utc(2026, 4, 1, 9), utc(2026, 4, 1, 10)}, {}), std::nullopt);
}

TEST(FreeIntervals, LeavesTheGapsBetweenBusyIntervals) {
  const Interval day{utc(2026, 4, 1, 0), utc(2026, 4, 2, 0)};
  struct Case {
    const char* name;
    std::vector<Interval> busy;
    std::vector<Interval> free;
  };
  auto at = [](int h, int m = 0) { return utc(2026, 4, 1, h, m); };
  const auto midnight_after = utc(2026, 4, 2, 0);
  const std::vector<Case> cases = {
      {"nothing booked", {}, {day}},
      {"one booking", {{at(9), at(10)}}, {{at(0), at(9)}, {at(10), midnight_after}}},
      {"unsorted", {{at(14), at(15)}, {at(9), at(10)}},
       {{at(0), at(9)}, {at(10), at(14)}, {at(15), midnight_after}}},
      {"back to back", {{at(9), at(10)}, {at(10), at(11)}}, {{at(0), at(9)}, {at(11), midnight_after}}},
      {"overlapping", {{at(9), at(11)}, {at(10), at(10, 30)}, {at(10, 45), at(12)}},
       {{at(0), at(9)}, {at(12), midnight_after}}},
      {"reaching into the day", {{utc(2026, 3, 31, 22), at(1)}, {at(23), utc(2026, 4, 2, 2)}},
       {{at(1), at(23)}}},
      {"the whole day and more", {{utc(2026, 3, 31, 0), utc(2026, 4, 3, 0)}}, {}},
      {"on other days only", {{utc(2026, 3, 31, 9), utc(2026, 3, 31, 10)}, {utc(2026, 4, 2, 0), utc(2026, 4, 2, 1)}},
       {day}},
      {"empty and inverted ones ignored", {{at(9), at(9)}, {at(12), at(11)}}, {day}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(free_intervals(day, c.busy), c.free);
  }
}

TEST(FreeOnDay, CoversTheWholeLocalDayAcrossDaylightSavingChanges) {
  auto berlin = find_zone("Europe/Berlin");
  // Spring forward: 23 h, from 23:00Z to 22:00Z.
  auto spring = free_on_day(date::year{2026} / 3 / 29, berlin, {});
  ASSERT_EQ(spring.size(), 1u);
  EXPECT_EQ(spring[0].start, utc(2026, 3, 28, 23));
  EXPECT_EQ(spring[0].length(), 23h);
  // Fall back: 25 h; a booking 09:00-10:00 local (CET) splits it at 08:00Z.
  auto autumn = free_on_day(date::year{2026} / 10 / 25, berlin, {{utc(2026, 10, 25, 8), utc(2026, 10, 25, 9)}});
  EXPECT_THAT(autumn, ElementsAre(Interval{utc(2026, 10, 24, 22), utc(2026, 10, 25, 8)},
                                  Interval{utc(2026, 10, 25, 9), utc(2026, 10, 25, 23)}));
  EXPECT_EQ(autumn[0].length() + autumn[1].length(), 24h);

  auto new_york = find_zone("America/New_York");
  auto nov = free_on_day(date::year{2026} / 11 / 1, new_york, {});
  ASSERT_EQ(nov.size(), 1u);
  EXPECT_EQ(nov[0], (Interval{utc(2026, 11, 1, 4), utc(2026, 11, 2, 5)}));
  auto mar = free_on_day(date::year{2027} / 3 / 14, new_york, {});
  ASSERT_EQ(mar.size(), 1u);
  EXPECT_EQ(mar[0], (Interval{utc(2027, 3, 14, 5), utc(2027, 3, 15, 4)}));
}

TEST(CheckIn, CountsOccupancyFromShortlyBeforeTheStartUntilTheEnd) {
  const Interval booking{utc(2026, 4, 1, 10), utc(2026, 4, 1, 11)};
  struct Case {
    const char* name;
    Seconds seen;
    bool checks_in;
  };
  const std::vector<Case> cases = {
      {"half an hour early", utc(2026, 4, 1, 9, 30), false},
      {"a second before the lead", utc(2026, 4, 1, 9, 50) - 1s, false},
      {"exactly at the lead", utc(2026, 4, 1, 9, 50), true},
      {"at the start", utc(2026, 4, 1, 10), true},
      {"late", utc(2026, 4, 1, 10, 40), true},
      {"a second before the end", utc(2026, 4, 1, 11) - 1s, true},
      {"at the end", utc(2026, 4, 1, 11), false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(counts_as_check_in(c.seen, booking, NoShowPolicy{}.check_in_lead), c.checks_in);
  }
}

TEST(NoShowDue, ReleasesOnlyUncheckedBookingsAfterTheGrace) {
  const Seconds start = utc(2026, 4, 1, 10);
  const auto grace = NoShowPolicy{}.grace;  // 15 min
  struct Case {
    const char* name;
    bool checked_in;
    Seconds now;
    bool due;
  };
  const std::vector<Case> cases = {
      {"before the start", false, start - 5min, false},
      {"within the grace", false, start + 14min + 59s, false},
      {"grace just over", false, start + 15min, true},
      {"long after", false, start + 2h, true},
      {"checked in, grace over", true, start + 15min, false},
      {"checked in, long after", true, start + 2h, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(no_show_due(start, c.checked_in, grace, c.now), c.due);
  }
}

TEST(TrailingNoShows, CountsTheLatestRunOfReleasedOccurrences) {
  using enum OccurrenceOutcome;
  struct Case {
    const char* name;
    std::vector<OccurrenceOutcome> outcomes;
    int run;
    bool flagged;  // at the default threshold of 3
  };
  const std::vector<Case> cases = {
      {"no occurrences", {}, 0, false},
      {"all attended", {attended, attended}, 0, false},
      {"one no-show", {attended, released_no_show}, 1, false},
      {"three in a row", {attended, released_no_show, released_no_show, released_no_show}, 3, true},
      {"broken by attending", {released_no_show, released_no_show, attended, released_no_show}, 1, false},
      {"upcoming ones ignored", {released_no_show, released_no_show, released_no_show, pending, pending}, 3,
       true},
      {"cancellations neither count nor break",
       {attended, released_no_show, cancelled, released_no_show, released_no_show}, 3, true},
      {"attended last", {released_no_show, released_no_show, released_no_show, attended}, 0, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(trailing_no_shows(c.outcomes), c.run);
    EXPECT_EQ(series_flagged(c.outcomes), c.flagged);
  }
  const std::vector<OccurrenceOutcome> two = {released_no_show, released_no_show};
  EXPECT_TRUE(series_flagged(two, 2));
  EXPECT_FALSE(series_flagged(two, 0));  // a threshold of 0 turns flagging off
}

}  // namespace
}  // namespace classroom
