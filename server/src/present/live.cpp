#include "present/live.hpp"

#include "present/resources.hpp"

#include <cmath>

namespace classroom {

namespace json = boost::json;

json::object command_json(const PowerCommand& c, const date::time_zone* zone) {
  return {{"id", c.id},
          {"power_on", c.power_on},
          {"state", state_name(c.state)},
          {"source", c.source},
          {"booking_id", c.booking_id ? json::value(*c.booking_id) : json::value(nullptr)},
          {"created_at", time_json(c.created_at, zone)},
          {"expires_at", time_json(c.expires_at, zone)},
          {"applied_at", time_json(c.applied_at, zone)}};
}

json::object status_json(const RoomLive& live, const date::time_zone* zone) {
  const auto& o = live.observed;
  json::value temperature = nullptr;
  if (live.temperature) temperature = std::round(*live.temperature * 10.0) / 10.0;  // one decimal, as sensors report
  return {{"is_occupied", o ? o->is_occupied : false},
          {"is_power_on", o ? o->is_power_on : false},
          {"last_movement", o && o->last_movement ? json::value(*o->last_movement) : json::value(nullptr)},
          {"temperature", temperature},
          {"last_updated", time_json(o ? std::optional(o->at) : std::nullopt, zone)},
          {"power_reason", reason_name(live.decision.reason)},
          {"is_booked", live.decision.is_booked},
          {"desired_power_on", live.decision.power_on},
          {"device_online", live.device_online},
          {"sensor_ok", live.sensor_fault.empty()},
          {"sensor_fault", live.sensor_fault.empty() ? json::value(nullptr) : json::value(live.sensor_fault)},
          {"pending_command", live.command ? json::value(command_json(*live.command, zone)) : json::value(nullptr)}};
}

json::object room_event_json(const RoomLive& live, const date::time_zone* zone) {
  return {{"type", "room_status"}, {"classroom_id", live.classroom_id}, {"status", status_json(live, zone)}};
}

json::object device_event_json(const std::string& device_id, bool online, std::optional<std::int64_t> classroom_id) {
  return {{"type", "device"}, {"device_id", device_id}, {"online", online},
          {"classroom_id", classroom_id ? json::value(*classroom_id) : json::value(nullptr)}};
}

json::object power_event_json(const PowerCommand& c) {
  return {{"type", "power"}, {"classroom_id", c.classroom_id}, {"device_id", c.device_id}, {"power_on", c.power_on},
          {"state", state_name(c.state)}, {"command_id", c.id}};
}

}  // namespace classroom
