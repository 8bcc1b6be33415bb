// Calendar feeds: the RFC 5545 shape clients rely on (CRLF, 75-octet folding that
// keeps UTF-8 whole, TEXT escaping) and the content of each event.
#include "domain/ical.hpp"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace classroom {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

Seconds utc(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  return date::sys_days{date::year{y} / date::month{mo} / date::day{d}} + std::chrono::hours{h} +
         std::chrono::minutes{mi};
}

// The physical lines of a feed, without their CRLF; fails on any other line end.
std::vector<std::string> physical_lines(const std::string& feed) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < feed.size()) {
    auto crlf = feed.find("\r\n", at);
    if (crlf == std::string::npos) {
      ADD_FAILURE() << "feed does not end in CRLF";
      break;
    }
    lines.push_back(feed.substr(at, crlf - at));
    at = crlf + 2;
  }
  return lines;
}

// RFC 5545 §3.1 unfolding: a CRLF followed by one space joins two lines.
std::string unfold(std::string feed) {
  for (auto at = feed.find("\r\n "); at != std::string::npos; at = feed.find("\r\n ", at))
    feed.erase(at, 3);
  return feed;
}

bool starts_utf8_character(const std::string& line) {
  return line.empty() || (static_cast<unsigned char>(line[0]) & 0xC0) != 0x80;
}

CalendarEvent lecture() {
  return {.id = 42,
          .start = utc(2026, 3, 29, 8),
          .end = utc(2026, 3, 29, 9, 30),
          .summary = "Linear algebra, tutorial",
          .description = "",
          .location = "Building A; room 101",
          .cancelled = false,
          .updated = utc(2026, 3, 20, 9, 15)};
}

TEST(WriteIcal, WritesACalendarWithOneEventPerBooking) {
  CalendarFeed feed{.name = "Room 101", .zone = find_zone("Europe/Berlin")};
  auto cancelled = lecture();
  cancelled.id = 43;
  cancelled.cancelled = true;
  cancelled.description = "Moved to Thursday";
  const std::vector<CalendarEvent> events = {lecture(), cancelled};
  EXPECT_EQ(write_ical(feed, events),
            "BEGIN:VCALENDAR\r\n"
            "PRODID:-//Smart Classroom Utilization Tracker//classroomd//EN\r\n"
            "VERSION:2.0\r\n"
            "CALSCALE:GREGORIAN\r\n"
            "X-WR-CALNAME:Room 101\r\n"
            "X-WR-TIMEZONE:Europe/Berlin\r\n"
            "BEGIN:VEVENT\r\n"
            "UID:booking-42@classroomd\r\n"
            "DTSTAMP:20260320T091500Z\r\n"
            "LAST-MODIFIED:20260320T091500Z\r\n"
            "DTSTART:20260329T080000Z\r\n"
            "DTEND:20260329T093000Z\r\n"
            "SUMMARY:Linear algebra\\, tutorial\r\n"
            "LOCATION:Building A\\; room 101\r\n"
            "STATUS:CONFIRMED\r\n"
            "END:VEVENT\r\n"
            "BEGIN:VEVENT\r\n"
            "UID:booking-43@classroomd\r\n"
            "DTSTAMP:20260320T091500Z\r\n"
            "LAST-MODIFIED:20260320T091500Z\r\n"
            "DTSTART:20260329T080000Z\r\n"
            "DTEND:20260329T093000Z\r\n"
            "SUMMARY:Linear algebra\\, tutorial\r\n"
            "DESCRIPTION:Moved to Thursday\r\n"
            "LOCATION:Building A\\; room 101\r\n"
            "STATUS:CANCELLED\r\n"
            "END:VEVENT\r\n"
            "END:VCALENDAR\r\n");
}

TEST(WriteIcal, WritesAnEmptyCalendarWhenThereAreNoBookings) {
  auto out = write_ical({.name = "Nothing booked", .zone = find_zone("America/New_York")}, {});
  EXPECT_THAT(out, HasSubstr("X-WR-TIMEZONE:America/New_York\r\n"));
  EXPECT_THAT(out, Not(HasSubstr("VEVENT")));
  EXPECT_THAT(out, testing::EndsWith("END:VCALENDAR\r\n"));
}

TEST(WriteIcal, UsesTheConfiguredUidDomain) {
  const std::vector<CalendarEvent> events = {lecture()};
  auto out = write_ical({.name = "x", .zone = nullptr, .uid_domain = "rooms.example.edu"}, events);
  EXPECT_THAT(out, HasSubstr("\r\nUID:booking-42@rooms.example.edu\r\n"));
  EXPECT_THAT(out, Not(HasSubstr("X-WR-TIMEZONE")));
}

TEST(WriteIcal, KeepsEveryLineWithin75OctetsEndedByCrlf) {
  auto long_event = lecture();
  long_event.summary = "Seminar: Größenordnungen, Näherungen und Fehlerabschätzung — "
                       "Übungsgruppe für Erstsemester 🎓 mit Überlänge";
  long_event.description = std::string(300, 'x') + "\nZweite Zeile; mit Komma, und \\ Rückstrich\n" +
                           std::string(40, '\xE2');  // invalid UTF-8 is replaced, not split
  long_event.location = std::string(100, 'L');
  const std::vector<CalendarEvent> events = {long_event};
  auto out = write_ical({.name = std::string(90, 'N'), .zone = find_zone("Europe/Berlin")}, events);

  for (std::size_t i = 0; i < out.size(); ++i) {  // every CR and LF is part of a CRLF
    if (out[i] == '\n') {
      ASSERT_TRUE(i > 0 && out[i - 1] == '\r') << "bare LF at " << i;
    }
    if (out[i] == '\r') {
      ASSERT_TRUE(i + 1 < out.size() && out[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  auto lines = physical_lines(out);
  ASSERT_FALSE(lines.empty());
  int continuations = 0;
  for (const auto& line : lines) {
    SCOPED_TRACE(line);
    EXPECT_LE(line.size(), 75u);
    EXPECT_TRUE(starts_utf8_character(line.substr(line.starts_with(' ') ? 1 : 0)));
    continuations += line.starts_with(' ');
  }
  EXPECT_GE(continuations, 8);

  auto unfolded = unfold(out);
  EXPECT_THAT(unfolded, HasSubstr("\r\nX-WR-CALNAME:" + std::string(90, 'N') + "\r\n"));
  EXPECT_THAT(unfolded, HasSubstr("\r\nSUMMARY:Seminar: Größenordnungen\\, Näherungen und "
                                  "Fehlerabschätzung — Übungsgruppe für Erstsemester 🎓 mit "
                                  "Überlänge\r\n"));
  EXPECT_THAT(unfolded, HasSubstr("\r\nDESCRIPTION:" + std::string(300, 'x') +
                                  "\\nZweite Zeile\\; mit Komma\\, und \\\\ Rückstrich\\n"));
  EXPECT_THAT(unfolded, HasSubstr("\r\nLOCATION:" + std::string(100, 'L') + "\r\n"));
}

TEST(EscapeText, EscapesWhatRfc5545Requires) {
  struct Case {
    std::string in;
    std::string out;
  };
  const std::vector<Case> cases = {
      {"plain", "plain"},
      {"", ""},
      {"a\\b", "a\\\\b"},
      {"a;b", "a\\;b"},
      {"a,b", "a\\,b"},
      {"line\nbreak", "line\\nbreak"},
      {"windows\r\nbreak", "windows\\nbreak"},
      {"old mac\rbreak", "old mac\\nbreak"},
      {"two\n\nbreaks", "two\\n\\nbreaks"},
      {"colon: and \"quotes\"", "colon: and \"quotes\""},
      {"tab\tkept", "tab\tkept"},
      {std::string("bell\a and nul") + '\0' + "dropped", "bell and nuldropped"},
      {"delete\x7F" "dropped", "deletedropped"},
      {"Hörsaal € 🎓", "Hörsaal € 🎓"},
      {"cut \xE2\x82", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},    // truncated sequence
      {"overlong \xC0\xAF", "overlong \xEF\xBF\xBD\xEF\xBF\xBD"},
      {"surrogate \xED\xA0\x80", "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"latin-1 \xFC", "latin-1 \xEF\xBF\xBD"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(escape_text(c.in), c.out);
  }
}

TEST(FoldLine, FoldsAfter75OctetsWithoutSplittingACharacter) {
  EXPECT_EQ(fold_line("SUMMARY:short"), "SUMMARY:short\r\n");
  const std::string exact(75, 'a');
  EXPECT_EQ(fold_line(exact), exact + "\r\n");
  EXPECT_EQ(fold_line(exact + "b"), exact + "\r\n b\r\n");
  // Continuation lines carry 74 octets after their leading space.
  EXPECT_EQ(fold_line(std::string(75 + 74 + 1, 'a')),
            std::string(75, 'a') + "\r\n " + std::string(74, 'a') + "\r\n a\r\n");

  // "€" is 3 octets: 74 ASCII + "€" would end at octet 77, so the euro moves down whole.
  auto folded = fold_line(std::string(74, 'a') + "€€");
  EXPECT_EQ(folded, std::string(74, 'a') + "\r\n €€\r\n");

  std::string euros;
  for (int i = 0; i < 100; ++i) euros += "€";
  auto lines = physical_lines(fold_line("DESCRIPTION:" + euros));
  std::string joined;
  for (const auto& line : lines) {
    SCOPED_TRACE(line);
    EXPECT_LE(line.size(), 75u);
    auto content = joined.empty() ? line : line.substr(1);
    EXPECT_TRUE(starts_utf8_character(content));
    joined += content;
  }
  EXPECT_EQ(joined, "DESCRIPTION:" + euros);
}

TEST(IcalUtc, WritesUtcDateTimeWithZ) {
  EXPECT_EQ(ical_utc(utc(2026, 10, 25, 1, 30)), "20261025T013000Z");
  EXPECT_EQ(ical_utc(utc(2027, 1, 1, 0) + 59s), "20270101T000059Z");
}

}  // namespace
}  // namespace classroom
