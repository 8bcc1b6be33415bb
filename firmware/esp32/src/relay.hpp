#pragma once
// The relay on the room's power circuit, on a board profile's pin and polarity.
#include "board.hpp"

namespace shell {

class Relay {
 public:
  // The first pin setup() drives: "power on" is written before and after the pin
  // becomes an output (Arduino-ESP32 3.x ignores a write to a pin that is not one yet).
  void begin(const board::Profile& b);
  void set(bool power_on);
  bool power_on() const { return power_on_; }

 private:
  const board::Profile* board_ = &board::kReference;
  bool power_on_ = true;
};

}  // namespace shell
