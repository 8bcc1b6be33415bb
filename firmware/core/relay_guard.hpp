#pragma once
// Between the relay decision and the contact: a minimum time between switches, so
// flapping answers or a confused sensor cannot chatter the room's mains load, and the
// local button, which gives the people in the room an hour of power whatever the
// server or the sensor say. Pure; time passed in.
#include <optional>

#include "clock.hpp"
#include "config.hpp"

namespace fw {

class RelayGuard {
 public:
  static constexpr Millis kButtonDebounce = 50;

  RelayGuard(const Config& config, Millis boot);
  // The button's level every sample; true when a new press was registered.
  bool on_button(Millis now, bool pressed);
  bool forced_on(Millis now) const { return forced_until_ && now < *forced_until_; }
  std::optional<Millis> forced_until() const { return forced_until_; }
  // Whether a switch decided now may be made now; if not, the decision is made again
  // later. An urgent one (a person's command, power for someone in the room) is never
  // held back.
  bool may_switch(Millis now, bool to_on, bool urgent) const;
  void switched(Millis now) { changed_at_ = now; }

 private:
  Millis min_on_, min_off_, hold_;
  std::optional<Millis> changed_at_;  // none yet: the boot state may change at once
  std::optional<Millis> pressed_since_;
  bool press_counted_ = false;
  std::optional<Millis> forced_until_;
};

}  // namespace fw
