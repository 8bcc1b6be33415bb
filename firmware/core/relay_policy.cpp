#include "relay_policy.hpp"

namespace fw {

std::optional<RelayDecision> decide_relay(const RelayInputs& in, const Config& config) {
  if (in.server_power_on) {
    // "Idle" from a sensor that cannot be trusted is no reason for darkness, also
    // when the server does not know about sensor faults yet.
    if (!*in.server_power_on && in.server_idle_cut && in.sensor_faulty)
      return in.relay_on ? std::nullopt : std::optional(RelayDecision{true, PowerReason::Failsafe});
    if (*in.server_power_on == in.relay_on) return std::nullopt;
    return RelayDecision{*in.server_power_on, in.server_reason};
  }
  // Unreachable: never cut an occupied or booked room; someone walking into a dark
  // room gets power back.
  if (!in.relay_on) {
    if (in.occupied) return RelayDecision{true, PowerReason::Failsafe};
    return std::nullopt;
  }
  if (in.occupied || in.booked || in.sensor_faulty) return std::nullopt;
  const Millis delay = seconds(config.offline_power_off_s);
  if (in.now - in.idle_since >= delay && in.now - in.last_contact >= delay)
    return RelayDecision{false, PowerReason::Failsafe};
  return std::nullopt;
}

}  // namespace fw
