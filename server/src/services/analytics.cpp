#include "services/analytics.hpp"

#include "domain/time.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace classroom {

std::int64_t local_midnight(std::int64_t now, const date::time_zone* zone) {
  return to_unix(local_day(local_date(now, zone), zone).start);
}

Figures& Figures::operator+=(const Figures& o) {
  usage += o.usage;
  energy += o.energy;
  registrar += o.registrar;
  return *this;
}

AnalyticsService::AnalyticsService(LogStore& logs, ClassroomStore& rooms, BuildingStore& buildings,
                                   DeviceStore& devices, BookingSpans& spans, PowerCommandStore& commands,
                                   Campus& campus, ReportWriter& writer, const Clock& clock,
                                   const date::time_zone* zone, AnalyticsSettings settings)
    : logs_(logs), rooms_(rooms), buildings_(buildings), devices_(devices), spans_(spans), commands_(commands),
      campus_(campus), writer_(writer), clock_(clock), zone_(zone), settings_(std::move(settings)) {}

namespace {

using Switches = std::vector<std::pair<std::int64_t, bool>>;

// Node power logs by room, oldest first.
std::map<std::int64_t, Switches> switches_by_room(const std::vector<PowerLogRow>& logs) {
  std::map<std::int64_t, Switches> out;
  for (const auto& l : logs)
    if (l.source == "device" && l.classroom_id) out[*l.classroom_id].emplace_back(l.logged_at, l.power_on);
  return out;
}

// The local weeks (from Monday 00:00) that make up [from, to), clipped to it.
std::vector<TimeRange> weeks_of(std::int64_t from, std::int64_t to, const date::time_zone* zone) {
  std::vector<TimeRange> out;
  auto day = date::sys_days{local_date(from, zone)};
  day -= date::days{days_after_monday(date::weekday{day})};
  for (auto start = from; start < to;) {
    day += date::days{7};
    auto next = std::min<std::int64_t>(to, to_unix(local_day(date::year_month_day{day}, zone).start));
    out.push_back({start, next});
    start = next;
  }
  return out;
}

// The elements of `v` (sorted by `key`) that touch [from, to): those inside, and the
// one on each side, which bounds how long its neighbour inside stands for.
template <class T, class Key>
std::vector<T> around(const std::vector<T>& v, TimeRange w, Key key) {
  auto first = std::lower_bound(v.begin(), v.end(), w.start, [&](const T& x, std::int64_t t) { return key(x) < t; });
  auto last = std::lower_bound(first, v.end(), w.end, [&](const T& x, std::int64_t t) { return key(x) < t; });
  if (first != v.begin()) --first;
  if (last != v.end()) ++last;
  return {first, last};
}

OpeningHours opening_of(const Building& b) {
  auto h = parse_opening_hours(b.opening_hours);
  return h.ok() ? h.value : parse_opening_hours(kDefaultOpeningHours).value;
}

// One room's whole history in the period, as the three calculations read it.
struct RoomHistory {
  std::vector<Sample> samples;
  std::vector<HourAggregate> hours;
  std::vector<TimeRange> bookings, overrides;
  std::vector<TimeRange> watched;  // the bookings and the no-shows released early, for the registrar
  Switches switches;
};

Figures figures_for(const RoomHistory& h, const Classroom& c, const OpeningHours& opening, const OpeningHours& prime,
                    TimeRange w, const date::time_zone* zone, Heatmap& heatmap) {
  auto at = [](const auto& x) { return x.at; };
  auto samples = around(h.samples, w, at);
  auto hours = around(h.hours, w, [](const HourAggregate& x) { return x.hour_start; });
  auto by_start = [](const TimeRange& x) { return x.start; };
  auto bookings = around(h.bookings, w, by_start);
  Figures f;
  RoomInput usage{samples, hours, bookings, around(h.switches, w, [](const auto& x) { return x.first; })};
  f.usage = room_usage(usage, w, zone, heatmap);
  f.energy = energy_saved(EnergyInput{samples, hours, h.overrides, opening, c.settings.rated_load_w}, w, zone);
  f.registrar =
      registrar_figures(RegistrarInput{samples, hours, around(h.watched, w, by_start), opening, prime, c.capacity}, w, zone);
  return f;
}

std::string clock_text(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

// Rooms in use less than 10 % of their open hours, rooms whose bookings are mostly
// ghosts, and buildings whose rooms are all empty well before closing.
std::vector<RightSizing> right_sizing(const Utilization& u, std::int64_t days) {
  std::vector<RightSizing> out;
  for (const auto& r : u.rooms) {
    const auto& f = r.figures;
    double idle_kwh = f.energy.load_w * f.usage.power_on_empty_s / 3600.0 / 1000.0;
    if (f.registrar.open_hours >= 10 && f.registrar.frequency() < 0.10)
      out.push_back({"room_rarely_used", r.room.id, r.room.name,
                     double(f.registrar.open_hours - f.registrar.used_hours), idle_kwh,
                     fmt::format("in use {:.0f} % of {} open hours", 100 * f.registrar.frequency(),
                                 f.registrar.open_hours)});
    if (f.registrar.bookings >= 3 && f.registrar.ghost_share() >= 0.5)
      out.push_back({"room_ghost_bookings", r.room.id, r.room.name, f.usage.booked_empty_s / 3600.0, idle_kwh,
                     fmt::format("{} of {} bookings nobody came to", f.registrar.ghost_bookings, f.registrar.bookings)});
  }
  for (const auto& b : u.buildings) {
    // The latest hour anyone was seen on an open weekday, against the weekday's close.
    double hours = 0;
    std::string detail;
    for (int d = 0; d < 7; ++d) {
      const auto& open = b.opening.days[d];
      int latest = b.figures.registrar.latest_presence_min[d];
      if (!open || latest < 0) continue;
      int could_close = std::min(open->close_min, (latest + 59) / 60 * 60);
      if (open->close_min - could_close < 60) continue;
      hours += (open->close_min - could_close) / 60.0 * std::max<std::int64_t>(1, days / 7);
      if (!detail.empty()) detail += ", ";
      detail += fmt::format("{} could close at {} instead of {}",
                            std::array{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}[d], clock_text(could_close),
                            clock_text(open->close_min));
    }
    if (hours > 0) out.push_back({"building_close_earlier", b.building.id, b.building.name, hours, 0, detail});
  }
  std::stable_sort(out.begin(), out.end(), [](const RightSizing& a, const RightSizing& b) { return a.hours > b.hours; });
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
    o.switch_offs_today += switch_offs(switches[c.id], {midnight, now + 1});
  }
  o.energy_saved_kwh_today = energy_today(now);
  for (const auto& d : devices_.list()) (d.is_connected ? o.devices_online : o.devices_offline) += 1;
  o.write_queue = static_cast<std::int64_t>(writer_.queued());
  o.journal_bytes = static_cast<std::int64_t>(writer_.journal_bytes());
  o.writes_quarantined = writer_.quarantined();
  o.database_degraded = writer_.degraded();
  return o;
}

double AnalyticsService::energy_today(std::int64_t now) {
  std::lock_guard lock(today_mutex_);
  if (now - today_at_ >= kTodayRefreshS || now < today_at_) {
    today_kwh_ = utilization(local_midnight(now, zone_), now + 1, std::nullopt).total.energy.kwh;
    today_at_ = now;
  }
  return today_kwh_;
}

Utilization AnalyticsService::utilization(std::int64_t from, std::int64_t to, std::optional<std::int64_t> only) {
  auto usage = logs_.usage_between(from - 300, to + 300, only);
  std::map<std::int64_t, std::vector<TimeRange>> booked, released;  // by room, by start
  for (const auto& b : spans_.held_between(from, to)) booked[b.classroom_id].push_back({b.start, b.end, b.id});
  for (const auto& b : spans_.released_between(from, to)) released[b.classroom_id].push_back({b.start, b.end, b.id});
  auto switches = switches_by_room(logs_.power_logs_between(from, to));
  auto commands = commands_.spans_between(from, to);
  auto weeks = weeks_of(from, to, zone_);

  Utilization out;
  std::map<std::int64_t, std::size_t> building_at;
  for (auto& b : buildings_.list()) {
    building_at[b.id] = out.buildings.size();
    auto opening = opening_of(b);
    out.buildings.push_back({std::move(b), opening, {}});
  }
  for (const auto& w : weeks) out.weeks.push_back({w.start, {}});
  const OpeningHours default_opening = parse_opening_hours(kDefaultOpeningHours).value;

  for (auto& c : rooms_.list(false)) {
    if (only && c.id != *only) continue;
    RoomHistory h;
    if (auto it = usage.find(c.id); it != usage.end()) {
      for (const auto& s : it->second.samples) h.samples.push_back({s.at, s.occupied, s.power_on, s.power_w});
      for (auto [start, occ, on] : it->second.hours) h.hours.push_back({start, occ, on});
    }
    h.bookings = std::move(booked[c.id]);
    h.watched = h.bookings;
    h.watched.insert(h.watched.end(), released[c.id].begin(), released[c.id].end());
    std::sort(h.watched.begin(), h.watched.end(), [](const TimeRange& a, const TimeRange& b) { return a.start < b.start; });
    h.switches = std::move(switches[c.id]);
    h.overrides = override_spans(commands[c.id]);

    auto b = c.building_id ? building_at.find(*c.building_id) : building_at.end();
    const auto& opening = b != building_at.end() ? out.buildings[b->second].opening : default_opening;
    Figures total;
    for (std::size_t i = 0; i < weeks.size(); ++i) {
      auto f = figures_for(h, c, opening, settings_.prime, weeks[i], zone_, out.heatmap);
      out.weeks[i].figures += f;
      total += f;
    }
    if (b != building_at.end()) out.buildings[b->second].figures += total;
    out.total += total;
    out.rooms.push_back({std::move(c), total});
  }
  out.right_sizing = right_sizing(out, (to - from) / 86400);
  return out;
}

}  // namespace classroom
