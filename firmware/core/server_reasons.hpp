#pragma once
// The server's power reasons (protocol/power-reasons.txt), each mapped exactly to the
// reason a node logs a switch by and to whether it means "off for idleness". A host
// test reads that file and fails when this table and the file differ.
#include <array>
#include <string_view>

#include "protocol.hpp"

namespace fw {

struct ServerReason {
  std::string_view name;
  PowerReason logged;
  bool idle_cut;  // the server switches off because the room looks idle
};

inline constexpr std::array<ServerReason, 12> kServerReasons{{
    {"manual_override", PowerReason::Manual, false},
    {"booked", PowerReason::Booking, false},
    {"booking_soon", PowerReason::Booking, false},
    {"sensor_fault", PowerReason::Failsafe, false},
    {"no_data", PowerReason::Failsafe, false},
    {"stale_data", PowerReason::Failsafe, false},
    {"occupied", PowerReason::AutoControl, false},
    {"occupied_auto_on_disabled", PowerReason::AutoControl, false},
    {"idle_grace", PowerReason::AutoControl, false},
    {"idle_off", PowerReason::AutoControl, true},
    {"idle_timeout", PowerReason::AutoControl, true},
    {"no_room", PowerReason::AutoControl, false},
}};

// The table entry for a reason, or nothing for a reason this firmware does not know.
inline const ServerReason* find_server_reason(std::string_view name) {
  for (const auto& r : kServerReasons)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace fw
