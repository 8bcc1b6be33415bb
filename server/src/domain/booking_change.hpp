#pragma once
// Moving or stretching a booking that exists: before it starts the rules of a new
// booking apply; once it is under way only its end may move, and not into the past.
#include "domain/booking_rules.hpp"

namespace classroom {

// The first rule moving `before` to `after` at `now` breaks, naming its field;
// nullopt when the change may be made.
std::optional<FieldError> validate_change(const Interval& before, const Interval& after, Seconds now,
                                          const BookingLimits& limits = {});

}  // namespace classroom
