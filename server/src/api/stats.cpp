// Admin overview (what is on, occupied, booked, offline now; switch-offs and energy
// today) and the paginated status and power history of rooms and devices.
#include "api/common.hpp"
#include "api/query.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/analytics.hpp"

#include <cmath>

namespace classroom {

namespace json = boost::json;

namespace {

LogQuery log_query(const Request& req, const date::time_zone* zone) {
  LogQuery q;
  q.from = query_time(req, "from", zone);
  q.to = query_time(req, "to", zone);
  auto p = page_params(req);
  q.page = p.page;
  q.per_page = p.per_page;
  return q;
}

template <class Row, class View>
json::object page_json(const Page<Row>& p, const LogQuery& q, View view) {
  return {{"items", json_list(p.items, view)}, {"total", p.total}, {"page", q.page}, {"per_page", q.per_page}};
}

json::object status_row(const StatusLogRow& r, const date::time_zone* zone) {
  return {{"id", r.id},
          {"classroom_id", opt_json(r.classroom_id)},
          {"device_id", r.device_id},
          {"is_occupied", r.is_occupied},
          {"is_power_on", r.is_power_on},
          {"last_movement", opt_json(r.last_movement)},
          {"temperature", r.temperature ? json::value(*r.temperature) : json::value(nullptr)},
          {"power_reason", r.power_reason},
          {"reported_at", time_json(r.reported_at, zone)}};
}

json::object power_row(const PowerLogRow& r, const date::time_zone* zone) {
  return {{"id", r.id},          {"classroom_id", opt_json(r.classroom_id)}, {"device_id", r.device_id},
          {"power_on", r.power_on}, {"reason", r.reason},                 {"source", r.source},
          {"user_id", opt_json(r.user_id)}, {"command_id", opt_json(r.command_id)}, {"logged_at", time_json(r.logged_at, zone)}};
}

json::object overview_json(const Overview& o) {
  return {{"rooms_total", o.rooms_total},
          {"rooms_occupied", o.rooms_occupied},
          {"rooms_idle_power_on", o.rooms_idle_power_on},
          {"rooms_booked_now", o.rooms_booked_now},
          {"rooms_power_on", o.rooms_power_on},
          {"rooms_sensor_fault", o.rooms_sensor_fault},
          {"devices_online", o.devices_online},
          {"devices_offline", o.devices_offline},
          {"switch_offs_today", o.switch_offs_today},
          {"energy_saved_kwh_today", std::round(o.energy_saved_kwh_today * 100.0) / 100.0},
          {"write_queue", o.write_queue},
          {"journal_bytes", o.journal_bytes},
          {"writes_quarantined", o.writes_quarantined},
          {"database_degraded", o.database_degraded}};
}

}  // namespace

void add_stats_routes(Router& r, AnalyticsService& analytics) {
  auto zone = analytics.zone();
  r.add("GET", "/api/admin/stats", Access::admin, [&analytics](Request&) { return ok(overview_json(analytics.overview())); });

  // The logs of a room (`{id}`) or a device (`{device_id}`).
  auto logs = [&analytics, zone](bool power, bool of_room) {
    return [&analytics, zone, power, of_room](Request& req) {
      auto q = log_query(req, zone);
      if (of_room) {
        q.classroom_id = path_id(req);
        if (!analytics.room_exists(*q.classroom_id)) throw NotFound("No classroom with id " + req.param("id"));
      } else {
        q.device_id = req.param("device_id");
      }
      if (power) return ok(page_json(analytics.logs().power_logs(q), q, [&](const auto& r) { return power_row(r, zone); }));
      return ok(page_json(analytics.logs().status_logs(q), q, [&](const auto& r) { return status_row(r, zone); }));
    };
  };
  r.add("GET", "/api/admin/classrooms/{id}/status-logs", Access::admin, logs(false, true));
  r.add("GET", "/api/admin/classrooms/{id}/power-logs", Access::admin, logs(true, true));
  r.add("GET", "/api/admin/devices/{device_id}/status-logs", Access::admin, logs(false, false));
  r.add("GET", "/api/admin/devices/{device_id}/power-logs", Access::admin, logs(true, false));
}

}  // namespace classroom
