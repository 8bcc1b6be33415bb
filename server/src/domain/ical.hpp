#pragma once
// Calendar feeds (RFC 5545) that Outlook, Google Calendar and Thunderbird
// subscribe to. Times are written in UTC ("...Z"), which every client converts to
// its own zone, so no VTIMEZONE block is needed.
#include "domain/time.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace classroom {

struct CalendarEvent {
  std::int64_t id = 0;  // the booking's id; the event's UID is derived from it
  Seconds start;
  Seconds end;
  std::string summary;
  std::string description;
  std::string location;
  bool cancelled = false;
  Seconds updated;  // last change to the booking: DTSTAMP, so clients see edits
};

struct CalendarFeed {
  std::string name;                 // X-WR-CALNAME, shown as the calendar's title
  const date::time_zone* zone = nullptr;  // X-WR-TIMEZONE, the campus zone
  std::string uid_domain = "classroomd";  // UID: booking-<id>@<uid_domain>
};

// A whole VCALENDAR, CRLF line ends, long lines folded.
std::string write_ical(const CalendarFeed& feed, std::span<const CalendarEvent> events);

// TEXT value escaping: backslash, ';' and ',' get a backslash, line breaks become
// "\n", other control characters are dropped and invalid UTF-8 becomes U+FFFD.
std::string escape_text(std::string_view text);

// One content line with its CRLF, folded so no line exceeds 75 octets and no
// UTF-8 character is split across lines.
std::string fold_line(std::string_view line);

// "20260329T080000Z".
std::string ical_utc(Seconds t);

// An invitation to one booking (iTIP, RFC 5546), sent by mail: METHOD REQUEST when it
// is made or changed, CANCEL when it is gone. One UID for the booking's whole life and
// a SEQUENCE that grows with each change let calendars update the event in place.
// DTSTART/DTEND are local times of the campus zone (TZID), with its VTIMEZONE.
struct CalendarInvite {
  CalendarEvent event;
  std::string method;  // REQUEST or CANCEL
  std::string uid;
  std::int64_t sequence = 0;
  std::string organizer;  // mail addresses
  std::string attendee, attendee_name;
  const date::time_zone* zone = nullptr;  // nullptr: UTC
};
std::string write_invite(const CalendarInvite& invite);

// The zone's VTIMEZONE: its offsets and the transitions of the year around `around`.
std::string write_vtimezone(const date::time_zone* zone, Seconds around);

}  // namespace classroom
