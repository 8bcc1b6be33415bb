#include "services/analytics.hpp"

#include "domain/time.hpp"

#include <date/tz.h>

#include <map>

namespace classroom {

std::int64_t local_midnight(std::int64_t now, const date::time_zone* zone) {
  return to_unix(local_day(local_date(now, zone), zone).start);
}

AnalyticsService::AnalyticsService(LogStore& logs, ClassroomStore& rooms, DeviceStore& devices, BookingSpans& spans,
                                   Campus& campus, ReportWriter& writer, const Clock& clock,
                                   const date::time_zone* zone)
    : logs_(logs), rooms_(rooms), devices_(devices), spans_(spans), campus_(campus), writer_(writer), clock_(clock),
      zone_(zone) {}

namespace {
// Node power logs by room, oldest first.
std::map<std::int64_t, std::vector<std::pair<std::int64_t, bool>>> switches_by_room(const std::vector<PowerLogRow>& logs) {
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, bool>>> out;
  for (const auto& l : logs)
    if (l.source == "device" && l.classroom_id) out[*l.classroom_id].emplace_back(l.logged_at, l.power_on);
  return out;
}
}  // namespace

Overview AnalyticsService::overview() {
  auto now = clock_.now();
  auto live = campus_.rooms(now);
  auto midnight = local_midnight(now, zone_);
  auto switches = switches_by_room(logs_.power_logs_between(midnight, now + 1));
  Overview o;
  // One source for the live state: the campus, as the dashboards see it.
  for (const auto& c : rooms_.list(true)) {
    ++o.rooms_total;
    auto it = live.find(c.id);
    if (it == live.end()) continue;
    const auto& l = it->second;
    bool occupied = l.observed && l.observed->is_occupied, on = l.observed && l.observed->is_power_on;
    o.rooms_occupied += occupied;
    o.rooms_power_on += on;
    o.rooms_idle_power_on += !occupied && on;
    o.rooms_booked_now += l.decision.is_booked;
    o.rooms_sensor_fault += !l.sensor_fault.empty();
    auto offs = switch_offs(switches[c.id], c.settings.rated_load_w, {midnight, now + 1}, now);
    o.switch_offs_today += offs.count;
    o.energy_saved_kwh_today += offs.kwh;
  }
  for (const auto& d : devices_.list()) (d.is_connected ? o.devices_online : o.devices_offline) += 1;
  o.write_queue = static_cast<std::int64_t>(writer_.queued());
  o.journal_bytes = static_cast<std::int64_t>(writer_.journal_bytes());
  o.writes_quarantined = writer_.quarantined();
  o.database_degraded = writer_.degraded();
  return o;
}

Utilization AnalyticsService::utilization(std::int64_t from, std::int64_t to, std::optional<std::int64_t> only) {
  auto usage = logs_.usage_between(from - 300, to, only);
  auto booked = spans_.held_between(from, to);
  auto switches = switches_by_room(logs_.power_logs_between(from, to));
  auto now = clock_.now();
  Utilization out;
  for (auto& c : rooms_.list(false)) {
    if (only && c.id != *only) continue;
    RoomInput in;
    in.rated_load_w = c.settings.rated_load_w;
    if (auto it = usage.find(c.id); it != usage.end()) {
      for (auto [at, occ, on] : it->second.samples) in.samples.push_back({at, occ, on});
      for (auto [start, occ, on] : it->second.hours) in.hours.push_back({start, occ, on});
    }
    for (const auto& b : booked)
      if (b.classroom_id == c.id) in.bookings.push_back({b.start, b.end, b.id});
    in.power_switches = switches[c.id];
    in.now = now;  // a room still off saves energy until now, not until the period's end
    auto u = room_usage(in, {from, to}, zone_, out.heatmap);
    out.total += u;
    out.rooms.push_back({std::move(c), u});
  }
  return out;
}

}  // namespace classroom
