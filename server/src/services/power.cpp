#include "services/power.hpp"

#include "domain/errors.hpp"
#include "present/live.hpp"

#include <algorithm>

namespace classroom {

std::int64_t override_expiry(const PowerRequest& req, std::int64_t now, std::int64_t default_min,
                             const std::optional<BookingSpan>& current, const std::optional<BookingSpan>& next) {
  std::int64_t until = req.duration_min ? now + *req.duration_min * 60 : current ? current->end : now + default_min * 60;
  if (current) until = std::min(until, current->end);  // a staff override never outlives its booking
  if (next && next->start > now && !req.hold_through_bookings) until = std::min(until, next->start);
  return until;
}

PowerService::PowerService(ClassroomStore& rooms, PowerCommandStore& commands, BookingSpans& spans, Campus& campus,
                           ReportWriter& writer, Hub& hub, CampusSync& sync, const Clock& clock, int default_min)
    : rooms_(rooms), commands_(commands), spans_(spans), campus_(campus), writer_(writer), hub_(hub), sync_(sync),
      clock_(clock), default_min_(default_min) {}

namespace {
// The room's booking in progress and its first one after `now` (within a week).
std::pair<std::optional<BookingSpan>, std::optional<BookingSpan>> bookings_around(BookingSpans& spans,
                                                                                  std::int64_t classroom_id,
                                                                                  std::int64_t now) {
  std::optional<BookingSpan> current, next;
  for (const auto& b : spans.confirmed_between(now, now + 7 * 86400)) {
    if (b.classroom_id != classroom_id) continue;
    if (b.start <= now && now < b.end) current = b;
    else if (b.start > now && (!next || b.start < next->start)) next = b;
  }
  return {current, next};
}
}  // namespace

PowerCommand PowerService::issue(const PowerRequest& req, const Caller& caller, const char* source,
                                 std::int64_t expires_at, std::optional<std::int64_t> booking_id) {
  auto room = rooms_.find(req.classroom_id);
  if (!room) throw NotFound("No classroom with id " + std::to_string(req.classroom_id));
  if (!room->esp_device_id) throw Conflict("No device", "The classroom has no linked device to switch", "classroom_id");
  PowerCommand c;
  c.classroom_id = req.classroom_id;
  c.device_id = *room->esp_device_id;
  c.power_on = req.power_on;
  c.source = source;
  c.user_id = caller.user_id;
  c.created_at = clock_.now();
  c.expires_at = expires_at;
  c.booking_id = booking_id;
  auto stored = commands_.create_command(c);
  writer_.submit(PowerLogWrite{req.classroom_id, stored.device_id, req.power_on, "manual", source, caller.user_id,
                               stored.id, stored.created_at, std::nullopt});
  campus_.command_created(stored);  // and hands it to a long-polling node
  hub_.publish(power_event_json(stored), Audience::everyone);
  sync_.relay(Change::commands, std::to_string(req.classroom_id));
  return stored;
}

PowerCommand PowerService::by_admin(const PowerRequest& req, const Caller& admin) {
  auto now = clock_.now();
  auto [current, next] = bookings_around(spans_, req.classroom_id, now);
  auto until = override_expiry(req, now, default_min_, current, next);
  return issue(req, admin, "admin", until, std::nullopt);
}

PowerCommand PowerService::by_staff(const PowerRequest& req, const Caller& staff) {
  auto now = clock_.now();
  auto booking = spans_.current_for_user(req.classroom_id, staff.user_id, now);
  if (!booking) throw Forbidden("You can switch a room only during your own booking of it");
  PowerRequest own = req;
  own.hold_through_bookings = false;
  auto until = override_expiry(own, now, default_min_, booking, std::nullopt);
  return issue(own, staff, "staff", until, booking->id);
}

void PowerService::cancel(std::int64_t classroom_id) {
  if (!rooms_.find(classroom_id)) throw NotFound("No classroom with id " + std::to_string(classroom_id));
  commands_.cancel_commands(classroom_id, clock_.now());
  campus_.commands_cancelled(classroom_id);
  sync_.relay(Change::commands, std::to_string(classroom_id));
}

void PowerService::booking_ended(std::int64_t booking_id) {
  commands_.end_for_booking(booking_id, clock_.now());
  sync_.changed(Change::commands);
}

}  // namespace classroom
