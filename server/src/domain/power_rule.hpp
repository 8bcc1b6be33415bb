#pragma once
// The power rule: whether a room's power should be on, and why. Pure: everything it
// looks at is an argument, time included. Rules, first match wins:
//   1. a manual override that has not expired holds; one tied to a booking (staff
//      override) holds only while that booking is the room's current one;
//   2. booked now → on (never auto-off);
//   3. a booking starts within the pre-start lead → on;
//   4. missing or stale data → on (never cut power blind);
//   5. occupied → on (switched on only where the room's auto power-on is set);
//   6. a faulted sensor → on (an idle reading from it proves nothing);
//   7. idle for the idle timeout plus the power-off delay, unbooked → off;
//      idle for less → keep the current state.
#include "domain/classroom.hpp"
#include "domain/power_reason.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

namespace classroom {

struct TimeRange {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::int64_t booking_id = 0;  // the booking it stands for, where it is one
  bool contains(std::int64_t t) const { return start <= t && t < end; }
};

// Seconds two spans share (0 when they do not meet).
inline std::int64_t overlap(TimeRange a, TimeRange b) {
  return std::max<std::int64_t>(0, std::min(a.end, b.end) - std::max(a.start, b.start));
}

struct Override {
  bool power_on = true;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> booking_id;  // a staff override holds only during this booking
};

// What the node said in its latest report.
struct Observation {
  bool is_occupied = false;
  bool is_power_on = false;
  std::optional<std::int64_t> last_movement;  // seconds since movement at `at`
  std::int64_t at = 0;                        // server time the report arrived
  bool sensor_ok = true;                      // false: the node says its sensor is faulted
};

struct PowerInputs {
  RoomSettings settings;
  std::optional<Observation> observed;
  std::optional<TimeRange> current_booking;
  std::optional<TimeRange> next_booking;
  std::optional<Override> manual;
  std::int64_t now = 0;
  std::int64_t stale_after_s = 600;     // an observation older than this is stale
  std::int64_t booking_lead_s = 600;    // switch on this long before a booking
};

struct PowerDecision {
  bool power_on = true;
  PowerReason reason = PowerReason::no_data;
  bool is_booked = false;
  // Seconds until the decision could change by time alone (for the next report), if known.
  std::optional<std::int64_t> changes_in_s;
  // The end of the booking in progress: a node keeps power on until then even when it
  // cannot reach the server.
  std::optional<std::int64_t> booked_until;
};

PowerDecision decide_power(const PowerInputs& in);

// Whether a manual override still holds at `now`: not expired, and when it was given
// during a booking, that booking is still the room's current one.
bool override_holds(const Override& o, const std::optional<TimeRange>& current_booking, std::int64_t now);

}  // namespace classroom
