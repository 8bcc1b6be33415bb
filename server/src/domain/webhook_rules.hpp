#pragma once
// Webhooks' decisions, pure: which event names exist, which addresses a delivery may
// never reach, how long to wait before the next attempt, and which of a room's
// changes are events (a transition, never a repeat of the same state).
#include "domain/report_rule.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

// The event types a subscription may name (SPEC "Webhooks"); `ping` is the test delivery.
const std::vector<std::string>& webhook_event_names();
bool is_webhook_event(std::string_view name);

// Why a delivery may not go to this numeric address (IPv4 or IPv6 text), or nullopt
// when it is a public one: "loopback", "link-local", "private", "unspecified",
// "multicast", "metadata". Text that is no address is "not an address".
std::optional<std::string> blocked_address(const std::string& ip);

// Seconds before attempt `failures` + 1, after `failures` (>= 1) failed ones: doubles
// from `min_s`, capped at `max_s`, spread by `jitter` in [0, 1) over the upper fifth
// so that receivers back from an outage are not hit by everyone at once.
std::int64_t retry_delay_s(std::int64_t failures, std::int64_t min_s, std::int64_t max_s, double jitter);

// The events a report makes of a room's last observation: room.occupied / room.vacant
// when occupancy flips, room.power when the relay does, sensor.fault when the sensor
// starts to fail. No observation before: the room was vacant, unpowered and healthy.
std::vector<std::string> room_transitions(const std::optional<Observation>& before, const Report& now);

}  // namespace classroom
