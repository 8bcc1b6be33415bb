#pragma once
// The relay on the room's power circuit.
namespace shell {

class Relay {
 public:
  // The first thing setup() does: the pin is driven to "power on" before it becomes
  // an output, so the contact never flickers off at boot.
  void begin();
  void set(bool power_on);
  bool power_on() const { return power_on_; }

 private:
  bool power_on_ = true;
};

}  // namespace shell
