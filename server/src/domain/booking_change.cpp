#include "domain/booking_change.hpp"

namespace classroom {

std::optional<FieldError> validate_change(const Interval& before, const Interval& after, Seconds now,
                                          const BookingLimits& limits) {
  if (before == after) return std::nullopt;  // a new title: nothing about time to check
  if (before.start > now) return validate_booking(after.start, after.end, now, limits);
  // Under way (or over): what happened cannot be rewritten.
  if (after.start != before.start)
    return FieldError{"start_time", "the booking has started; its start_time can no longer change"};
  if (after.end <= now) return FieldError{"end_time", "end_time is in the past; cancel the booking to end it now"};
  // Judged as if made when it started: only the length rule is left to break.
  return validate_booking(after.start, after.end, after.start, limits);
}

}  // namespace classroom
