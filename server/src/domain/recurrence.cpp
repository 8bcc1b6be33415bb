#include "domain/recurrence.hpp"

#include <algorithm>
#include <array>

namespace classroom {

namespace {

Expansion reject(std::string field, std::string message) {
  return Expansion{{}, FieldError{std::move(field), std::move(message)}};
}

// Rules about the recurrence itself, before any date is visited.
std::optional<FieldError> check_shape(const Recurrence& r, const RecurrenceLimits& limits) {
  using std::chrono::hours;
  if (r.weekdays.empty()) return FieldError{"weekdays", "choose at least one weekday"};
  for (unsigned d : r.weekdays)
    if (d < 1 || d > 7) return FieldError{"weekdays", "weekdays are 1 (Monday) to 7 (Sunday)"};
  if (!r.first_date.ok()) return FieldError{"first_date", "first_date is not a date"};
  if (!r.last_date) return FieldError{"last_date", "a series needs a last_date"};
  if (!r.last_date->ok()) return FieldError{"last_date", "last_date is not a date"};
  auto first = date::local_days{r.first_date}, last = date::local_days{*r.last_date};
  if (last < first) return FieldError{"last_date", "last_date is before first_date"};
  if (last - first > limits.max_span)
    return FieldError{"last_date", "a series may span at most " +
                                       std::to_string(limits.max_span.count()) + " days"};
  if (r.start_time < hours{0} || r.start_time >= hours{24})
    return FieldError{"start_time", "start_time must be between 00:00 and 23:59"};
  if (r.end_time < hours{0} || r.end_time >= hours{24})
    return FieldError{"end_time", "end_time must be between 00:00 and 23:59"};
  if (r.end_time <= r.start_time) return FieldError{"end_time", "end_time must be after start_time"};
  return std::nullopt;
}

}  // namespace

std::optional<Interval> occurrence_on(date::year_month_day day, std::chrono::minutes start, std::chrono::minutes end,
                                      const date::time_zone* zone) {
  auto local = date::local_days{day};
  Interval time{to_instant_shifting_gaps(local + start, zone), to_instant_shifting_gaps(local + end, zone)};
  // Only a start inside a spring-forward gap and an end just after it can meet.
  if (time.end <= time.start) return std::nullopt;
  return time;
}

Expansion expand(const Recurrence& r, const date::time_zone* zone, const RecurrenceLimits& limits) {
  if (auto bad = check_shape(r, limits)) return Expansion{{}, std::move(bad)};

  std::array<bool, 8> on_weekday{};  // indexed by ISO weekday
  for (unsigned d : r.weekdays) on_weekday[d] = true;
  auto is_holiday = [&r](date::year_month_day d) {
    return std::find(r.holidays.begin(), r.holidays.end(), d) != r.holidays.end();
  };

  Expansion out;
  auto last = date::local_days{*r.last_date};
  for (auto day = date::local_days{r.first_date}; day <= last; day += date::days{1}) {
    date::year_month_day ymd{day};
    if (!on_weekday[date::weekday{day}.iso_encoding()] || is_holiday(ymd)) continue;
    if (out.occurrences.size() == limits.max_occurrences)
      return reject("last_date", "a series may have at most " +
                                     std::to_string(limits.max_occurrences) + " occurrences");
    auto time = occurrence_on(ymd, r.start_time, r.end_time, zone);
    if (!time)
      return reject("start_time", "on " + format_date(ymd) +
                                      " the clocks change and leave this occurrence no time");
    out.occurrences.push_back({ymd, *time});
  }
  if (out.occurrences.empty())
    return reject("weekdays", "no date from first_date to last_date falls on the chosen weekdays "
                              "outside the holidays");
  return out;
}

}  // namespace classroom
