#include "live/campus.hpp"

#include "domain/errors.hpp"
#include "domain/webhook_rules.hpp"

#include <algorithm>
#include <limits>

namespace classroom {

namespace {
bool pending(const std::unique_ptr<PowerCommand>& c) { return c && c->state == CommandState::pending; }

enum : std::uint8_t { kPresent = 1, kOccupied = 2, kPowerOn = 4, kSensorOk = 8, kMovement = 16 };
}  // namespace

Campus::PackedObservation::PackedObservation(const std::optional<Observation>& o) {
  if (!o) return;
  at_ = o->at;
  last_movement_ = static_cast<std::int32_t>(o->last_movement.value_or(0));
  flags_ = kPresent | (o->is_occupied ? kOccupied : 0) | (o->is_power_on ? kPowerOn : 0) |
           (o->sensor_ok ? kSensorOk : 0) | (o->last_movement ? kMovement : 0);
}

std::optional<Observation> Campus::PackedObservation::get() const {
  if (!(flags_ & kPresent)) return std::nullopt;
  return Observation{.is_occupied = (flags_ & kOccupied) != 0,
                     .is_power_on = (flags_ & kPowerOn) != 0,
                     .last_movement = flags_ & kMovement ? std::optional<std::int64_t>(last_movement_) : std::nullopt,
                     .at = at_,
                     .sensor_ok = (flags_ & kSensorOk) != 0};
}

void Campus::PackedObservation::set_power_on(bool on) {
  if (flags_ & kPresent) flags_ = on ? (flags_ | kPowerOn) : (flags_ & ~kPowerOn);
}

void Campus::Snapshot::reserve(std::size_t devices, std::size_t rooms) {
  devices_.reserve(devices);
  rooms_.reserve(rooms);
}

Campus::DeviceState Campus::device_state(const LiveDevice& d) {
  DeviceState state;
  auto key = sha256_from_hex(d.key_hash);
  state.has_key = key.has_value();
  state.key = key.value_or(Sha256{});
  state.last_seen = d.last_seen.value_or(0);
  state.last_seq = d.last_seq;
  state.classroom_id = d.classroom_id.value_or(0);
  state.is_active = d.is_active;
  state.is_connected = d.is_connected;
  return state;
}

Campus::RoomState Campus::room_state(const LiveRoom& c) {
  RoomState r;
  r.room = c.setup;
  const auto& status = c.status;
  r.temperature = status.temperature;
  r.last_reason = parse_reason(status.power_reason);
  if (status.last_report_at)
    r.observed = PackedObservation(Observation{.is_occupied = status.is_occupied,
                                               .is_power_on = status.is_power_on,
                                               .last_movement = status.last_movement,
                                               .at = *status.last_report_at});
  r.notified = r.observed;
  return r;
}

void Campus::Snapshot::add(const LiveDevice& d) { devices_[d.device_id] = device_state(d); }

void Campus::Snapshot::add(const LiveRoom& c) { rooms_[c.setup.id] = room_state(c); }

std::unique_lock<std::mutex> Campus::changing() {
  std::unique_lock g(mu_);
  ++version_;
  return g;
}

void Campus::load(Snapshot next, const std::vector<BookingSpan>& bookings, const std::vector<PowerCommand>& commands) {
  {
    auto g = changing();
    // What this instance saw is newer than what the database had.
    for (auto& [id, d] : next.devices_)
      if (auto old = devices_.find(id); old != devices_.end()) d.last_seq = std::max(old->second.last_seq, d.last_seq);
    for (auto& [id, r] : next.rooms_)
      if (auto old = rooms_.find(id); old != rooms_.end()) {
        r.observed = old->second.observed;
        r.notified = old->second.notified;
        r.temperature = old->second.temperature;
        r.last_reason = old->second.last_reason;
        r.sensor_fault = std::move(old->second.sensor_fault);
      }
    devices_ = std::move(next.devices_);
    rooms_ = std::move(next.rooms_);
    next_command_expiry_ = std::numeric_limits<std::int64_t>::max();
    for (const auto& c : commands)
      if (auto it = rooms_.find(c.classroom_id); it != rooms_.end()) give_command(it->second, c);
  }
  set_bookings(bookings);
}

void Campus::upsert_device(const LiveDevice& d) {
  const auto fresh = device_state(d);
  auto g = changing();
  auto [it, added] = devices_.try_emplace(d.device_id, fresh);
  if (added) return;
  auto& state = it->second;
  const auto seen = state;
  state = fresh;
  state.last_seq = std::max(seen.last_seq, fresh.last_seq);
  if (seen.last_seen && (!fresh.last_seen || seen.last_seen > fresh.last_seen)) {
    state.last_seen = seen.last_seen;
    state.is_connected = seen.is_connected;
  }
}

void Campus::remove_device(const std::string& device_id) {
  auto g = changing();
  devices_.erase(device_id);
}

void Campus::upsert_room(const LiveRoom& live) {
  const auto& c = live.setup;
  auto g = changing();
  auto link = [&](const std::string& device_id, std::int64_t room) {
    if (device_id.empty()) return;
    if (auto d = devices_.find(device_id); d != devices_.end()) d->second.classroom_id = room;
  };
  auto it = rooms_.find(c.id);
  if (it == rooms_.end()) {
    it = rooms_.emplace(c.id, room_state(live)).first;
  } else {
    link(it->second.room.esp_device_id, 0);
    it->second.room = c;  // settings and device link change; the live observation stays
  }
  link(c.esp_device_id, c.is_active ? c.id : 0);
}

void Campus::remove_room(std::int64_t classroom_id) {
  auto g = changing();
  for (auto& [id, d] : devices_)
    if (d.classroom_id == classroom_id) d.classroom_id = 0;
  rooms_.erase(classroom_id);
  bookings_.erase(classroom_id);
}

void Campus::set_bookings(const std::vector<BookingSpan>& bookings) {
  std::unordered_map<std::int64_t, std::vector<TimeRange>> by_room;
  for (const auto& b : bookings) by_room[b.classroom_id].push_back({b.start, b.end, b.id});
  for (auto& [room, list] : by_room)
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  auto g = changing();
  bookings_ = std::move(by_room);
}

PowerInputs Campus::inputs_for(const RoomState& r, const std::optional<Observation>& observed, std::int64_t now) const {
  PowerInputs in;
  in.settings = r.room.settings;
  in.observed = observed;
  in.now = now;
  in.stale_after_s = std::max<std::int64_t>(opts_.offline_after_s, 2 * opts_.report_interval_s);
  if (r.command) in.manual = Override{r.command->power_on, r.command->expires_at, r.command->booking_id};
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
  if (!r.room.esp_device_id.empty()) {
    live.device_id = r.room.esp_device_id;
    if (auto d = devices_.find(r.room.esp_device_id); d != devices_.end()) live.device_online = d->second.is_connected;
  }
  live.observed = r.observed.get();
  live.temperature = r.temperature;
  live.sensor_fault = r.sensor_fault;
  auto in = inputs_for(r, live.observed, now);
  live.decision = decide_power(in);
  if (r.command && in.manual && override_holds(*in.manual, in.current_booking, now)) live.command = *r.command;
  return live;
}

Campus::RoomState* Campus::room_of_device(const DeviceState& d) {
  if (!d.classroom_id) return nullptr;
  auto it = rooms_.find(d.classroom_id);
  return it == rooms_.end() ? nullptr : &it->second;
}

void Campus::set_online(const std::string& id, DeviceState& d, bool online, std::vector<Connectivity>& changed) {
  if (d.is_connected == online) return;
  d.is_connected = online;
  changed.push_back({id, online, d.room()});
}

void Campus::announce_connectivity(const std::vector<Connectivity>& changed) {
  if (!on_connectivity_) return;
  for (const auto& c : changed) on_connectivity_(c.device_id, c.online, c.classroom_id);
}

DeviceCaller Campus::authenticate(const std::string& device_id, const std::string& api_key) const {
  if (device_id.empty() || api_key.empty()) throw Unauthorized("X-Device-ID and X-API-Key headers are required");
  const auto hash = sha256(api_key);
  auto bytes = [](const Sha256& h) { return std::string_view(reinterpret_cast<const char*>(h.data()), h.size()); };
  std::lock_guard g(mu_);
  auto it = devices_.find(device_id);
  if (it == devices_.end() || !it->second.has_key || !equal_secret(bytes(hash), bytes(it->second.key)))
    throw Unauthorized("Unknown device or wrong API key");
  if (!it->second.is_active) throw Unauthorized("Device is deactivated");
  return DeviceCaller{device_id};
}

ReportOutcome Campus::evaluate(const std::string& device_id, const Report& r, std::int64_t now) {
  ReportOutcome out;
  out.device_id = device_id;
  out.report = r;
  out.now = now;
  std::vector<Connectivity> changed;
  {
    auto g = changing();
    auto& dev = devices_.at(device_id);  // authenticated just before
    dev.last_seen = now;
    set_online(device_id, dev, true, changed);
    out.came_online = !changed.empty();
    auto verdict = judge_report(r, dev.last_seq, now);
    out.duplicate = verdict.duplicate;
    out.previous_seq = dev.last_seq;
    if (r.seq && !out.duplicate) dev.last_seq = *r.seq;  // reserved; refused() gives it back
    out.last_seq = dev.last_seq;

    out.write = StatusWrite{std::nullopt, device_id, r.is_occupied, r.is_power_on, r.last_movement, r.temperature,
                            "", verdict.stored_at, r.device_time, r.seq, r.power_w};
    if (RoomState* room = room_of_device(dev)) {
      auto in = inputs_for(*room, out.duplicate ? room->observed.get() : std::optional(verdict.observed), now);
      out.decision = decide_power(in);
      out.write.classroom_id = room->room.id;
      if (!out.duplicate) {
        out.notified_before = room->notified.get();
        out.transitions = room_transitions(out.notified_before, r);
        room->notified = PackedObservation(verdict.observed);
      }
      if (pending(room->command) && in.manual && override_holds(*in.manual, in.current_booking, now))
        out.command = *room->command;
    } else {
      out.decision = PowerDecision{r.is_power_on, PowerReason::no_room, false, std::nullopt};
    }
    out.write.power_reason = std::string(reason_name(out.decision.reason));
    out.next_report_s = next_report_s(out.decision, opts_.report_interval_s);
  }
  announce_connectivity(changed);
  return out;
}

std::optional<RoomLive> Campus::accepted(const ReportOutcome& out) {
  auto g = changing();
  auto dev = devices_.find(out.device_id);
  if (dev == devices_.end() || out.duplicate) return std::nullopt;
  RoomState* room = room_of_device(dev->second);
  if (!room || room->room.id != out.write.classroom_id) return std::nullopt;
  const auto& r = out.report;
  bool announce = worth_announcing(room->memory(), r, out.decision.reason);
  room->observed = PackedObservation(Observation{r.is_occupied, r.is_power_on, r.last_movement, out.now, r.sensor_ok});
  if (r.temperature) room->temperature = r.temperature;
  room->last_reason = out.decision.reason;
  room->sensor_fault = r.sensor_ok ? std::string() : (r.sensor_fault.empty() ? "sensor fault" : r.sensor_fault);
  if (room->command && confirms_command(pending(room->command), room->command->power_on, r.is_power_on)) {
    room->command->state = CommandState::applied;
    room->command->applied_at = out.now;
    announce = true;
  }
  if (!announce) return std::nullopt;
  return live_of(*room, out.now);
}

void Campus::refused(const ReportOutcome& out) {
  if (!out.report.seq || out.duplicate) return;
  auto g = changing();
  auto dev = devices_.find(out.device_id);
  // Give the number back unless a later report was accepted meanwhile.
  if (dev == devices_.end() || dev->second.last_seq != *out.report.seq) return;
  dev->second.last_seq = out.previous_seq;
  // The events it made were not stored either: the next report makes them again.
  if (RoomState* room = room_of_device(dev->second); room && room->room.id == out.write.classroom_id)
    room->notified = PackedObservation(out.notified_before);
}

bool Campus::touch(const std::string& device_id, std::int64_t now) {
  std::vector<Connectivity> changed;
  {
    auto g = changing();
    auto it = devices_.find(device_id);
    if (it == devices_.end()) return false;
    it->second.last_seen = now;
    set_online(device_id, it->second, true, changed);
  }
  announce_connectivity(changed);
  return !changed.empty();
}

std::optional<PowerCommand> Campus::confirm_power(const std::string& device_id, bool power_on,
                                                  std::optional<std::int64_t> command_id, std::int64_t now) {
  auto g = changing();
  auto dev = devices_.find(device_id);
  if (dev == devices_.end()) return std::nullopt;
  RoomState* room = room_of_device(dev->second);
  if (!room) return std::nullopt;
  auto& cmd = room->command;
  room->observed.set_power_on(power_on);
  if (pending(cmd) && cmd->power_on == power_on && (!command_id || *command_id == cmd->id)) {
    cmd->state = CommandState::applied;
    cmd->applied_at = now;
    return *cmd;
  }
  return std::nullopt;
}

std::vector<PowerCommand> Campus::set_commands(const std::vector<PowerCommand>& live, std::int64_t now) {
  std::vector<PowerCommand> fresh;
  {
    auto g = changing();
    std::unordered_map<std::int64_t, const PowerCommand*> by_room;
    for (const auto& c : live)
      if (c.expires_at > now) by_room[c.classroom_id] = &c;
    for (auto& [id, r] : rooms_) {
      auto it = by_room.find(id);
      if (it == by_room.end()) {
        r.command.reset();
      } else if (!r.command || r.command->id != it->second->id) {
        fresh.push_back(*it->second);
      } else if (it->second->state == CommandState::applied) {
        give_command(r, *it->second);
      }
    }
  }
  for (const auto& c : fresh) command_created(c);
  return fresh;
}

void Campus::command_created(const PowerCommand& c) {
  std::vector<Waiter> woken;
  {
    auto g = changing();
    if (auto it = rooms_.find(c.classroom_id); it != rooms_.end()) give_command(it->second, c);
    if (auto w = waiters_.find(c.device_id); w != waiters_.end()) {
      woken = std::move(w->second);
      waiters_.erase(w);
    }
  }
  for (auto& w : woken) w.done(c);
}

void Campus::give_command(RoomState& r, const PowerCommand& c) {
  r.command = std::make_unique<PowerCommand>(c);
  next_command_expiry_ = std::min(next_command_expiry_, c.expires_at);
}

void Campus::commands_cancelled(std::int64_t classroom_id) {
  auto g = changing();
  if (auto it = rooms_.find(classroom_id); it != rooms_.end()) it->second.command.reset();
}

std::optional<PowerCommand> Campus::pending_locked(const std::string& device_id, std::int64_t now) const {
  auto dev = devices_.find(device_id);
  if (dev == devices_.end() || !dev->second.classroom_id) return std::nullopt;
  auto room = rooms_.find(dev->second.classroom_id);
  if (room == rooms_.end() || !pending(room->second.command)) return std::nullopt;
  const auto& c = *room->second.command;
  auto in = inputs_for(room->second, room->second.observed.get(), now);
  if (!override_holds(*in.manual, in.current_booking, now)) return std::nullopt;
  return c;
}

void Campus::wait_for_command(const std::string& device_id, std::int64_t now, std::int64_t deadline_ms,
                              std::function<void(std::optional<PowerCommand>)> done) {
  std::optional<PowerCommand> ready;
  {
    std::lock_guard g(mu_);
    ready = pending_locked(device_id, now);
    if (!ready && deadline_ms > 0 && !long_polls_ended_) {
      waiters_[device_id].push_back({deadline_ms, std::move(done)});
      next_wait_deadline_ms_ = std::min(next_wait_deadline_ms_, deadline_ms);
      return;
    }
  }
  done(ready);
}

void Campus::end_long_polls() {
  std::unordered_map<std::string, std::vector<Waiter>> ended;
  {
    std::lock_guard g(mu_);
    long_polls_ended_ = true;
    ended.swap(waiters_);
  }
  for (auto& [device, list] : ended)
    for (auto& w : list) w.done(std::nullopt);
}

void Campus::tick(std::int64_t now, std::int64_t now_ms) {
  std::vector<Waiter> expired;
  {
    std::lock_guard g(mu_);  // the version moves only for what answers show: an expired override
    constexpr auto never = std::numeric_limits<std::int64_t>::max();
    if (now_ms >= next_wait_deadline_ms_) {
      next_wait_deadline_ms_ = never;
      for (auto it = waiters_.begin(); it != waiters_.end();) {
        auto& list = it->second;
        auto keep = std::partition(list.begin(), list.end(), [&](const Waiter& w) { return w.deadline_ms > now_ms; });
        for (auto e = keep; e != list.end(); ++e) expired.push_back(std::move(*e));
        list.erase(keep, list.end());
        for (const auto& w : list) next_wait_deadline_ms_ = std::min(next_wait_deadline_ms_, w.deadline_ms);
        it = list.empty() ? waiters_.erase(it) : std::next(it);
      }
    }
    if (now >= next_command_expiry_) {
      next_command_expiry_ = never;
      for (auto& [id, r] : rooms_) {
        if (!r.command) continue;
        if (r.command->expires_at <= now) {
          r.command.reset();
          ++version_;
        } else {
          next_command_expiry_ = std::min(next_command_expiry_, r.command->expires_at);
        }
      }
    }
  }
  for (auto& w : expired) w.done(std::nullopt);
}

void Campus::mark_offline(const std::string& device_id) {
  std::vector<Connectivity> changed;
  {
    auto g = changing();
    if (auto it = devices_.find(device_id); it != devices_.end()) set_online(device_id, it->second, false, changed);
  }
  announce_connectivity(changed);
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
  return it->second.room();
}

void Campus::raise_seq(const std::string& device_id, std::int64_t seq) {
  auto g = changing();
  if (auto it = devices_.find(device_id); it != devices_.end())
    it->second.last_seq = std::max(it->second.last_seq, seq);
}

std::size_t Campus::long_polls() const {
  std::lock_guard g(mu_);
  std::size_t n = 0;
  for (const auto& [id, list] : waiters_) n += list.size();
  return n;
}

std::size_t Campus::devices_online() const {
  std::lock_guard g(mu_);
  std::size_t n = 0;
  for (const auto& [id, d] : devices_) n += d.is_connected;
  return n;
}

std::size_t Campus::devices_active() const {
  std::lock_guard g(mu_);
  std::size_t n = 0;
  for (const auto& [id, d] : devices_) n += d.is_active;
  return n;
}

std::int64_t Campus::last_seq(const std::string& device_id) const {
  std::lock_guard g(mu_);
  auto it = devices_.find(device_id);
  return it == devices_.end() ? 0 : it->second.last_seq;
}

}  // namespace classroom
