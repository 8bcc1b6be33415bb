#include "domain/booking_rules.hpp"

#include <algorithm>
#include <string>

namespace classroom {

namespace {

// "12 h", "90 min", "365 days": limits as a person would say them.
std::string say(std::chrono::seconds d) {
  auto s = d.count();
  if (s % 86400 == 0 && s >= 2 * 86400) return std::to_string(s / 86400) + " days";
  if (s % 3600 == 0) return std::to_string(s / 3600) + " h";
  if (s % 60 == 0) return std::to_string(s / 60) + " min";
  return std::to_string(s) + " s";
}

}  // namespace

std::optional<FieldError> validate_booking(Seconds start, Seconds end, Seconds now,
                                           const BookingLimits& limits) {
  if (end == start) return FieldError{"end_time", "end_time equals start_time; a booking needs a length"};
  if (end < start) return FieldError{"end_time", "end_time must be after start_time"};
  if (start < now - limits.past_grace) return FieldError{"start_time", "start_time is in the past"};
  if (end - start > limits.max_duration)
    return FieldError{"end_time", "a booking may last at most " + say(limits.max_duration)};
  if (start > now + limits.max_advance)
    return FieldError{"start_time", "start_time is more than " + say(limits.max_advance) + " ahead"};
  return std::nullopt;
}

bool overlaps(const Interval& a, const Interval& b) {
  return a.start < a.end && b.start < b.end && a.start < b.end && b.start < a.end;
}

std::optional<std::size_t> first_conflict(const Interval& candidate,
                                          std::span<const Interval> existing) {
  for (std::size_t i = 0; i < existing.size(); ++i)
    if (overlaps(candidate, existing[i])) return i;
  return std::nullopt;
}

std::vector<Interval> free_intervals(const Interval& window, std::vector<Interval> busy) {
  std::sort(busy.begin(), busy.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> free;
  Seconds cursor = window.start;  // everything before it is accounted for
  for (const auto& b : busy) {
    if (b.start >= b.end || b.end <= cursor) continue;
    if (b.start >= window.end) break;
    if (b.start > cursor) free.push_back({cursor, b.start});
    cursor = b.end;
    if (cursor >= window.end) return free;
  }
  if (cursor < window.end) free.push_back({cursor, window.end});
  return free;
}

std::vector<Interval> free_on_day(date::year_month_day day, const date::time_zone* zone,
                                  std::vector<Interval> busy) {
  return free_intervals(local_day(day, zone), std::move(busy));
}

bool counts_as_check_in(Seconds occupied_at, const Interval& booking, std::chrono::seconds lead) {
  return occupied_at >= booking.start - lead && occupied_at < booking.end;
}

bool no_show_due(Seconds booking_start, bool checked_in, std::chrono::seconds grace, Seconds now) {
  return !checked_in && now >= booking_start + grace;
}

int trailing_no_shows(std::span<const OccurrenceOutcome> in_order) {
  int run = 0;
  for (auto it = in_order.rbegin(); it != in_order.rend(); ++it) {
    if (*it == OccurrenceOutcome::attended) break;
    if (*it == OccurrenceOutcome::released_no_show) ++run;
  }
  return run;
}

bool series_flagged(std::span<const OccurrenceOutcome> in_order, int threshold) {
  return threshold > 0 && trailing_no_shows(in_order) >= threshold;
}

}  // namespace classroom
