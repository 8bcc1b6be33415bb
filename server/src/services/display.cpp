#include "services/display.hpp"

#include "auth/secrets.hpp"
#include "domain/errors.hpp"
#include "domain/time.hpp"

#include <spdlog/spdlog.h>

#include <cctype>

namespace classroom {

namespace {

// 32 URL-safe characters (192 bits), like the calendar feed tokens.
std::string fresh_token() { return random_token(24); }

// Only what a node said while it was online with a working sensor counts.
Occupancy occupancy_of(const std::optional<RoomLive>& live) {
  if (!live || !live->device_online || !live->sensor_fault.empty() || !live->observed) return Occupancy::unknown;
  return live->observed->is_occupied ? Occupancy::occupied : Occupancy::empty;
}

bool well_formed(const std::string& token) {
  if (token.size() < 24 || token.size() > 64) return false;
  for (char c : token)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

}  // namespace

DisplayService::DisplayService(ClassroomStore& rooms, BookingStore& bookings, Campus& campus, Hub& hub,
                               const Clock& clock, const date::time_zone* zone)
    : rooms_(rooms), bookings_(bookings), campus_(campus), hub_(hub), clock_(clock), zone_(zone) {}

std::optional<std::int64_t> DisplayService::room_of(const std::string& token) {
  return well_formed(token) ? rooms_.display_room(token) : std::nullopt;
}

std::optional<DoorDisplay> DisplayService::show(const std::string& token) {
  auto id = room_of(token);
  auto room = id ? rooms_.find(*id) : std::nullopt;
  if (!room) return std::nullopt;
  auto now = clock_.now();
  auto day_end = to_unix(local_day(local_date(now, zone_), zone_).end);
  std::vector<DoorBooking> today;
  for (const auto& b : bookings_.taken_in(room->id, now, day_end)) today.push_back({b.start, b.end, b.title});
  auto occupancy = occupancy_of(campus_.room(room->id, now));
  return DoorDisplay{std::move(*room), occupancy, door_view(now, day_end, occupancy, std::move(today), kMaxNext), now};
}

DisplayToken DisplayService::token_of(std::int64_t classroom_id, bool renew) {
  auto room = rooms_.find(classroom_id);
  if (!room) throw NotFound("No classroom with id " + std::to_string(classroom_id));
  return {room->id, room->name, rooms_.display_token(room->id, fresh_token(), renew)};
}

DisplayToken DisplayService::link(std::int64_t classroom_id) { return token_of(classroom_id, false); }

DisplayToken DisplayService::reset(std::int64_t classroom_id) {
  auto t = token_of(classroom_id, true);
  auto closed = hub_.end_displays_of(classroom_id);
  spdlog::info("event=display_link_reset classroom_id={} displays_closed={}", classroom_id, closed);
  return t;
}

std::vector<DisplayToken> DisplayService::links() { return rooms_.display_tokens(fresh_token); }

}  // namespace classroom
