#pragma once
// JSON of what the live campus knows: a room's status (the one shape used by the
// classroom lists and the dashboards' events), commands, and the events themselves.
#include "live/campus.hpp"

#include <boost/json/object.hpp>

namespace date { class time_zone; }

namespace classroom {

boost::json::object command_json(const PowerCommand& c, const date::time_zone* zone);
// {is_occupied, is_power_on, last_movement, temperature, last_updated, power_reason,
//  is_booked, desired_power_on, device_online, sensor_ok, sensor_fault, pending_command}
boost::json::object status_json(const RoomLive& live, const date::time_zone* zone);

boost::json::object room_event_json(const RoomLive& live, const date::time_zone* zone);
boost::json::object device_event_json(const std::string& device_id, bool online, std::optional<std::int64_t> classroom_id);
boost::json::object power_event_json(const PowerCommand& c);

}  // namespace classroom
