// Utilization for a period: per room occupied vs. booked vs. power-on hours, the
// waste (booked but empty, powered but empty), switch-offs, energy, and a heatmap.
#include "api/common.hpp"
#include "api/query.hpp"
#include "api/routes.hpp"
#include "domain/time.hpp"
#include "services/analytics.hpp"

#include <climits>
#include <cmath>

namespace classroom {

namespace json = boost::json;

namespace {

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

json::array heatmap_json(const Heatmap& h) {
  json::array grid;
  for (const auto& day : h.fractions()) {
    json::array row;
    for (double f : day) row.push_back(std::round(f * 1000.0) / 1000.0);
    grid.push_back(std::move(row));
  }
  return grid;
}

}  // namespace

void add_analytics_routes(Router& r, AnalyticsService& analytics) {
  r.add("GET", "/api/admin/analytics/utilization", Access::admin, [&analytics](Request& req) {
    auto zone = analytics.zone();
    auto today = local_day(local_date(analytics.now(), zone), zone);
    auto to = query_time(req, "to", zone, true).value_or(to_unix(today.end));
    auto from = query_time(req, "from", zone).value_or(to - 7 * 86400);
    if (to <= from) throw BadRequest("to", "to must be on or after from");
    if (to - from > 366 * 86400) throw BadRequest("from", "the period may span at most 366 days");
    std::optional<std::int64_t> only;
    if (req.query_param("classroom_id")) only = query_int(req.query_param("classroom_id"), "classroom_id", 0, 1, INT64_MAX);
    auto u = analytics.utilization(from, to, only);
    json::array rooms;
    for (const auto& room : u.rooms) {
      auto row = usage_json(room.usage);
      row["classroom_id"] = room.room.id;
      row["name"] = room.room.name;
      rooms.push_back(std::move(row));
    }
    return ok(json::object{{"from", format_iso(from_unix(from), zone)},
                           {"to", format_iso(from_unix(to), zone)},
                           {"rooms", std::move(rooms)},
                           {"total", usage_json(u.total)},
                           {"heatmap", heatmap_json(u.heatmap)}});
  });
}

}  // namespace classroom
