#pragma once
// Instants are UTC seconds everywhere inside the server; the campus time zone is
// applied only when text is read from or written to a person.
#include <date/date.h>

#include <chrono>
#include <string>
#include <string_view>

namespace date { class time_zone; }

namespace classroom {

using Seconds = std::chrono::sys_seconds;

// A span of instants, half-open: [start, end). Back-to-back spans share no instant.
struct Interval {
  Seconds start;
  Seconds end;
  std::chrono::seconds length() const { return end - start; }
  friend bool operator==(const Interval&, const Interval&) = default;
};

// The value read from a piece of text, or why the text is not one. Bad input is an
// everyday event at the edge of the server, so it is a value, not an exception.
// `error` reads as the detail of a 400 ("2026-02-30 is not a date"); the caller
// knows which field it came from.
template <class T>
struct Parsed {
  T value{};
  std::string error;  // empty when the text was valid
  bool ok() const { return error.empty(); }
};

// Dates outside this span are typing mistakes, not bookings.
inline constexpr int kMinYear = 2000;
inline constexpr int kMaxYear = 2100;

// The campus zone by IANA name; throws std::runtime_error naming the zone if unknown.
const date::time_zone* find_zone(const std::string& iana_name);

// "2026-11-27T10:00:00+01:00": the instant in the given zone, with its offset.
std::string format_iso(Seconds t, const date::time_zone* zone);

inline Seconds from_unix(long long s) { return Seconds{std::chrono::seconds{s}}; }
inline long long to_unix(Seconds t) { return t.time_since_epoch().count(); }

// ISO 8601 date and time. With an offset ("...+02:00", "...Z") the text names its
// own instant; without one (an HTML datetime-local value, "2026-03-29T10:00" or
// "...T10:00:30") it is wall-clock time in `zone`: a time the clocks skip in spring
// is an error, a time they pass twice in autumn is the earlier instant. Fractional
// seconds are accepted and dropped.
Parsed<Seconds> parse_iso(std::string_view text, const date::time_zone* zone);

// "2026-03-29": a calendar date between kMinYear and kMaxYear.
Parsed<date::year_month_day> parse_date(std::string_view text);

// "14:30": minutes since midnight, 00:00 to 23:59.
Parsed<std::chrono::minutes> parse_time_of_day(std::string_view text);

// Wall-clock time in `zone` to an instant, strictly: nonexistent → error,
// ambiguous → the earlier instant.
Parsed<Seconds> to_instant(date::local_seconds local, const date::time_zone* zone);

// Wall-clock time to an instant for repeating events, as RFC 5545 does it: a time
// inside a spring-forward gap is read with the offset before the gap (02:30 becomes
// 03:30), ambiguous → the earlier instant. Never fails.
Seconds to_instant_shifting_gaps(date::local_seconds local, const date::time_zone* zone);

// The instants of one local calendar day in `zone`: 24 h, or 23 h / 25 h when the
// clocks change that day.
Interval local_day(date::year_month_day day, const date::time_zone* zone);
// Days after Monday: Monday 0 ... Sunday 6 (a week as campuses count it).
inline int days_after_monday(date::weekday w) { return static_cast<int>((w.iso_encoding() + 6) % 7); }

// The campus-local date of the instant `t` (unix seconds).
date::year_month_day local_date(std::int64_t t, const date::time_zone* zone);

// "2026-03-29", for messages.
std::string format_date(date::year_month_day day);

}  // namespace classroom
