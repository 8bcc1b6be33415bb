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
double round2(double v) { return std::round(v * 100.0) / 100.0; }
double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

json::object figures_json(const Figures& f, const AnalyticsSettings& money) {
  const auto& u = f.usage;
  const auto& e = f.energy;
  const auto& r = f.registrar;
  return {{"occupied_h", hours(u.occupied_s)},
          {"booked_h", hours(u.booked_s)},
          {"booked_empty_h", hours(u.booked_empty_s)},
          {"occupied_unbooked_h", hours(u.occupied_unbooked_s)},
          {"power_on_h", hours(u.power_on_s)},
          {"power_on_empty_h", hours(u.power_on_empty_s)},
          {"observed_h", hours(u.observed_s)},
          {"switch_offs", u.switch_offs},
          {"energy_kwh", round2(e.kwh)},
          {"energy", {{"saved_kwh", round2(e.kwh)},
                      {"baseline_on_h", hours(e.baseline_on_s)},
                      {"actual_on_h", hours(e.actual_on_s)},
                      {"excluded_h", hours(e.excluded_s)},
                      {"load_w", std::round(e.load_w)},
                      {"load_source", to_string(e.load)},
                      {"cost", round2(e.kwh * money.energy_price)},
                      {"currency", money.currency},
                      {"co2e_kg", round2(e.kwh * money.co2e_per_kwh)}}},
          {"open_h", r.open_hours},
          {"used_open_h", r.used_hours},
          {"frequency", round3(r.frequency())},
          {"bookings_watched", r.bookings},
          {"ghost_bookings", r.ghost_bookings},
          {"ghost_share", round3(r.ghost_share())},
          {"prime_time_use", round3(r.prime_use())},
          {"seat_hours", std::round(r.seat_hours)}};
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
    const auto& money = analytics.settings();
    json::array rooms, buildings, weeks, right_sizing;
    for (const auto& room : u.rooms) {
      auto row = figures_json(room.figures, money);
      row["classroom_id"] = room.room.id;
      row["name"] = room.room.name;
      row["building_id"] = room.room.building_id ? json::value(*room.room.building_id) : json::value(nullptr);
      row["capacity"] = room.room.capacity;
      rooms.push_back(std::move(row));
    }
    for (const auto& b : u.buildings) {
      auto row = figures_json(b.figures, money);
      row["building_id"] = b.building.id;
      row["name"] = b.building.name;
      row["opening_hours"] = b.building.opening_hours;
      buildings.push_back(std::move(row));
    }
    for (const auto& w : u.weeks) {
      auto row = figures_json(w.figures, money);
      row["week_start"] = format_iso(from_unix(w.start), zone);
      weeks.push_back(std::move(row));
    }
    for (const auto& s : u.right_sizing)
      right_sizing.push_back({{"kind", s.kind}, {"id", s.id}, {"name", s.name}, {"hours", round2(s.hours)},
                              {"kwh", round2(s.kwh)}, {"detail", s.detail}});
    return ok(json::object{{"from", format_iso(from_unix(from), zone)},
                           {"to", format_iso(from_unix(to), zone)},
                           {"method", {{"energy", kEnergyMethod}, {"frequency", kFrequencyMethod},
                                       {"ghost_bookings", kGhostMethod},
                                       {"prime_time", to_string(money.prime)}}},
                           {"rooms", std::move(rooms)},
                           {"buildings", std::move(buildings)},
                           {"weeks", std::move(weeks)},
                           {"right_sizing", std::move(right_sizing)},
                           {"total", figures_json(u.total, money)},
                           {"heatmap", heatmap_json(u.heatmap)}});
  });
}

}  // namespace classroom
