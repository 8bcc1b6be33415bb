#include "relay_guard.hpp"

namespace fw {

RelayGuard::RelayGuard(const Config& c, Millis)
    : min_on_(seconds(c.relay_min_on_s)), min_off_(seconds(c.relay_min_off_s)), hold_(seconds(c.button_hold_s)) {}

bool RelayGuard::on_button(Millis now, bool pressed) {
  if (!pressed) {
    pressed_since_.reset();
    press_counted_ = false;
    return false;
  }
  if (!pressed_since_) pressed_since_ = now;
  if (press_counted_ || now - *pressed_since_ < kButtonDebounce) return false;
  press_counted_ = true;  // one press, however long it is held
  forced_until_ = now + hold_;
  return true;
}

bool RelayGuard::may_switch(Millis now, bool to_on, bool urgent) const {
  if (urgent || !changed_at_) return true;
  return now - *changed_at_ >= (to_on ? min_off_ : min_on_);
}

}  // namespace fw
