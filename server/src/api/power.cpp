// Manual power control: stored as an override with an expiry, shown pending until
// the node confirms, delivered in the next report answer and at once to long-polls.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "app/app.hpp"
#include "live/campus.hpp"
#include "storage/bookings.hpp"

namespace classroom {

namespace json = boost::json;

namespace {

Response issue_command(App& app, const Request& req, std::int64_t classroom_id, std::int64_t expires_at,
                       const char* source) {
  Input in(req.body);
  bool power_on = in.boolean("power_on");
  auto room = app.rooms.find(classroom_id);
  if (!room) throw NotFound("No classroom with id " + std::to_string(classroom_id));
  if (!room->esp_device_id) throw Conflict("No device", "The classroom has no linked device to switch", "classroom_id");
  PowerCommand c;
  c.classroom_id = classroom_id;
  c.device_id = *room->esp_device_id;
  c.power_on = power_on;
  c.source = source;
  c.user_id = req.caller->user_id;
  c.created_at = app.clock.now();
  c.expires_at = expires_at;
  auto stored = app.telemetry.create_command(c);
  app.writer.submit(PowerLogWrite{classroom_id, stored.device_id, power_on, "manual", source, req.caller->user_id,
                                  stored.id, stored.created_at, std::nullopt});
  app.campus.command_created(stored);  // announces it and wakes a long-polling node
  app.relay_change(Change::commands, std::to_string(classroom_id));
  return ok(json::object{{"message", power_on ? "Power on requested" : "Power off requested"},
                         {"device_id", stored.device_id},
                         {"power_on", power_on},
                         {"command", command_json(stored, app.zone)}});
}

// A booking in progress ends the override; otherwise the configured default, or what was asked.
std::int64_t expiry(App& app, const Request& req, std::int64_t classroom_id) {
  auto now = app.clock.now();
  Input in(req.body);
  if (auto minutes = in.opt_int("duration_min", 1, 7 * 24 * 60)) return now + *minutes * 60;
  for (const auto& b : app.booking_spans.confirmed_between(now, now + 1))
    if (b.classroom_id == classroom_id) return b.end;
  return now + std::int64_t{app.cfg.override_default_min} * 60;
}

}  // namespace

void add_power_routes(Router& r, App& app) {
  r.add("POST", "/api/admin/power/{classroom_id}", Access::admin, [&app](Request& req) {
    auto id = path_id(req, "classroom_id");
    return issue_command(app, req, id, expiry(app, req, id), "admin");
  });

  r.add("DELETE", "/api/admin/power/{classroom_id}", Access::admin, [&app](Request& req) {
    auto id = path_id(req, "classroom_id");
    if (!app.rooms.find(id)) throw NotFound("No classroom with id " + std::to_string(id));
    app.telemetry.cancel_commands(id, app.clock.now());
    app.campus.commands_cancelled(id);
    app.relay_change(Change::commands, std::to_string(id));
    return message("Manual override cancelled; automatic control resumes");
  });

  r.add("POST", "/api/staff/power/{classroom_id}", Access::staff, [&app](Request& req) {
    auto id = path_id(req, "classroom_id");
    auto booking = app.booking_spans.current_for_user(id, req.caller->user_id, app.clock.now());
    if (!booking) throw Forbidden("You can switch a room only during your own booking of it");
    return issue_command(app, req, id, booking->end, "staff");
  });
}

}  // namespace classroom
