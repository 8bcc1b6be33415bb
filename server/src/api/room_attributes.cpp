// The room attribute vocabulary: admins keep it, staff read it to filter by it.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "domain/room_filter.hpp"
#include "present/resources.hpp"
#include "storage/room_attributes.hpp"
#include "util/clock.hpp"

namespace classroom {

namespace {

std::optional<std::string> read_key(const Input& in) {
  auto key = in.opt_str("key", 40);
  if (key && !valid_attribute_key(*key))
    throw BadRequest("key", "key must be 1-40 of a-z, 0-9, '-' and '_', starting with a letter");
  return key;
}

}  // namespace

void add_room_attribute_routes(Router& r, RoomAttributeStore& attributes, const Clock& clock) {
  auto list = [&attributes](Request&) { return ok(json_list(attributes.list(), room_attribute_json)); };
  r.add("GET", "/api/admin/room-attributes", Access::admin, list);
  r.add("GET", "/api/staff/room-attributes", Access::staff, list);

  r.add("POST", "/api/admin/room-attributes", Access::admin, [&attributes, &clock](Request& req) {
    Input in(req.body);
    RoomAttribute a;
    a.key = read_key(in).value_or("");
    if (a.key.empty()) throw BadRequest("key", "key is required");
    a.label = in.str("label", 100);
    return created(room_attribute_json(attributes.create(a, clock.now())));
  });

  r.add("PUT", "/api/admin/room-attributes/{id}", Access::admin, [&attributes, &clock](Request& req) {
    Input in(req.body);
    RoomAttributePatch p;
    p.key = read_key(in);
    if (in.has("label")) p.label = in.str("label", 100);
    return ok(room_attribute_json(attributes.update(path_id(req), p, clock.now())));
  });

  r.add("DELETE", "/api/admin/room-attributes/{id}", Access::admin, [&attributes](Request& req) {
    auto force = req.query_param("force");
    attributes.remove(path_id(req), force && (*force == "1" || *force == "true"));
    return message("Room attribute deleted");
  });
}

}  // namespace classroom
