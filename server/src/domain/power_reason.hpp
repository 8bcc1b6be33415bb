#pragma once
// Why the server decided a room's power: the one vocabulary the server sends in every
// node answer (`reason`) and room status (`power_reason`). protocol/power-reasons.txt
// lists the same names for the firmware and the web app; a test keeps them equal.
#include <array>
#include <optional>
#include <string_view>

namespace classroom {

enum class PowerReason {
  manual_override,
  booked,
  booking_soon,
  sensor_fault,
  no_data,
  stale_data,
  occupied,
  occupied_auto_on_disabled,
  idle_grace,
  idle_off,
  idle_timeout,
  no_room,
};

inline constexpr std::array<std::pair<PowerReason, std::string_view>, 12> kPowerReasons{{
    {PowerReason::manual_override, "manual_override"},
    {PowerReason::booked, "booked"},
    {PowerReason::booking_soon, "booking_soon"},
    {PowerReason::sensor_fault, "sensor_fault"},
    {PowerReason::no_data, "no_data"},
    {PowerReason::stale_data, "stale_data"},
    {PowerReason::occupied, "occupied"},
    {PowerReason::occupied_auto_on_disabled, "occupied_auto_on_disabled"},
    {PowerReason::idle_grace, "idle_grace"},
    {PowerReason::idle_off, "idle_off"},
    {PowerReason::idle_timeout, "idle_timeout"},
    {PowerReason::no_room, "no_room"},
}};

constexpr std::string_view reason_name(PowerReason r) {
  for (const auto& [reason, name] : kPowerReasons)
    if (reason == r) return name;
  return "no_data";
}

constexpr std::optional<PowerReason> parse_reason(std::string_view name) {
  for (const auto& [reason, n] : kPowerReasons)
    if (n == name) return reason;
  return std::nullopt;
}

}  // namespace classroom
