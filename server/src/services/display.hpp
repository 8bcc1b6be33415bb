#pragma once
// A room's door display: what it shows (from the live campus and the day's bookings)
// at an unguessable address that admins can list and reset. Resetting closes the
// displays open on the old address here; elsewhere their next request finds nothing.
#include "domain/door_display.hpp"
#include "live/campus.hpp"
#include "realtime/hub.hpp"
#include "storage/booking_store.hpp"
#include "storage/classrooms.hpp"
#include "util/clock.hpp"

#include <optional>
#include <string>
#include <vector>

namespace date { class time_zone; }

namespace classroom {

struct DoorDisplay {
  Classroom room;
  Occupancy occupancy = Occupancy::unknown;
  DoorView view;
  std::int64_t now = 0;
};

class DisplayService {
 public:
  static constexpr std::size_t kMaxNext = 5;

  DisplayService(ClassroomStore& rooms, BookingStore& bookings, Campus& campus, Hub& hub, const Clock& clock,
                 const date::time_zone* zone);

  // What the display at `token` shows; nullopt when no active room has that token.
  std::optional<DoorDisplay> show(const std::string& token);
  std::optional<std::int64_t> room_of(const std::string& token);

  DisplayToken link(std::int64_t classroom_id);
  DisplayToken reset(std::int64_t classroom_id);
  std::vector<DisplayToken> links();

 private:
  DisplayToken token_of(std::int64_t classroom_id, bool renew);
  ClassroomStore& rooms_;
  BookingStore& bookings_;
  Campus& campus_;
  Hub& hub_;
  const Clock& clock_;
  const date::time_zone* zone_;
};

}  // namespace classroom
