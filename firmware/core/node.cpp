#include "node.hpp"

#include <algorithm>
#include <vector>

#include "relay_policy.hpp"
#include "wire.hpp"

namespace fw {
namespace {

bool is_transient(int status) { return status == 0 || status == 429 || status >= 500; }

std::string describe_failure(const Reply& r) {
  std::string text = r.status == 0 ? "no answer" : "HTTP " + std::to_string(r.status);
  if (!r.error.empty()) text += " (" + r.error + ")";
  return text;
}

}  // namespace

Node::Node(Config config, Millis boot, BootState restored, LogFn log)
    : config_(std::move(config)),
      boot_(boot),
      log_(std::move(log)),
      presence_(config_, boot),
      guard_(config_, boot),
      next_heartbeat_(boot),
      schedule_(seconds(config_.report_interval_s), config_.min_report_gap_ms),
      outbox_(static_cast<std::size_t>(std::clamp<std::int32_t>(config_.offline_buffer, 1, kMaxOfflineBuffer))),
      backoff_(config_.backoff_initial_ms, config_.backoff_max_ms,
               seed_from(config_.device_id.c_str())),
      poll_backoff_(config_.backoff_initial_ms, config_.backoff_max_ms,
                    seed_from(config_.device_id.c_str()) ^ 0x5bd1e995u),
      last_contact_(boot),
      last_saved_(restored.saved),
      last_save_at_(boot - kStateSaveGap),
      next_seq_(std::max<std::int64_t>(1, restored.seq_ceiling)),
      seq_ceiling_(next_seq_ + kSeqBlock),
      pending_ceiling_(seq_ceiling_) {
  // Until the server answers, the booking and the hold as they were before the reboot.
  const auto left = booked_remaining_s(restored.saved);
  booked_ = restored.saved.booked && left != std::optional<std::int64_t>(0);
  if (booked_ && left) booked_expires_ = boot + seconds(*left);
  if (restored.saved.booked_until_unix > 0) booked_until_unix_ = restored.saved.booked_until_unix;
  held_ = restored.saved.held;
  // The reports that were waiting when it went down go first, with their own times.
  for (const auto& r : restored.buffered) {
    if (r.seq <= 0 || r.made_at_unix <= 0) continue;
    outbox_.push(r);
    if (r.seq >= next_seq_) {  // the ceiling is stored ahead of use; this only guards it
      next_seq_ = r.seq + 1;
      seq_ceiling_ = next_seq_ + kSeqBlock;
      pending_ceiling_ = seq_ceiling_;
    }
  }
  saved_mark_ = buffer_mark();
  saved_nonempty_ = !outbox_.empty();
  if (!outbox_.empty()) this->log(LogLevel::Info, std::to_string(outbox_.size()) + " reports restored from before the reboot");
  const Millis start = Rng(seed_from(config_.device_id.c_str()) ^ 0xa5a5a5a5u)
                           .below(static_cast<std::uint32_t>(config_.start_jitter_ms) + 1);
  if (start > 0) {
    retry_at_ = boot + start;
    schedule_.made(boot + start - schedule_.interval());  // the first report falls due then
  }
}

void Node::sync_clock(Millis now, std::int64_t unix_s) { wall_offset_ms_ = unix_s * 1000 - now; }

std::optional<std::int64_t> Node::unix_time(Millis now) const {
  if (!wall_offset_ms_) return std::nullopt;
  return (now + *wall_offset_ms_) / 1000;
}

void Node::tick(Millis now) {
  presence_.note_booked(now, booked_now(now));
  const bool occ = presence_.occupied(now);
  if (occ != occupied_) {
    occupied_ = occ;
    state_changed_ = true;
    log(LogLevel::Info, occ ? "room occupied" : "room idle");
  }
  update_relay(now);
  if (schedule_.due(now, state_changed_)) make_report(now);
}

void Node::make_report(Millis now) {
  StatusReport r;
  r.seq = next_seq_++;
  r.made_at = now;
  r.is_occupied = occupied_;
  r.is_power_on = relay_on_;
  r.last_movement_s = presence_.idle_for(now) / 1000;
  r.temperature = temperature_;
  r.sensor_fault = presence_.sensor_fault(now);
  r.sensor_ok = r.sensor_fault == nullptr;
  if (next_seq_ >= seq_ceiling_) {
    seq_ceiling_ += kSeqBlock;
    pending_ceiling_ = seq_ceiling_;
  }
  if (outbox_.push(r)) {
    ++counters_.reports_dropped;
    log(LogLevel::Warn, "offline buffer full: oldest report dropped");
  }
  ++counters_.reports_made;
  schedule_.made(now);
  state_changed_ = false;
}

void Node::update_relay(Millis now) {
  RelayInputs in;
  in.now = now;
  in.relay_on = relay_on_;
  in.occupied = presence_.occupied(now);
  in.sensor_faulty = presence_.sensor_faulty(now);
  in.idle_since = presence_.idle_since();
  in.last_contact = last_contact_;
  in.server_power_on = server_power_on_;
  in.server_reason = server_reason_;
  in.server_idle_cut = server_idle_cut_;
  in.booked = booked_now(now) || held_;
  if (guard_.forced_on(now)) {  // the button's hour: power on, whatever else says
    if (!relay_on_) switch_relay(now, true, PowerReason::Manual, std::nullopt);
    return;
  }
  const auto d = decide_relay(in, config_);
  // A person's command, and power for someone in a room the node cannot ask about,
  // are never held back.
  const bool urgent = d && (d->reason == PowerReason::Manual || (d->on && d->reason == PowerReason::Failsafe));
  if (d && guard_.may_switch(now, d->on, urgent))
    switch_relay(now, d->on, d->reason, std::nullopt);
}

void Node::switch_relay(Millis now, bool on, PowerReason reason,
                        std::optional<std::int64_t> command_id) {
  if (on != relay_on_) {
    relay_on_ = on;
    guard_.switched(now);
    ++counters_.relay_switches;
    state_changed_ = true;
    log(LogLevel::Info, std::string("power ") + (on ? "on" : "off") + " (" + to_string(reason) + ")");
  }
  if (power_logs_.size() >= kPowerLogCapacity) power_logs_.pop_front();
  power_logs_.push_back(PowerLogEntry{on, reason, now, command_id});
}

std::optional<Request> Node::next_request(Millis now) {
  if (in_flight_ || now < retry_at_) return std::nullopt;
  Request req;
  // A batch needs the wall clock for its timestamps; without one (a server that never
  // said its time) the backlog goes one by one.
  if (outbox_.size() <= 1) batch_refused_ = false;  // the refused backlog has gone one by one
  const bool batch = outbox_.size() > 1 && batch_supported_ && !batch_refused_ && wall_offset_ms_;
  if (!hello_done_) {
    heartbeat_request(now, req);
  } else if (batch) {
    // The newest report goes alone to /status, whose answer carries the power decision.
    const auto n = std::min<std::size_t>(outbox_.size() - 1, static_cast<std::size_t>(config_.batch_max));
    std::vector<StatusReport> part(outbox_.items().begin(), outbox_.items().begin() + static_cast<std::ptrdiff_t>(n));
    req.kind = RequestKind::Batch;
    req.path = "/api/esp/status/batch";
    req.body = batch_body(config_.device_id, part, *unix_time(now), now);
    in_flight_last_seq_ = part.back().seq;
  } else if (!outbox_.empty()) {
    const auto& r = outbox_.items().front();
    req.kind = RequestKind::Status;
    req.path = "/api/esp/status";
    std::optional<std::int64_t> ts;
    if (r.made_at_unix > 0) ts = r.made_at_unix;
    else if (wall_offset_ms_) ts = (r.made_at + *wall_offset_ms_) / 1000;
    req.body = status_body(config_.device_id, r, ts);
    in_flight_last_seq_ = r.seq;
  } else if (!power_logs_.empty()) {
    const auto& e = power_logs_.front();
    req.kind = RequestKind::PowerLog;
    req.path = "/api/esp/power-log";
    std::optional<std::int64_t> ts;
    if (wall_offset_ms_) ts = (e.at + *wall_offset_ms_) / 1000;
    req.body = power_log_body(e, ts);
  } else if (now >= next_heartbeat_) {
    heartbeat_request(now, req);
  } else {
    return std::nullopt;
  }
  in_flight_ = req.kind;
  return req;
}

void Node::heartbeat_request(Millis now, Request& req) const {
  Health h = health_;
  h.uptime_s = (now - boot_) / 1000;
  req.kind = RequestKind::Heartbeat;
  req.path = "/api/esp/heartbeat";
  req.body = heartbeat_body(kFirmwareVersion, h);
}

void Node::on_reply(Millis now, const Reply& reply) {
  if (!in_flight_) {
    log(LogLevel::Warn, "reply without a request in flight ignored");
    return;
  }
  const RequestKind kind = *in_flight_;
  in_flight_.reset();

  if (is_transient(reply.status) || reply.status == 401 || reply.status == 403) {
    fail(now, reply);
    return;
  }
  switch (kind) {
    case RequestKind::Heartbeat:
      hello_done_ = true;  // an old server without the call is no reason to stop
      next_heartbeat_ = now + seconds(config_.heartbeat_interval_s);
      if (auto* a = std::get_if<HeartbeatAnswer>(&reply.body); a && a->server_time)
        sync_clock(now, *a->server_time);
      break;
    case RequestKind::Status: on_status(now, reply); break;
    case RequestKind::Batch: on_batch(now, reply); break;
    case RequestKind::PowerLog:
      if (reply.status != 200)
        log(LogLevel::Error, "power-log refused: " + describe_failure(reply) + "; entry dropped");
      if (!power_logs_.empty()) power_logs_.pop_front();
      break;
  }
  update_relay(now);
}

void Node::fail(Millis now, const Reply& reply) {
  ++counters_.failures;
  if (server_power_on_ || counters_.failures == 1)  // the change, and the first failure since boot
    log(LogLevel::Warn, "server unreachable: " + describe_failure(reply));
  server_power_on_.reset();
  Millis delay = backoff_.next_delay();
  // Retry-After is honoured, up to a limit: a proxy's "come back tomorrow" must not
  // silence a node for a day.
  if (reply.retry_after_s > 0)
    delay = std::max<Millis>(delay, std::min<Millis>(seconds(reply.retry_after_s), kMaxRetryAfter));
  retry_at_ = now + delay;
  update_relay(now);
}

void Node::on_status(Millis now, const Reply& reply) {
  if (reply.status != 200) {
    // The server read it and refused it: sending it again would not help.
    log(LogLevel::Error, "status report refused: " + describe_failure(reply) + "; report dropped");
    outbox_.acknowledge_through(in_flight_last_seq_);
    server_power_on_.reset();
    return;
  }
  const auto* a = std::get_if<StatusAnswer>(&reply.body);
  if (a && a->last_seq && *a->last_seq > in_flight_last_seq_) {
    // The server already has higher seqs (a new board, erased NVS): it dropped this
    // report as a duplicate. Continue above them; the report goes again, renumbered.
    log(LogLevel::Warn, "server is ahead of our seq; continuing at " + std::to_string(*a->last_seq + 1));
    renumber_from(*a->last_seq + 1);
  } else {
    outbox_.acknowledge_through(in_flight_last_seq_);
    ++counters_.reports_delivered;
  }
  if (!a) {
    ++counters_.answers_malformed;
    log(LogLevel::Error, "malformed status answer (" + reply.error + "); keeping last safe state");
    server_power_on_.reset();
    return;
  }
  backoff_.reset();
  last_contact_ = now;
  if (a->server_time) sync_clock(now, *a->server_time);
  note_booking(now, *a);
  update_offer_ = a->firmware;
  // During a one-by-one replay the server scores each old report as if it were the
  // room now: only the answer to the newest report decides the relay.
  const bool newest = outbox_.empty();
  if (newest && !server_power_on_) log(LogLevel::Info, "server reachable");
  if (!newest) {
    // keep the node's own policy until the backlog is through
  } else if (in_flight_last_seq_ >= hold_until_seq_) {
    server_power_on_ = a->power_on;
    server_reason_ = reason_from_server(a->reason);
    server_idle_cut_ = is_idle_cut(a->reason);
    held_ = a->power_on && server_reason_ == PowerReason::Manual;  // a booking ends by itself
  } else {
    server_power_on_ = relay_on_;  // answer computed before the manual command
  }
  if (a->next_report_s && config_.follow_server_interval) {
    if (*a->next_report_s >= 10 && *a->next_report_s <= 3600)
      schedule_.set_interval(seconds(*a->next_report_s));
    else
      log(LogLevel::Warn, "next_report_s out of range ignored");
  }
  if (a->command) apply_command(now, *a->command);
}

void Node::on_batch(Millis now, const Reply& reply) {
  if (reply.status == 404 || reply.status == 405) {
    batch_supported_ = false;  // an older server: send the backlog one by one
    log(LogLevel::Warn, "server has no batch call; sending reports one by one");
    return;
  }
  const auto* a = std::get_if<BatchAnswer>(&reply.body);
  if (reply.status != 200) {
    // Refused as a whole (400, 413, ...): the reports go one by one, where a bad one
    // costs only itself.
    batch_refused_ = true;
    log(LogLevel::Error, "batch refused: " + describe_failure(reply) + "; sending the backlog one by one");
    return;
  }
  if (!a) {
    // 200: the server stored them; only its answer is unreadable.
    ++counters_.answers_malformed;
    log(LogLevel::Error, "malformed batch answer (" + reply.error + "); reports taken as delivered");
    const auto before = outbox_.size();
    outbox_.acknowledge_through(in_flight_last_seq_);
    counters_.reports_delivered += before - outbox_.size();
    return;
  }
  backoff_.reset();
  last_contact_ = now;
  const auto before = outbox_.size();
  outbox_.acknowledge_through(in_flight_last_seq_);
  counters_.reports_delivered += before - outbox_.size();
  if (a->last_seq && *a->last_seq > in_flight_last_seq_) {
    // The server has seen higher seqs than ours (lost NVS): continue above them.
    log(LogLevel::Warn, "server is ahead of our seq; continuing at " + std::to_string(*a->last_seq + 1));
    renumber_from(*a->last_seq + 1);
  }
}

void Node::note_booking(Millis now, const StatusAnswer& a) {
  booked_ = a.is_booked;
  booked_until_unix_ = a.booked_until;
  booked_expires_.reset();
  if (a.booked_until && a.server_time) booked_expires_ = now + seconds(*a.booked_until - *a.server_time);
}

std::optional<SavedState> Node::take_state_to_save(Millis now) {
  SavedState s{booked_, booked_until_unix_.value_or(0), held_, unix_time(now).value_or(0)};
  SavedState compare = s;
  compare.saved_at_unix = last_saved_.saved_at_unix;
  const bool changed = !(compare == last_saved_);
  const bool refresh = booked_ && s.booked_until_unix > 0 && now - last_save_at_ >= kStateRefresh;
  if ((!changed || now - last_save_at_ < kStateSaveGap) && !refresh) return std::nullopt;
  last_saved_ = s;
  last_save_at_ = now;
  return s;
}

Node::BufferMark Node::buffer_mark() const {
  if (outbox_.empty()) return {};
  return {outbox_.size(), outbox_.items().front().seq, outbox_.items().back().seq};
}

std::optional<std::string> Node::take_buffer_to_save(Millis now) {
  const BufferMark mark = buffer_mark();
  if (mark == saved_mark_) {
    buffer_dirty_since_.reset();
    return std::nullopt;
  }
  if (outbox_.empty() && !saved_nonempty_) {  // sent before it was worth a write
    saved_mark_ = mark;
    buffer_dirty_since_.reset();
    made_at_buffer_save_ = counters_.reports_made;
    return std::nullopt;
  }
  if (!buffer_dirty_since_) buffer_dirty_since_ = now;
  const bool emptied = outbox_.empty();
  const bool enough_new = counters_.reports_made - made_at_buffer_save_ >= kBufferSaveReports;
  const bool waited = now - *buffer_dirty_since_ >= kBufferSaveAge;
  if (!emptied && !enough_new && !waited) return std::nullopt;
  SavedReports saved = serialize_reports(outbox_.items(), wall_offset_ms_);
  saved_mark_ = mark;
  buffer_dirty_since_.reset();
  made_at_buffer_save_ = counters_.reports_made;
  if (saved.kept == 0 && !saved_nonempty_) return std::nullopt;  // nothing timed to keep
  saved_nonempty_ = saved.kept > 0;
  return std::move(saved.text);
}

void Node::renumber_from(std::int64_t seq) {
  std::deque<StatusReport> items(outbox_.items().begin(), outbox_.items().end());
  outbox_.pop_front(items.size());
  for (auto& r : items) {
    r.seq = seq++;
    outbox_.push(r);
  }
  if (hold_until_seq_ > 0) hold_until_seq_ += seq - next_seq_;
  next_seq_ = seq;
  seq_ceiling_ = next_seq_ + kSeqBlock;
  pending_ceiling_ = seq_ceiling_;
}

void Node::log(LogLevel level, const std::string& text) const {
  if (log_) log_(level, text);
}

}  // namespace fw
