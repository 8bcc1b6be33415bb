// Manual power control: admins any room, staff the room they have booked now.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/live.hpp"
#include "services/power.hpp"

namespace classroom {

namespace json = boost::json;

namespace {

PowerRequest read_request(const Request& req) {
  Input in(req.body);
  PowerRequest p;
  p.classroom_id = path_id(req, "classroom_id");
  p.power_on = in.boolean("power_on");
  p.duration_min = in.opt_int("duration_min", 1, 7 * 24 * 60);
  p.hold_through_bookings = in.opt_bool("hold_through_bookings").value_or(false);
  return p;
}

Response issued(const PowerCommand& c, const date::time_zone* zone) {
  return ok(json::object{{"message", c.power_on ? "Power on requested" : "Power off requested"},
                         {"device_id", c.device_id},
                         {"power_on", c.power_on},
                         {"command", command_json(c, zone)}});
}

}  // namespace

void add_power_routes(Router& r, PowerService& power, const date::time_zone* zone) {
  r.add("POST", "/api/admin/power/{classroom_id}", Access::admin, [&power, zone](Request& req) {
    return issued(power.by_admin(read_request(req), *req.caller), zone);
  });

  r.add("DELETE", "/api/admin/power/{classroom_id}", Access::admin, [&power](Request& req) {
    power.cancel(path_id(req, "classroom_id"));
    return message("Manual override cancelled; automatic control resumes");
  });

  r.add("POST", "/api/staff/power/{classroom_id}", Access::staff, [&power, zone](Request& req) {
    return issued(power.by_staff(read_request(req), *req.caller), zone);
  });
}

}  // namespace classroom
