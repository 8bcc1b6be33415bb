#pragma once
// Whether the room's power should be on. A pure function: the server decides while it
// can be reached; without it the node is on its own and errs towards keeping power.
#include <optional>

#include "clock.hpp"
#include "config.hpp"
#include "protocol.hpp"

namespace fw {

struct RelayInputs {
  Millis now = 0;
  bool relay_on = true;
  bool occupied = false;
  bool sensor_faulty = false;
  Millis idle_since = 0;     // last movement, or boot
  Millis last_contact = 0;   // last valid answer from the server, or boot
  // The server's word from a valid answer given since the last failed call; absent
  // while the server cannot be reached (or has not answered since boot).
  std::optional<bool> server_power_on;
  PowerReason server_reason = PowerReason::AutoControl;
  bool server_idle_cut = false;  // the server's "off" is for idleness (idle_timeout)
  bool booked = false;       // as last heard from the server
};

struct RelayDecision {
  bool on = true;
  PowerReason reason = PowerReason::AutoControl;
};

// A switch to make, or nothing when the relay stays as it is.
std::optional<RelayDecision> decide_relay(const RelayInputs& in, const Config& config);

}  // namespace fw
