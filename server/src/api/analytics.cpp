// Utilization for a period: per room occupied vs. booked vs. power-on hours, the
// waste (booked but empty, powered but empty), switch-offs, energy, and a heatmap.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "app/app.hpp"
#include "domain/time.hpp"
#include "domain/utilization.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cmath>

namespace classroom {

namespace json = boost::json;

namespace {

std::int64_t day_param(const Request& req, const char* name, std::int64_t fallback, const date::time_zone* zone,
                       bool end_of_day) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return fallback;
  auto d = parse_date(*v);
  if (!d.ok()) throw BadRequest(name, std::string(name) + ": " + d.error);
  auto day = local_day(d.value, zone);
  return to_unix(end_of_day ? day.end : day.start);
}

double hours(std::int64_t s) { return std::round(s / 36.0) / 100.0; }

json::object usage_json(const RoomUsage& u) {
  return {{"occupied_h", hours(u.occupied_s)},
          {"booked_h", hours(u.booked_s)},
          {"booked_empty_h", hours(u.booked_empty_s)},
          {"occupied_unbooked_h", hours(u.occupied_unbooked_s)},
          {"power_on_h", hours(u.power_on_s)},
          {"power_on_empty_h", hours(u.power_on_empty_s)},
          {"observed_h", hours(u.observed_s)},
          {"switch_offs", u.switch_offs},
          {"energy_kwh", std::round(u.energy_saved_kwh * 100.0) / 100.0}};
}

}  // namespace

void add_analytics_routes(Router& r, App& app) {
  r.add("GET", "/api/admin/analytics/utilization", Access::admin, [&app](Request& req) {
    auto local_now = app.zone->to_local(from_unix(app.clock.now()));
    auto today = local_day(date::year_month_day{date::floor<date::days>(local_now)}, app.zone);
    auto to = day_param(req, "to", to_unix(today.end), app.zone, true);
    auto from = day_param(req, "from", to - 7 * 86400, app.zone, false);
    if (to <= from) throw BadRequest("to", "to must be on or after from");
    if (to - from > 366 * 86400) throw BadRequest("from", "the period may span at most 366 days");
    std::optional<std::int64_t> only;
    if (req.query_param("classroom_id")) only = query_int(req.query_param("classroom_id"), "classroom_id", 0, 1, INT64_MAX);

    auto usage = app.telemetry.usage_between(from - 300, to, only);
    auto booked = app.booking_spans.held_between(from, to);
    auto switches = app.telemetry.power_logs_between(from, to);
    Heatmap heatmap;
    RoomUsage total;
    json::array rooms;
    for (const auto& c : app.rooms.list(false)) {
      if (only && c.id != *only) continue;
      RoomInput in;
      in.rated_load_w = c.settings.rated_load_w;
      if (auto it = usage.find(c.id); it != usage.end()) {
        for (auto [at, occ, on] : it->second.samples) in.samples.push_back({at, occ, on});
        for (auto [start, occ, on] : it->second.hours) in.hours.push_back({start, occ, on});
      }
      for (const auto& b : booked)
        if (b.classroom_id == c.id) in.bookings.push_back({b.start, b.end});
      for (const auto& l : switches)
        if (l.classroom_id == c.id && l.source == "device") in.power_switches.emplace_back(l.logged_at, l.power_on);
      in.now = app.clock.now();  // a room still off saves energy until now, not until the period's end
      auto u = room_usage(in, {from, to}, app.zone, heatmap);
      total += u;
      auto row = usage_json(u);
      row["classroom_id"] = c.id;
      row["name"] = c.name;
      rooms.push_back(std::move(row));
    }
    json::array grid;
    for (const auto& day : heatmap.fractions()) {
      json::array row;
      for (double f : day) row.push_back(std::round(f * 1000.0) / 1000.0);
      grid.push_back(std::move(row));
    }
    return ok(json::object{{"from", format_iso(from_unix(from), app.zone)},
                           {"to", format_iso(from_unix(to), app.zone)},
                           {"rooms", std::move(rooms)},
                           {"total", usage_json(total)},
                           {"heatmap", std::move(grid)}});
  });
}

}  // namespace classroom
