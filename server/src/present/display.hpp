#pragma once
// JSON of a door display, for anyone at the door: the room, its state, until when and
// the day's next bookings by title and time. Never who booked or why.
#include "domain/classroom.hpp"
#include "domain/door_display.hpp"
#include "storage/classrooms.hpp"

#include <boost/json/object.hpp>

namespace date { class time_zone; }

namespace classroom {

boost::json::object door_display_json(const Classroom& room, Occupancy occupancy, const DoorView& view,
                                      std::int64_t now, const date::time_zone* zone);
// {classroom_id, classroom_name, token, url}: the web page's address.
boost::json::object display_link_json(const DisplayToken& t);

}  // namespace classroom
