#pragma once
// What a room's door display says: free, in use or booked now, until when, and what
// comes later today. Pure: the time and the day's end are arguments.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

enum class DoorState { free, in_use, booked };
// What the sensor says; unknown without a node, while it is offline or its sensor fails.
enum class Occupancy { empty, occupied, unknown };

const char* door_state_name(DoorState s);
const char* occupancy_name(Occupancy o);

// A confirmed booking as a display may show it: times and title, nothing of who booked.
struct DoorBooking {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::string title;
};

struct DoorView {
  DoorState state = DoorState::free;
  // Booked: when the booking ends. Free or in use: when the next booking today starts
  // (none: free for the rest of the day).
  std::optional<std::int64_t> until;
  std::optional<DoorBooking> current;
  std::vector<DoorBooking> next;  // later today, by start, at most `max_next`
};

// `bookings`: the room's confirmed bookings, in any order; those outside
// [now, end_of_day) other than the one under way are left out.
DoorView door_view(std::int64_t now, std::int64_t end_of_day, Occupancy occupancy, std::vector<DoorBooking> bookings,
                   std::size_t max_next);

}  // namespace classroom
