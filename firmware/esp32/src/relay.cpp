#include "relay.hpp"

namespace shell {

void Relay::begin(const board::Profile& b) {
  board_ = &b;
  digitalWrite(b.relay, b.coil_for_power_on);
  pinMode(b.relay, OUTPUT);
  digitalWrite(b.relay, b.coil_for_power_on);
  power_on_ = true;
}

void Relay::set(bool power_on) {
  if (power_on == power_on_) return;
  digitalWrite(board_->relay, power_on ? board_->coil_for_power_on : board_->coil_for_power_off);
  power_on_ = power_on;
}

}  // namespace shell
