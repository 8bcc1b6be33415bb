#include "domain/door_display.hpp"

#include <algorithm>

namespace classroom {

const char* door_state_name(DoorState s) {
  switch (s) {
    case DoorState::in_use: return "in_use";
    case DoorState::booked: return "booked";
    case DoorState::free: break;
  }
  return "free";
}

const char* occupancy_name(Occupancy o) {
  switch (o) {
    case Occupancy::occupied: return "occupied";
    case Occupancy::unknown: return "unknown";
    case Occupancy::empty: break;
  }
  return "empty";
}

DoorView door_view(std::int64_t now, std::int64_t end_of_day, Occupancy occupancy, std::vector<DoorBooking> bookings,
                   std::size_t max_next) {
  std::sort(bookings.begin(), bookings.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  DoorView v;
  for (auto& b : bookings) {
    if (b.start <= now && now < b.end && !v.current)
      v.current = std::move(b);
    else if (b.start > now && b.start < end_of_day && v.next.size() < max_next)
      v.next.push_back(std::move(b));
  }
  if (v.current) {
    v.state = DoorState::booked;
    v.until = v.current->end;
    return v;
  }
  v.state = occupancy == Occupancy::occupied ? DoorState::in_use : DoorState::free;
  if (!v.next.empty()) v.until = v.next.front().start;
  return v;
}

}  // namespace classroom
