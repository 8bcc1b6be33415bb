#include "present/display.hpp"

#include "present/resources.hpp"

#include <date/tz.h>

namespace classroom {

namespace json = boost::json;

namespace {

json::object slot_json(const DoorBooking& b, const date::time_zone* zone) {
  return {{"title", b.title}, {"start_time", time_json(b.start, zone)}, {"end_time", time_json(b.end, zone)}};
}

}  // namespace

json::object door_display_json(const Classroom& room, Occupancy occupancy, const DoorView& view, std::int64_t now,
                               const date::time_zone* zone) {
  json::array next;
  for (const auto& b : view.next) next.push_back(slot_json(b, zone));
  return {{"classroom_id", room.id},
          {"name", room.name},
          {"location", room.location},
          {"capacity", room.capacity},
          {"state", door_state_name(view.state)},
          {"until", time_json(view.until, zone)},
          {"occupancy", occupancy_name(occupancy)},
          {"current", view.current ? json::value(slot_json(*view.current, zone)) : json::value(nullptr)},
          {"next", std::move(next)},
          {"server_time", time_json(now, zone)},
          {"timezone", zone->name()},
          {"book_path", "/staff/book?room=" + std::to_string(room.id)}};
}

json::object display_link_json(const DisplayToken& t) {
  return {{"classroom_id", t.classroom_id},
          {"classroom_name", t.classroom_name},
          {"token", t.token},
          {"url", "/display/" + t.token}};
}

}  // namespace classroom
