#pragma once
// The rules a booking's times follow, which times of a day are still free, and
// when a booking nobody came to is released. Pure: "now" is always an argument.
#include "domain/field_error.hpp"
#include "domain/time.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <vector>

namespace classroom {

struct BookingLimits {
  std::chrono::seconds max_duration = std::chrono::hours{12};
  std::chrono::seconds max_advance = date::days{365};  // how far ahead a booking may start
  // A booking made while walking into the room starts a moment "ago".
  std::chrono::seconds past_grace = std::chrono::minutes{5};
};

// The first rule [start, end) breaks, naming its field; nullopt when the booking
// may be made at `now`.
std::optional<FieldError> validate_booking(Seconds start, Seconds end, Seconds now,
                                           const BookingLimits& limits = {});

// Half-open: a booking ending at 10:00 and one starting at 10:00 do not conflict.
// An empty interval overlaps nothing.
bool overlaps(const Interval& a, const Interval& b);

// The index in `existing` of the first interval that overlaps `candidate`.
std::optional<std::size_t> first_conflict(const Interval& candidate,
                                          std::span<const Interval> existing);

// The parts of `window` not covered by any busy interval, in order. Busy intervals
// may be unsorted, overlap each other or reach outside the window.
std::vector<Interval> free_intervals(const Interval& window, std::vector<Interval> busy);

// The free parts of one local calendar day in the campus zone (23 or 25 h long on
// the days the clocks change).
std::vector<Interval> free_on_day(date::year_month_day day, const date::time_zone* zone,
                                  std::vector<Interval> busy);

// Releasing bookings nobody turns up to. The room's occupancy reports check a
// booking in; without one within the grace period the room goes back to the pool,
// and a series whose bookings keep being released gets flagged for an admin.
struct NoShowPolicy {
  std::chrono::seconds grace = std::chrono::minutes{15};          // after start, before release
  std::chrono::seconds check_in_lead = std::chrono::minutes{10};  // people arrive early
  int flag_after = 3;  // consecutive released occurrences that flag a series
};

// Occupancy seen at `occupied_at` checks in the booking [start, end) when it lies
// at or after start - lead and before the end.
bool counts_as_check_in(Seconds occupied_at, const Interval& booking, std::chrono::seconds lead);

// The booking starting at `booking_start` is due for release at `now`: nobody has
// checked in and the grace period is over.
bool no_show_due(Seconds booking_start, bool checked_in, std::chrono::seconds grace, Seconds now);

// What became of one occurrence of a series, as far as no-shows go.
enum class OccurrenceOutcome {
  pending,           // not yet decided (in the future, or under way)
  attended,          // checked in
  cancelled,         // cancelled in advance by its owner
  released_no_show,  // released because nobody came
};

// How many of the latest decided occurrences in a row were released as no-shows.
// `in_order` is oldest first. Pending and cancelled occurrences neither count nor
// break the run: cancelling in advance is no evidence either way.
int trailing_no_shows(std::span<const OccurrenceOutcome> in_order);

// True once the run of no-shows reaches the threshold.
bool series_flagged(std::span<const OccurrenceOutcome> in_order,
                    int threshold = NoShowPolicy{}.flag_after);

}  // namespace classroom
