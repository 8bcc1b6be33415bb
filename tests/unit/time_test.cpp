// Reading times people type, in the campus zone, across daylight-saving changes.
// Dates: Europe/Berlin springs forward 2026-03-29 and 2027-03-28 (02:00 → 03:00)
// and falls back 2026-10-25 and 2027-10-31 (03:00 → 02:00); America/New_York
// springs forward 2026-03-08 and 2027-03-14 and falls back 2026-11-01 and 2027-11-07.
#include "domain/time.hpp"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace classroom {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// A UTC instant, written out so the expectations do not depend on the parser.
Seconds utc(int y, unsigned mo, unsigned d, int h, int mi = 0, int s = 0) {
  return date::sys_days{date::year{y} / date::month{mo} / date::day{d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi} + std::chrono::seconds{s};
}

const date::time_zone* berlin() { return find_zone("Europe/Berlin"); }
const date::time_zone* new_york() { return find_zone("America/New_York"); }

struct Valid {
  std::string text;
  const char* zone;
  Seconds expected;
};

struct Invalid {
  std::string text;
  std::string message_part;
};

TEST(ParseIso, ReadsLocalTimeInTheCampusZoneAndOffsetsAsGiven) {
  const std::vector<Valid> cases = {
      // datetime-local values: campus wall clock
      {"2026-03-28T10:00", "Europe/Berlin", utc(2026, 3, 28, 9)},      // CET, +01:00
      {"2026-03-29T10:00", "Europe/Berlin", utc(2026, 3, 29, 8)},      // CEST, +02:00
      {"2026-03-29T10:00:30", "Europe/Berlin", utc(2026, 3, 29, 8, 0, 30)},
      {"2026-03-29T01:59:59", "Europe/Berlin", utc(2026, 3, 29, 0, 59, 59)},
      {"2026-03-29T03:00", "Europe/Berlin", utc(2026, 3, 29, 1)},
      {"2026-10-25T03:00", "Europe/Berlin", utc(2026, 10, 25, 2)},
      {"2027-03-28T03:00", "Europe/Berlin", utc(2027, 3, 28, 1)},
      {"2026-03-08T01:59", "America/New_York", utc(2026, 3, 8, 6, 59)},  // EST, -05:00
      {"2026-03-08T03:00", "America/New_York", utc(2026, 3, 8, 7)},      // EDT, -04:00
      {"2026-07-04T12:00", "America/New_York", utc(2026, 7, 4, 16)},
      {"2026-03-29 10:00", "Europe/Berlin", utc(2026, 3, 29, 8)},  // space instead of T
      {"  2026-03-29T10:00\n", "Europe/Berlin", utc(2026, 3, 29, 8)},
      // an offset names the instant, whatever the campus zone
      {"2026-03-29T10:00:00+02:00", "America/New_York", utc(2026, 3, 29, 8)},
      {"2026-03-29T10:00:00Z", "Europe/Berlin", utc(2026, 3, 29, 10)},
      {"2026-03-29t10:00:00z", "Europe/Berlin", utc(2026, 3, 29, 10)},
      {"2026-03-29T10:00:00.123Z", "Europe/Berlin", utc(2026, 3, 29, 10)},
      {"2026-03-29T10:00:59.999999+05:30", "Europe/Berlin", utc(2026, 3, 29, 4, 30, 59)},
      {"2026-03-29T10:00:00,5Z", "Europe/Berlin", utc(2026, 3, 29, 10)},
      {"2026-03-29T10:00-0500", "Europe/Berlin", utc(2026, 3, 29, 15)},
      {"2026-03-29T02:30:00+01:00", "Europe/Berlin", utc(2026, 3, 29, 1, 30)},  // in the gap, but explicit
      {"2026-12-31T23:30:00-05:00", "Europe/Berlin", utc(2027, 1, 1, 4, 30)},
      {"2028-02-29T00:00Z", "Europe/Berlin", utc(2028, 2, 29, 0)},
      {"2000-01-01T00:00Z", "Europe/Berlin", utc(2000, 1, 1, 0)},
      {"2100-12-31T23:59:59Z", "Europe/Berlin", utc(2100, 12, 31, 23, 59, 59)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text + " in " + c.zone);
    auto got = parse_iso(c.text, find_zone(c.zone));
    ASSERT_TRUE(got.ok()) << got.error;
    EXPECT_EQ(got.value, c.expected);
  }
}

TEST(ParseIso, RefusesWallClockTimesSkippedBySpringForward) {
  const std::vector<Valid> gaps = {
      {"2026-03-29T02:00", "Europe/Berlin", {}},
      {"2026-03-29T02:30", "Europe/Berlin", {}},
      {"2026-03-29T02:59:59", "Europe/Berlin", {}},
      {"2027-03-28T02:15", "Europe/Berlin", {}},
      {"2026-03-08T02:30", "America/New_York", {}},
      {"2027-03-14T02:00", "America/New_York", {}},
  };
  for (const auto& c : gaps) {
    SCOPED_TRACE(c.text + " in " + c.zone);
    auto got = parse_iso(c.text, find_zone(c.zone));
    EXPECT_FALSE(got.ok());
    EXPECT_THAT(got.error, HasSubstr("does not exist in " + std::string(c.zone)));
    EXPECT_THAT(got.error, HasSubstr("clocks jump from 02:00 to 03:00"));
  }
}

TEST(ParseIso, TakesTheEarlierInstantOfAnAmbiguousFallBackTime) {
  const std::vector<Valid> cases = {
      {"2026-10-25T02:00", "Europe/Berlin", utc(2026, 10, 25, 0)},  // still CEST
      {"2026-10-25T02:30", "Europe/Berlin", utc(2026, 10, 25, 0, 30)},
      {"2026-10-25T02:59:59", "Europe/Berlin", utc(2026, 10, 25, 0, 59, 59)},
      {"2027-10-31T02:15", "Europe/Berlin", utc(2027, 10, 31, 0, 15)},
      {"2026-11-01T01:30", "America/New_York", utc(2026, 11, 1, 5, 30)},  // still EDT
      {"2027-11-07T01:00", "America/New_York", utc(2027, 11, 7, 5)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text + " in " + c.zone);
    auto got = parse_iso(c.text, find_zone(c.zone));
    ASSERT_TRUE(got.ok()) << got.error;
    EXPECT_EQ(got.value, c.expected);
  }
}

TEST(ParseIso, ExplainsMalformedAndImpossibleTimes) {
  const std::vector<Invalid> cases = {
      {"", "expected an ISO 8601 time"},
      {"garbage", "expected an ISO 8601 time"},
      {"2026-3-29T10:00", "expected an ISO 8601 time"},
      {"+2026-03-29T10:00", "expected an ISO 8601 time"},
      {"2026-03-29T10", "expected an ISO 8601 time"},
      {"2026-03-29X10:00", "expected an ISO 8601 time"},
      {"2026-03-29T10:00:00.", "expected an ISO 8601 time"},
      {"2026-03-29", "time of day missing"},
      {"2026-02-30T10:00", "2026-02-30 is not a date"},
      {"2027-02-29T10:00", "2027-02-29 is not a date"},
      {"2026-04-31T10:00", "2026-04-31 is not a date"},
      {"2026-00-10T10:00", "month 0 does not exist"},
      {"2026-13-01T10:00", "month 13 does not exist"},
      {"2026-03-29T25:00", "hour 25 is out of range"},
      {"2026-03-29T24:00", "hour 24 is out of range"},
      {"2026-03-29T10:60", "minute 60 is out of range"},
      {"2026-03-29T10:00:60Z", "second 60 is out of range"},
      {"9999-01-01T00:00", "year 9999 is outside 2000..2100"},
      {"1999-12-31T23:00Z", "year 1999 is outside 2000..2100"},
      {"2101-01-01T00:00Z", "year 2101 is outside 2000..2100"},
      {"2026-03-29T10:00+2", "offset must look like"},
      {"2026-03-29T10:00+25:00", "offset +25:00 is out of range"},
      {"2026-03-29T10:00+02:75", "offset +02:75 is out of range"},
      {"2026-03-29T10:00:00Zjunk", "unexpected text after the offset"},
      {"2026-03-29T10:00 tomorrow", "unexpected text after the time"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("\"" + c.text + "\"");
    auto got = parse_iso(c.text, berlin());
    EXPECT_FALSE(got.ok());
    EXPECT_THAT(got.error, HasSubstr(c.message_part));
  }
}

TEST(FormatIso, WritesLocalTimeWithTheZonesOffsetThatInstant) {
  // Either side of Berlin's spring change, New York's winter, a half-hour zone, midnight.
  EXPECT_EQ(format_iso(utc(2026, 3, 29, 0, 59), berlin()), "2026-03-29T01:59:00+01:00");
  EXPECT_EQ(format_iso(utc(2026, 3, 29, 1, 0), berlin()), "2026-03-29T03:00:00+02:00");
  EXPECT_EQ(format_iso(utc(2026, 1, 1, 4, 5, 6), new_york()), "2025-12-31T23:05:06-05:00");
  EXPECT_EQ(format_iso(utc(2026, 7, 1, 18, 30), find_zone("Asia/Kolkata")), "2026-07-02T00:00:00+05:30");
  EXPECT_EQ(format_iso(utc(2028, 2, 29, 23, 0), find_zone("UTC")), "2028-02-29T23:00:00+00:00");
}

TEST(ParseIso, ReadsBackWhatFormatIsoWrites) {
  for (auto zone : {berlin(), new_york()}) {
    for (auto t = utc(2026, 3, 7, 0); t < utc(2026, 3, 31, 0); t += 37min) {
      auto text = format_iso(t, zone);
      SCOPED_TRACE(text);
      auto got = parse_iso(text, zone);
      ASSERT_TRUE(got.ok()) << got.error;
      EXPECT_EQ(got.value, t);
    }
  }
}

TEST(ParseDate, AcceptsCalendarDatesOnly) {
  auto ok = parse_date("2026-03-29");
  ASSERT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.value, date::year{2026} / 3 / 29);
  EXPECT_TRUE(parse_date("2028-02-29").ok());

  const std::vector<Invalid> cases = {
      {"", "expected a date like 2026-03-29"},
      {"29.03.2026", "expected a date like 2026-03-29"},
      {"2026-03-29T10:00", "expected a date like 2026-03-29"},
      {"2026-02-30", "2026-02-30 is not a date"},
      {"2026-13-01", "month 13 does not exist"},
      {"9999-01-01", "year 9999 is outside"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("\"" + c.text + "\"");
    auto got = parse_date(c.text);
    EXPECT_FALSE(got.ok());
    EXPECT_THAT(got.error, HasSubstr(c.message_part));
  }
}

TEST(ParseTimeOfDay, ReadsHoursAndMinutesOfOneDay) {
  EXPECT_EQ(parse_time_of_day("00:00").value, 0min);
  EXPECT_EQ(parse_time_of_day("14:30").value, 14h + 30min);
  EXPECT_EQ(parse_time_of_day("23:59").value, 23h + 59min);

  const std::vector<Invalid> cases = {
      {"", "expected a time of day like 14:30"},
      {"9:30", "expected a time of day like 14:30"},
      {"14:30:00", "expected a time of day like 14:30"},
      {"14h30", "expected a time of day like 14:30"},
      {"24:00", "hour 24 is out of range"},
      {"12:60", "minute 60 is out of range"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("\"" + c.text + "\"");
    auto got = parse_time_of_day(c.text);
    EXPECT_FALSE(got.ok());
    EXPECT_THAT(got.error, HasSubstr(c.message_part));
  }
}

TEST(ToInstantShiftingGaps, MovesASkippedTimeForwardByTheGap) {
  auto local = [](int y, unsigned mo, unsigned d, int h, int mi) {
    return date::local_days{date::year{y} / date::month{mo} / date::day{d}} + std::chrono::hours{h} +
           std::chrono::minutes{mi};
  };
  // 02:30 read with the winter offset is 03:30 summer time.
  EXPECT_EQ(to_instant_shifting_gaps(local(2026, 3, 29, 2, 30), berlin()), utc(2026, 3, 29, 1, 30));
  EXPECT_EQ(to_instant_shifting_gaps(local(2026, 3, 8, 2, 0), new_york()), utc(2026, 3, 8, 7));
  // Outside the gap it agrees with the strict reading.
  EXPECT_EQ(to_instant_shifting_gaps(local(2026, 10, 25, 2, 30), berlin()), utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(to_instant_shifting_gaps(local(2026, 6, 1, 9, 0), berlin()), utc(2026, 6, 1, 7));
}

TEST(LocalDay, Is23Or25HoursLongWhenTheClocksChange) {
  struct Case {
    const char* zone;
    date::year_month_day day;
    Seconds start;
    std::chrono::hours length;
  };
  using date::year;
  const std::vector<Case> cases = {
      {"Europe/Berlin", year{2026} / 6 / 1, utc(2026, 5, 31, 22), 24h},
      {"Europe/Berlin", year{2026} / 3 / 29, utc(2026, 3, 28, 23), 23h},
      {"Europe/Berlin", year{2026} / 10 / 25, utc(2026, 10, 24, 22), 25h},
      {"Europe/Berlin", year{2027} / 3 / 28, utc(2027, 3, 27, 23), 23h},
      {"Europe/Berlin", year{2027} / 10 / 31, utc(2027, 10, 30, 22), 25h},
      {"America/New_York", year{2026} / 3 / 8, utc(2026, 3, 8, 5), 23h},
      {"America/New_York", year{2026} / 11 / 1, utc(2026, 11, 1, 4), 25h},
      {"America/New_York", year{2027} / 3 / 14, utc(2027, 3, 14, 5), 23h},
      {"America/New_York", year{2027} / 11 / 7, utc(2027, 11, 7, 4), 25h},
      // Chile moves its clocks at midnight: 00:00 never happens, the day starts at 01:00.
      {"America/Santiago", year{2026} / 9 / 6, utc(2026, 9, 6, 4), 23h},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.zone) + " " + format_date(c.day));
    auto day = local_day(c.day, find_zone(c.zone));
    EXPECT_EQ(day.start, c.start);
    EXPECT_EQ(day.length(), c.length);
  }
}

TEST(FindZone, NamesAnUnknownZone) {
  EXPECT_THROW(
      {
        try {
          find_zone("Mars/Olympus_Mons");
        } catch (const std::runtime_error& e) {
          EXPECT_THAT(e.what(), HasSubstr("Mars/Olympus_Mons"));
          throw;
        }
      },
      std::runtime_error);
}

}  // namespace
}  // namespace classroom
