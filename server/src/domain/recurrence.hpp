#pragma once
// Term timetables: "Mondays and Thursdays 10:00-11:30 from 7 April to 18 July,
// not on public holidays", expanded to the instants of each occurrence.
#include "domain/field_error.hpp"
#include "domain/time.hpp"

#include <chrono>
#include <optional>
#include <vector>

namespace classroom {

struct Recurrence {
  std::vector<unsigned> weekdays{};                 // ISO 8601: Monday = 1 ... Sunday = 7
  date::year_month_day first_date{};               // local dates in the campus zone, inclusive
  std::optional<date::year_month_day> last_date{};  // required: a series must end
  std::chrono::minutes start_time{0};              // local wall clock, since midnight
  std::chrono::minutes end_time{0};
  std::vector<date::year_month_day> holidays{};    // dates without an occurrence
};

struct RecurrenceLimits {
  std::size_t max_occurrences = 200;
  date::days max_span{366};  // from first_date to last_date
};

struct Occurrence {
  date::year_month_day date;  // the local date, as the timetable names it
  Interval time;              // UTC instants
  friend bool operator==(const Occurrence&, const Occurrence&) = default;
};

struct Expansion {
  std::vector<Occurrence> occurrences;
  std::optional<FieldError> error;  // set when the recurrence is unusable; then no occurrences
  bool ok() const { return !error; }
};

// Every occurrence in date order. Each keeps its local wall-clock time, so a
// 10:00 lecture is at 10:00 before and after a daylight-saving change; a time the
// clocks skip is moved forward by the gap, as RFC 5545 does.
Expansion expand(const Recurrence& r, const date::time_zone* zone,
                 const RecurrenceLimits& limits = {});

// One occurrence on the local date `day` from `start` to `end` (wall clock, since
// midnight), as expand() places it; nullopt when the clocks change that day and
// leave it no time.
std::optional<Interval> occurrence_on(date::year_month_day day, std::chrono::minutes start, std::chrono::minutes end,
                                      const date::time_zone* zone);

}  // namespace classroom
