// Admin overview (what is on, occupied, booked, offline now; switch-offs and energy
// today) and the paginated status and power history of rooms and devices.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"
#include "app/app.hpp"
#include "domain/time.hpp"

#include <date/tz.h>

#include <cmath>
#include <map>

namespace classroom {

namespace json = boost::json;

namespace {

std::int64_t local_midnight(std::int64_t now, const date::time_zone* zone) {
  auto local = zone->to_local(from_unix(now));
  date::year_month_day day{date::floor<date::days>(local)};
  return to_unix(local_day(day, zone).start);
}

std::optional<std::int64_t> time_param(const Request& req, const char* name, const date::time_zone* zone) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  auto parsed = parse_iso(*v, zone);
  if (!parsed.ok()) throw BadRequest(name, std::string(name) + ": " + parsed.error);
  return to_unix(parsed.value);
}

LogQuery log_query(const Request& req, const date::time_zone* zone) {
  LogQuery q;
  q.from = time_param(req, "from", zone);
  q.to = time_param(req, "to", zone);
  q.page = static_cast<int>(query_int(req.query_param("page"), "page", 1, 1, 100000));
  q.per_page = static_cast<int>(query_int(req.query_param("per_page"), "per_page", 50, 1, 500));
  return q;
}

template <class Row, class View>
json::object page_json(const Page<Row>& p, const LogQuery& q, View view) {
  json::array items;
  for (const auto& r : p.items) items.push_back(view(r));
  return {{"items", std::move(items)}, {"total", p.total}, {"page", q.page}, {"per_page", q.per_page}};
}

json::value opt(std::optional<std::int64_t> v) { return v ? json::value(*v) : json::value(nullptr); }

json::object status_row(const StatusLogRow& r, const date::time_zone* zone) {
  return {{"id", r.id},
          {"classroom_id", opt(r.classroom_id)},
          {"device_id", r.device_id},
          {"is_occupied", r.is_occupied},
          {"is_power_on", r.is_power_on},
          {"last_movement", opt(r.last_movement)},
          {"temperature", r.temperature ? json::value(*r.temperature) : json::value(nullptr)},
          {"power_reason", r.power_reason},
          {"reported_at", time_json(r.reported_at, zone)}};
}

json::object power_row(const PowerLogRow& r, const date::time_zone* zone) {
  return {{"id", r.id},          {"classroom_id", opt(r.classroom_id)}, {"device_id", r.device_id},
          {"power_on", r.power_on}, {"reason", r.reason},                 {"source", r.source},
          {"user_id", opt(r.user_id)}, {"command_id", opt(r.command_id)}, {"logged_at", time_json(r.logged_at, zone)}};
}

// Switch-offs reported by nodes since `from`, and the energy not drawn while off.
std::pair<std::int64_t, double> switch_offs(const std::vector<PowerLogRow>& logs, const std::vector<Classroom>& rooms,
                                            std::int64_t now) {
  std::map<std::int64_t, int> load;
  for (const auto& c : rooms) load[c.id] = c.settings.rated_load_w;
  std::map<std::int64_t, std::int64_t> off_since;
  std::int64_t count = 0;
  double wh = 0;
  for (const auto& l : logs) {
    if (l.source != "device" || !l.classroom_id) continue;
    auto room = *l.classroom_id;
    if (!l.power_on) {
      ++count;
      off_since.try_emplace(room, l.logged_at);
    } else if (auto it = off_since.find(room); it != off_since.end()) {
      wh += load[room] * (l.logged_at - it->second) / 3600.0;
      off_since.erase(it);
    }
  }
  for (auto [room, since] : off_since) wh += load[room] * (now - since) / 3600.0;
  return {count, wh / 1000.0};
}

}  // namespace

void add_stats_routes(Router& r, App& app) {
  r.add("GET", "/api/admin/stats", Access::admin, [&app](Request&) {
    auto now = app.clock.now();
    auto rooms = app.rooms.list(true);
    auto live = app.campus.rooms(now);
    std::int64_t occupied = 0, idle_on = 0, booked = 0, power_on = 0, online = 0, offline = 0;
    for (const auto& c : rooms) {
      occupied += c.status.is_occupied;
      power_on += c.status.is_power_on;
      idle_on += !c.status.is_occupied && c.status.is_power_on;
      if (auto it = live.find(c.id); it != live.end()) booked += it->second.decision.is_booked;
    }
    for (const auto& d : app.devices.list()) (d.is_connected ? online : offline) += 1;
    auto [offs, kwh] = switch_offs(app.telemetry.power_logs_between(local_midnight(now, app.zone), now + 1), rooms, now);
    return ok(json::object{{"rooms_total", static_cast<std::int64_t>(rooms.size())},
                           {"rooms_occupied", occupied},
                           {"rooms_idle_power_on", idle_on},
                           {"rooms_booked_now", booked},
                           {"rooms_power_on", power_on},
                           {"devices_online", online},
                           {"devices_offline", offline},
                           {"switch_offs_today", offs},
                           {"energy_saved_kwh_today", std::round(kwh * 100.0) / 100.0},
                           {"write_queue", static_cast<std::int64_t>(app.writer.queued())},
                           {"database_degraded", app.writer.degraded()}});
  });

  auto room_logs = [&app](bool power) {
    return [&app, power](Request& req) {
      auto q = log_query(req, app.zone);
      q.classroom_id = path_id(req);
      if (!app.rooms.find(*q.classroom_id)) throw NotFound("No classroom with id " + req.param("id"));
      if (power) return ok(page_json(app.telemetry.power_logs(q), q, [&](const auto& r) { return power_row(r, app.zone); }));
      return ok(page_json(app.telemetry.status_logs(q), q, [&](const auto& r) { return status_row(r, app.zone); }));
    };
  };
  auto device_logs = [&app](bool power) {
    return [&app, power](Request& req) {
      auto q = log_query(req, app.zone);
      q.device_id = req.param("device_id");
      if (power) return ok(page_json(app.telemetry.power_logs(q), q, [&](const auto& r) { return power_row(r, app.zone); }));
      return ok(page_json(app.telemetry.status_logs(q), q, [&](const auto& r) { return status_row(r, app.zone); }));
    };
  };
  r.add("GET", "/api/admin/classrooms/{id}/status-logs", Access::admin, room_logs(false));
  r.add("GET", "/api/admin/classrooms/{id}/power-logs", Access::admin, room_logs(true));
  r.add("GET", "/api/admin/devices/{device_id}/status-logs", Access::admin, device_logs(false));
  r.add("GET", "/api/admin/devices/{device_id}/power-logs", Access::admin, device_logs(true));
}

}  // namespace classroom
