#include "relay.hpp"

#include "board.hpp"

namespace shell {

void Relay::begin() {
  digitalWrite(board::kRelayPin, board::kCoilForPowerOn);
  pinMode(board::kRelayPin, OUTPUT);
  digitalWrite(board::kRelayPin, board::kCoilForPowerOn);
  power_on_ = true;
}

void Relay::set(bool power_on) {
  if (power_on == power_on_) return;
  digitalWrite(board::kRelayPin, power_on ? board::kCoilForPowerOn : board::kCoilForPowerOff);
  power_on_ = power_on;
}

}  // namespace shell
