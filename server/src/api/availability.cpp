// When a room is free on a campus day, and which rooms are free for a given time.
#include "api/booking_input.hpp"
#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/bookings.hpp"
#include "services/rooms.hpp"
#include "domain/room_filter.hpp"
#include "domain/time.hpp"
#include "storage/buildings.hpp"
#include "storage/room_attributes.hpp"

#include <algorithm>
#include <limits>

namespace classroom {

namespace json = boost::json;

namespace {

std::int64_t required_time(const Request& req, const char* name, const date::time_zone* zone) {
  auto t = query_time(req, name, zone);
  if (!t) throw BadRequest(name, std::string(name) + " is required");
  return *t;
}

// ?min_capacity=, ?building= (an id) and ?attributes= (a comma list, all required);
// a malformed or unknown value is a 400 naming its parameter.
RoomFilter read_filter(const Request& req, BuildingStore& buildings, RoomAttributeStore& attributes) {
  RoomFilter f;
  f.min_capacity = static_cast<int>(query_int(req.query_param("min_capacity"), "min_capacity", 0, 0, 100000));
  if (auto b = req.query_param("building"); b && !b->empty()) {
    f.building_id = query_int(b, "building", 0, 1, std::numeric_limits<std::int64_t>::max());
    auto all = buildings.list();
    if (std::none_of(all.begin(), all.end(), [&](const Building& x) { return x.id == *f.building_id; }))
      throw BadRequest("building", "no building with id " + *b);
  }
  f.attributes = split_keys(req.query_param("attributes").value_or(""));
  if (auto unknown = attributes.unknown(f.attributes); !unknown.empty())
    throw BadRequest("attributes", "unknown room attribute '" + unknown.front() + "'");
  return f;
}

}  // namespace

void add_availability_routes(Router& r, BookingService& bookings, RoomService& rooms, BuildingStore& buildings,
                             RoomAttributeStore& attributes) {
  auto zone = bookings.zone();
  r.add("GET", "/api/staff/availability", Access::staff, [&bookings, &rooms, zone](Request& req) {
    auto room = query_int(req.query_param("classroom_id"), "classroom_id", 0, 1, std::numeric_limits<std::int64_t>::max());
    if (room == 0) throw BadRequest("classroom_id", "classroom_id is required");
    auto date_text = req.query_param("date").value_or("");
    auto day = parse_date(date_text);
    if (!day.ok()) throw BadRequest("date", "date: " + day.error);
    if (!rooms.find(room)) throw NotFound("No classroom with id " + std::to_string(room));

    auto span = local_day(day.value, zone);
    auto taken = bookings.store().taken_in(room, to_unix(span.start), to_unix(span.end));
    json::array busy;
    std::vector<Interval> intervals;
    for (const auto& b : taken) {
      auto slot = span_json(b.start, b.end, zone);
      slot["booking_id"] = b.id;
      slot["tentative"] = b.status == BookingStatus::pending;  // a request awaiting approval
      busy.push_back(std::move(slot));
      intervals.push_back({from_unix(b.start), from_unix(b.end)});
    }
    return ok(json::object{
        {"busy", std::move(busy)},
        {"free", json_list(free_on_day(day.value, zone, intervals), [&](const Interval& i) {
           return span_json(to_unix(i.start), to_unix(i.end), zone);
         })}});
  });

  r.add("GET", "/api/staff/free-rooms", Access::staff, [&bookings, &rooms, &buildings, &attributes, zone](Request& req) {
    auto start = required_time(req, "start", zone);
    auto end = required_time(req, "end", zone);
    if (end <= start) throw BadRequest("end", "end must be after start");
    auto filter = read_filter(req, buildings, attributes);
    auto busy = bookings.store().busy_rooms(start, end);
    auto free = rooms.list(true);
    std::erase_if(free, [&](const RoomView& v) {
      return !room_matches(v.room, filter) || std::find(busy.begin(), busy.end(), v.room.id) != busy.end();
    });
    return ok(json_list(free, [&](const RoomView& v) { return classroom_json(v.room, v.live, zone); }));
  });
}

}  // namespace classroom
