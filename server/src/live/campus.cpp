#include "live/campus.hpp"

#include "auth/password.hpp"
#include "domain/time.hpp"
#include "http/errors.hpp"

#include <algorithm>
#include <cmath>

namespace classroom {

namespace json = boost::json;

namespace {
json::value iso_or_null(std::optional<std::int64_t> t, const date::time_zone* zone) {
  if (!t) return nullptr;
  return json::string(format_iso(from_unix(*t), zone));
}
}  // namespace

json::object command_json(const PowerCommand& c, const date::time_zone* zone) {
  return {{"id", c.id},
          {"power_on", c.power_on},
          {"state", c.state},
          {"source", c.source},
          {"created_at", iso_or_null(c.created_at, zone)},
          {"expires_at", iso_or_null(c.expires_at, zone)},
          {"applied_at", iso_or_null(c.applied_at, zone)}};
}

json::object live_status_json(const RoomLive& live, const date::time_zone* zone) {
  return {{"device_online", live.device_online},
          {"is_booked", live.decision.is_booked},
          {"power_reason", live.decision.reason},
          {"desired_power_on", live.decision.power_on},
          {"pending_command", live.command ? json::value(command_json(*live.command, zone)) : json::value(nullptr)}};
}

void Campus::load(const std::vector<LiveDevice>& devices, const std::vector<Classroom>& rooms,
                  const std::vector<BookingSpan>& bookings, const std::vector<PowerCommand>& commands) {
  {
    std::lock_guard g(mu_);
    devices_.clear();
    for (const auto& d : devices) devices_[d.device_id] = DeviceState{d};
    std::unordered_map<std::int64_t, RoomState> next;
    for (const auto& c : rooms) {
      RoomState r{c, std::nullopt, c.status.temperature, std::nullopt, c.status.power_reason};
      if (auto old = rooms_.find(c.id); old != rooms_.end()) r.observed = old->second.observed;
      else if (c.status.last_report_at)
        r.observed = Observation{c.status.is_occupied, c.status.is_power_on, c.status.last_movement,
                                 *c.status.last_report_at};
      next[c.id] = std::move(r);
    }
    rooms_ = std::move(next);
    for (const auto& c : commands)
      if (auto it = rooms_.find(c.classroom_id); it != rooms_.end()) it->second.command = c;
  }
  set_bookings(bookings);
}

void Campus::upsert_device(const LiveDevice& d) {
  std::lock_guard g(mu_);
  auto& state = devices_[d.device_id];
  bool was_connected = state.info.is_connected;
  auto last_seen = state.info.last_seen;
  auto last_seq = state.info.last_seq;
  state.info = d;
  state.info.last_seq = std::max(last_seq, d.last_seq);
  // Contact seen here is newer than what the database had.
  if (last_seen && (!d.last_seen || *last_seen > *d.last_seen)) {
    state.info.last_seen = last_seen;
    state.info.is_connected = was_connected;
  }
}

void Campus::remove_device(const std::string& device_id) {
  std::lock_guard g(mu_);
  devices_.erase(device_id);
}

void Campus::upsert_room(const Classroom& c) {
  std::lock_guard g(mu_);
  auto link = [&](const std::optional<std::string>& device_id, std::optional<std::int64_t> room) {
    if (!device_id) return;
    if (auto d = devices_.find(*device_id); d != devices_.end()) d->second.info.classroom_id = room;
  };
  auto it = rooms_.find(c.id);
  if (it == rooms_.end()) {
    it = rooms_.emplace(c.id, RoomState{c, std::nullopt, c.status.temperature, std::nullopt, c.status.power_reason}).first;
  } else {
    link(it->second.room.esp_device_id, std::nullopt);
    it->second.room = c;  // settings and device link change; the live observation stays
  }
  link(c.esp_device_id, c.is_active ? std::optional(c.id) : std::nullopt);
}

void Campus::remove_room(std::int64_t classroom_id) {
  std::lock_guard g(mu_);
  for (auto& [id, d] : devices_)
    if (d.info.classroom_id == classroom_id) d.info.classroom_id.reset();
  rooms_.erase(classroom_id);
  bookings_.erase(classroom_id);
}

void Campus::set_bookings(const std::vector<BookingSpan>& bookings) {
  std::unordered_map<std::int64_t, std::vector<TimeRange>> by_room;
  for (const auto& b : bookings) by_room[b.classroom_id].push_back({b.start, b.end});
  for (auto& [room, list] : by_room)
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  std::lock_guard g(mu_);
  bookings_ = std::move(by_room);
}

DeviceCaller Campus::authenticate(const std::string& device_id, const std::string& api_key) const {
  if (device_id.empty() || api_key.empty()) throw Unauthorized("X-Device-ID and X-API-Key headers are required");
  auto hash = sha256_hex(api_key);
  std::lock_guard g(mu_);
  auto it = devices_.find(device_id);
  if (it == devices_.end() || !equal_secret(hash, it->second.info.key_hash))
    throw Unauthorized("Unknown device or wrong API key");
  if (!it->second.info.is_active) throw Unauthorized("Device is deactivated");
  return DeviceCaller{device_id};
}

PowerInputs Campus::inputs_for(const RoomState& r, std::int64_t now) const {
  PowerInputs in;
  in.settings = r.room.settings;
  in.observed = r.observed;
  in.now = now;
  in.stale_after_s = std::max<std::int64_t>(opts_.offline_after_s, 2 * opts_.report_interval_s);
  if (r.command) in.manual = Override{r.command->power_on, r.command->expires_at};
  if (auto it = bookings_.find(r.room.id); it != bookings_.end()) {
    for (const auto& b : it->second) {
      if (b.end <= now) continue;
      if (b.start <= now) in.current_booking = b;
      else if (!in.next_booking) in.next_booking = b;
      if (in.next_booking) break;
    }
  }
  return in;
}

RoomLive Campus::live_of(const RoomState& r, std::int64_t now) const {
  RoomLive live;
  live.classroom_id = r.room.id;
  live.device_id = r.room.esp_device_id;
  if (live.device_id)
    if (auto d = devices_.find(*live.device_id); d != devices_.end()) live.device_online = d->second.info.is_connected;
  live.observed = r.observed;
  live.temperature = r.temperature;
  live.decision = decide_power(inputs_for(r, now));
  if (r.command && r.command->expires_at > now) live.command = r.command;
  return live;
}

json::object Campus::room_event(const RoomState& r, std::int64_t now) const {
  auto live = live_of(r, now);
  json::object status = live_status_json(live, opts_.zone);
  const auto& o = r.observed;
  status["is_occupied"] = o ? o->is_occupied : false;
  status["is_power_on"] = o ? o->is_power_on : false;
  status["last_movement"] = o && o->last_movement ? json::value(*o->last_movement) : json::value(nullptr);
  status["temperature"] = r.temperature ? json::value(std::round(*r.temperature * 10.0) / 10.0) : json::value(nullptr);
  status["last_updated"] = iso_or_null(o ? std::optional(o->at) : std::nullopt, opts_.zone);
  return {{"type", "room_status"}, {"classroom_id", r.room.id}, {"status", std::move(status)}};
}

void Campus::set_online(DeviceState& d, bool online) {
  if (d.info.is_connected == online) return;
  d.info.is_connected = online;
  publish_({{"type", "device"}, {"device_id", d.info.device_id}, {"online", online},
            {"classroom_id", d.info.classroom_id ? json::value(*d.info.classroom_id) : json::value(nullptr)}},
           true);
}

ReportOutcome Campus::report(const std::string& device_id, const Report& r, std::int64_t now) {
  ReportOutcome out;
  std::optional<json::object> event;
  {
    std::lock_guard g(mu_);
    auto& dev = devices_.at(device_id);  // authenticated just before
    dev.info.last_seen = now;
    set_online(dev, true);
    if (r.seq && *r.seq <= dev.info.last_seq && dev.info.last_seq > 0) out.duplicate = true;
    if (r.seq && !out.duplicate) dev.info.last_seq = *r.seq;

    RoomState* room = nullptr;
    if (dev.info.classroom_id)
      if (auto it = rooms_.find(*dev.info.classroom_id); it != rooms_.end()) room = &it->second;

    out.write = StatusWrite{std::nullopt, device_id, r.is_occupied, r.is_power_on, r.last_movement, r.temperature,
                            "", now, r.device_time, r.seq};
    if (!room) {
      out.decision = PowerDecision{r.is_power_on, "no_room", false, std::nullopt};
    } else {
      if (!out.duplicate) {
        bool changed = !room->observed || room->observed->is_occupied != r.is_occupied ||
                       room->observed->is_power_on != r.is_power_on;
        room->observed = Observation{r.is_occupied, r.is_power_on, r.last_movement, now};
        if (r.temperature) {
          if (!room->temperature || std::fabs(*room->temperature - *r.temperature) >= 0.5) changed = true;
          room->temperature = r.temperature;
        }
        // The node reporting the commanded state counts as applied (first firmware sends no power log).
        if (room->command && room->command->state == "pending" && room->command->power_on == r.is_power_on) {
          room->command->state = "applied";
          room->command->applied_at = now;
        }
        out.decision = decide_power(inputs_for(*room, now));
        if (out.decision.reason != room->last_reason) changed = true;
        room->last_reason = out.decision.reason;
        if (changed) event = room_event(*room, now);
      } else {
        out.decision = decide_power(inputs_for(*room, now));
      }
      out.write.classroom_id = room->room.id;
      out.write.power_reason = out.decision.reason;
      if (room->command && room->command->expires_at > now && room->command->state == "pending")
        out.command = room->command;
    }
    out.next_report_s = opts_.report_interval_s;
    if (out.decision.changes_in_s && *out.decision.changes_in_s > 0)
      out.next_report_s = std::clamp<std::int64_t>(*out.decision.changes_in_s + 1, 10, opts_.report_interval_s);
  }
  if (event) publish_(std::move(*event), false);
  return out;
}

void Campus::touch(const std::string& device_id, std::int64_t now) {
  std::lock_guard g(mu_);
  auto it = devices_.find(device_id);
  if (it == devices_.end()) return;
  it->second.info.last_seen = now;
  set_online(it->second, true);
}

std::optional<PowerCommand> Campus::confirm_power(const std::string& device_id, bool power_on,
                                                  std::optional<std::int64_t> command_id, std::int64_t now) {
  std::optional<PowerCommand> applied;
  std::optional<json::object> event;
  {
    std::lock_guard g(mu_);
    auto dev = devices_.find(device_id);
    if (dev == devices_.end() || !dev->second.info.classroom_id) return std::nullopt;
    auto room = rooms_.find(*dev->second.info.classroom_id);
    if (room == rooms_.end()) return std::nullopt;
    auto& cmd = room->second.command;
    if (room->second.observed) room->second.observed->is_power_on = power_on;
    if (cmd && cmd->state == "pending" && cmd->power_on == power_on && (!command_id || *command_id == cmd->id)) {
      cmd->state = "applied";
      cmd->applied_at = now;
      applied = cmd;
    }
    event = room_event(room->second, now);
  }
  if (applied)
    publish_({{"type", "power"}, {"classroom_id", applied->classroom_id}, {"device_id", device_id},
              {"power_on", applied->power_on}, {"state", "applied"}, {"command_id", applied->id}},
             false);
  if (event) publish_(std::move(*event), false);
  return applied;
}

void Campus::set_commands(const std::vector<PowerCommand>& live, std::int64_t now) {
  std::vector<PowerCommand> fresh;
  {
    std::lock_guard g(mu_);
    std::unordered_map<std::int64_t, const PowerCommand*> by_room;
    for (const auto& c : live)
      if (c.expires_at > now) by_room[c.classroom_id] = &c;
    for (auto& [id, r] : rooms_) {
      auto it = by_room.find(id);
      if (it == by_room.end()) {
        r.command.reset();
      } else if (!r.command || r.command->id != it->second->id) {
        fresh.push_back(*it->second);
      } else if (it->second->state == "applied") {
        r.command = *it->second;
      }
    }
  }
  for (const auto& c : fresh) command_created(c, false);
}

void Campus::command_created(const PowerCommand& c, bool publish) {
  std::vector<Waiter> woken;
  {
    std::lock_guard g(mu_);
    if (auto it = rooms_.find(c.classroom_id); it != rooms_.end()) it->second.command = c;
    if (auto w = waiters_.find(c.device_id); w != waiters_.end()) {
      woken = std::move(w->second);
      waiters_.erase(w);
    }
  }
  for (auto& w : woken) w.done(c);
  if (!publish) return;
  publish_({{"type", "power"}, {"classroom_id", c.classroom_id}, {"device_id", c.device_id}, {"power_on", c.power_on},
            {"state", "pending"}, {"command_id", c.id}},
           false);
}

void Campus::commands_cancelled(std::int64_t classroom_id) {
  std::lock_guard g(mu_);
  if (auto it = rooms_.find(classroom_id); it != rooms_.end()) it->second.command.reset();
}

std::optional<PowerCommand> Campus::pending_command_for(const std::string& device_id, std::int64_t now) const {
  std::lock_guard g(mu_);
  auto dev = devices_.find(device_id);
  if (dev == devices_.end() || !dev->second.info.classroom_id) return std::nullopt;
  auto room = rooms_.find(*dev->second.info.classroom_id);
  if (room == rooms_.end() || !room->second.command) return std::nullopt;
  const auto& c = *room->second.command;
  if (c.state != "pending" || c.expires_at <= now) return std::nullopt;
  return c;
}

void Campus::wait_for_command(const std::string& device_id, std::int64_t deadline_ms,
                              std::function<void(std::optional<PowerCommand>)> done) {
  std::lock_guard g(mu_);
  waiters_[device_id].push_back({deadline_ms, std::move(done)});
}

void Campus::tick(std::int64_t now, std::int64_t now_ms) {
  std::vector<Waiter> expired;
  {
    std::lock_guard g(mu_);
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      auto& list = it->second;
      auto keep = std::partition(list.begin(), list.end(), [&](const Waiter& w) { return w.deadline_ms > now_ms; });
      for (auto e = keep; e != list.end(); ++e) expired.push_back(std::move(*e));
      list.erase(keep, list.end());
      it = list.empty() ? waiters_.erase(it) : std::next(it);
    }
    for (auto& [id, r] : rooms_)
      if (r.command && r.command->expires_at <= now) r.command.reset();
  }
  for (auto& w : expired) w.done(std::nullopt);
}

void Campus::mark_offline(const std::string& device_id) {
  std::lock_guard g(mu_);
  if (auto it = devices_.find(device_id); it != devices_.end()) set_online(it->second, false);
}

std::optional<RoomLive> Campus::room(std::int64_t classroom_id, std::int64_t now) const {
  std::lock_guard g(mu_);
  auto it = rooms_.find(classroom_id);
  if (it == rooms_.end()) return std::nullopt;
  return live_of(it->second, now);
}

std::map<std::int64_t, RoomLive> Campus::rooms(std::int64_t now) const {
  std::lock_guard g(mu_);
  std::map<std::int64_t, RoomLive> out;
  for (const auto& [id, r] : rooms_) out.emplace(id, live_of(r, now));
  return out;
}

std::optional<std::int64_t> Campus::room_of(const std::string& device_id) const {
  std::lock_guard g(mu_);
  auto it = devices_.find(device_id);
  if (it == devices_.end()) return std::nullopt;
  return it->second.info.classroom_id;
}

}  // namespace classroom

namespace classroom {

std::int64_t Campus::last_seq(const std::string& device_id) const {
  std::lock_guard g(mu_);
  auto it = devices_.find(device_id);
  return it == devices_.end() ? 0 : it->second.info.last_seq;
}

}  // namespace classroom
