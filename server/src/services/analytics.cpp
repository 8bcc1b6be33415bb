#include "services/analytics.hpp"

#include "domain/time.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <map>
#include <thread>

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

// How long a report stands for the room's state (the nodes report every two minutes).
constexpr std::int64_t kMaxGapS = 300;

Figures figures_for(const RoomHistory& h, const Classroom& c, const OpeningHours& opening, const OpeningHours& prime,
                    TimeRange w, const date::time_zone* zone, Heatmap& heatmap) {
  auto at = [](const auto& x) { return x.at; };
  auto samples = around(h.samples, w, at);
  auto hours = around(h.hours, w, [](const HourAggregate& x) { return x.hour_start; });
  auto by_start = [](const TimeRange& x) { return x.start; };
  auto bookings = around(h.bookings, w, by_start);
  // One timeline of the week for the energy and the registrar's figures.
  auto timeline = observed_timeline(samples, hours, w, kMaxGapS);
  Figures f;
  RoomInput usage{samples, std::move(hours), std::move(bookings), around(h.switches, w, [](const auto& x) { return x.first; })};
  f.usage = room_usage(usage, w, zone, heatmap, kMaxGapS);
  f.energy = energy_saved(EnergyInput{std::move(usage.samples), {}, h.overrides, opening, c.settings.rated_load_w},
                          timeline, w, zone);
  f.registrar = registrar_figures(RegistrarInput{{}, {}, around(h.watched, w, by_start), opening, prime, c.capacity},
                                  timeline, w, zone);
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
  auto rooms = rooms_.list(false);
  if (only) std::erase_if(rooms, [&](const Classroom& c) { return c.id != *only; });
  std::map<std::int64_t, std::size_t> listed_at;  // the answer keeps the rooms' listed order
  for (std::size_t i = 0; i < rooms.size(); ++i) listed_at[rooms[i].id] = i;
  std::stable_sort(rooms.begin(), rooms.end(), [](const Classroom& a, const Classroom& b) { return a.id < b.id; });
  Shared shared;
  shared.weeks = weeks_of(from, to, zone_);
  shared.period = {from, to};

  // A long period of a large campus is split by room over the machine's cores: each part
  // reads its rooms' history on its own connection while this thread reads what all rooms
  // share; the dashboard's "today" stays whole.
  std::size_t parts = rooms.size() * shared.weeks.size() >= kRoomWeeksPerPart
                          ? std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, kMaxParts)
                          : 1;
  parts = std::max<std::size_t>(1, std::min(parts, rooms.size()));
  auto slice = [&](std::size_t k) {
    return std::span<const Classroom>(rooms).subspan(k * rooms.size() / parts,
                                                     (k + 1) * rooms.size() / parts - k * rooms.size() / parts);
  };
  std::promise<void> shared_read;
  std::shared_future<void> ready = shared_read.get_future().share();
  std::vector<std::future<Part>> pending;
  for (std::size_t k = 0; k < parts; ++k)
    pending.push_back(std::async(std::launch::async, [this, &shared, ready, part = slice(k)] {
      auto usage = part.empty() ? std::map<std::int64_t, LogStore::RoomSamples>{}
                                : logs_.usage_between(shared.period.start - 300, shared.period.end + 300,
                                                      part.front().id, part.back().id);
      ready.get();
      return figures_of(part, std::move(usage), shared);
    }));

  Utilization out;
  try {
    // What every room shares: the bookings, the node power logs and the overrides of the period.
    for (const auto& b : spans_.held_between(from, to)) shared.booked[b.classroom_id].push_back({b.start, b.end, b.id});
    for (const auto& b : spans_.released_between(from, to))
      shared.released[b.classroom_id].push_back({b.start, b.end, b.id});
    shared.switches = switches_by_room(logs_.power_logs_between(from, to));
    shared.commands = commands_.spans_between(from, to);
    for (auto& b : buildings_.list()) {
      shared.building_at[b.id] = out.buildings.size();
      auto opening = opening_of(b);
      shared.opening.push_back(opening);
      out.buildings.push_back({std::move(b), opening, {}});
    }
    shared_read.set_value();
  } catch (...) {
    shared_read.set_exception(std::current_exception());
    for (auto& p : pending) p.wait();
    throw;
  }
  for (const auto& w : shared.weeks) out.weeks.push_back({w.start, {}});

  for (auto& pending_part : pending) {
    auto part = pending_part.get();
    for (std::size_t i = 0; i < part.weeks.size(); ++i) out.weeks[i].figures += part.weeks[i];
    for (std::size_t i = 0; i < part.buildings.size(); ++i) out.buildings[i].figures += part.buildings[i];
    out.heatmap += part.heatmap;
    out.total += part.total;
    for (auto& r : part.rooms) out.rooms.push_back(std::move(r));
  }
  std::sort(out.rooms.begin(), out.rooms.end(), [&](const RoomUtilization& a, const RoomUtilization& b) {
    return listed_at.at(a.room.id) < listed_at.at(b.room.id);
  });
  out.right_sizing = right_sizing(out, (to - from) / 86400);
  return out;
}

AnalyticsService::Part AnalyticsService::figures_of(std::span<const Classroom> rooms,
                                                    std::map<std::int64_t, LogStore::RoomSamples> usage,
                                                    const Shared& shared) {
  Part part;
  part.weeks.resize(shared.weeks.size());
  part.buildings.resize(shared.opening.size());
  const OpeningHours default_opening = parse_opening_hours(kDefaultOpeningHours).value;
  auto list = [](const auto& by_room, std::int64_t id) {
    auto it = by_room.find(id);
    return it == by_room.end() ? std::decay_t<decltype(it->second)>{} : it->second;
  };
  for (const auto& c : rooms) {
    RoomHistory h;
    if (auto it = usage.find(c.id); it != usage.end()) {
      for (const auto& s : it->second.samples) h.samples.push_back({s.at, s.occupied, s.power_on, s.power_w});
      h.hours.reserve(it->second.hours.size());
      for (auto [start, occ, on] : it->second.hours) h.hours.push_back({start, occ, on});
      usage.erase(it);
    }
    h.bookings = list(shared.booked, c.id);
    h.watched = h.bookings;
    auto released = list(shared.released, c.id);
    h.watched.insert(h.watched.end(), released.begin(), released.end());
    std::sort(h.watched.begin(), h.watched.end(), [](const TimeRange& a, const TimeRange& b) { return a.start < b.start; });
    h.switches = list(shared.switches, c.id);
    h.overrides = override_spans(list(shared.commands, c.id));

    auto b = c.building_id ? shared.building_at.find(*c.building_id) : shared.building_at.end();
    const auto& opening = b != shared.building_at.end() ? shared.opening[b->second] : default_opening;
    Figures total;
    for (std::size_t i = 0; i < shared.weeks.size(); ++i) {
      auto f = figures_for(h, c, opening, settings_.prime, shared.weeks[i], zone_, part.heatmap);
      part.weeks[i] += f;
      total += f;
    }
    if (b != shared.building_at.end()) part.buildings[b->second] += total;
    part.total += total;
    part.rooms.push_back({c, total});
  }
  return part;
}

}  // namespace classroom
