// The node's second channel (manual commands on the long-poll), the local button, and
// the console's status line.
#include <algorithm>

#include "node.hpp"

namespace fw {

bool Node::command_poll_due(Millis now) const {
  return config_.command_wait_s > 0 && hello_done_ && !poll_in_flight_ && now >= poll_retry_at_;
}

std::string Node::command_poll_path() const {
  return "/api/esp/commands?wait=" + std::to_string(config_.command_wait_s);
}

void Node::on_command_poll(Millis now, int status, const std::optional<CommandsAnswer>& answer,
                           const std::string& error) {
  poll_in_flight_ = false;
  if (status == 200 && answer) {
    poll_backoff_.reset();
    poll_retry_at_ = now;
    for (const auto& c : answer->commands) apply_command(now, c);
    return;
  }
  if (status == 200) {
    ++counters_.answers_malformed;
    log(LogLevel::Error, "malformed command answer (" + error + ")");
  }
  poll_retry_at_ = now + poll_backoff_.next_delay();
}

void Node::apply_command(Millis now, const Command& c) {
  if (std::find(recent_commands_.begin(), recent_commands_.end(), c.id) != recent_commands_.end())
    return;
  if (recent_commands_.size() >= 16) recent_commands_.pop_front();
  recent_commands_.push_back(c.id);
  ++counters_.commands_applied;
  log(LogLevel::Info, "command " + std::to_string(c.id) + ": power " + (c.power_on ? "on" : "off"));
  hold_until_seq_ = next_seq_;
  server_power_on_ = c.power_on;
  server_reason_ = PowerReason::Manual;
  server_idle_cut_ = false;
  held_ = c.power_on;
  if (!c.power_on && guard_.forced_on(now)) {
    log(LogLevel::Warn, "command " + std::to_string(c.id) + " waits: the local button holds power on");
    return;  // the server's word applies once the button's hour is over
  }
  switch_relay(now, c.power_on, PowerReason::Manual, c.id);
  state_changed_ = true;  // the server hears the new relay state at once
}

void Node::on_button(Millis now, bool pressed) {
  if (!guard_.on_button(now, pressed)) return;
  log(LogLevel::Info, "button: power on for " + std::to_string(config_.button_hold_s / 60) + " min");
  update_relay(now);
  state_changed_ = true;
}

std::optional<std::int64_t> Node::take_seq_ceiling() {
  auto c = pending_ceiling_;
  pending_ceiling_.reset();
  return c;
}

std::string Node::status_line(Millis now) const {
  std::string s = std::string("occupied=") + (presence_.occupied(now) ? "yes" : "no") +
                  " idle_s=" + std::to_string(presence_.idle_for(now) / 1000) +
                  " power=" + (relay_on_ ? "on" : "off") + " booked=" + (booked_ ? "yes" : "no") +
                  " server=" + (reachable() ? "reachable" : "unreachable") +
                  " buffered=" + std::to_string(outbox_.size()) +
                  " seq=" + std::to_string(next_seq_) +
                  " sensor=" + (presence_.sensor_faulty(now) ? presence_.sensor_fault(now) : "ok");
  return s;
}

}  // namespace fw
