#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/rule_input.hpp"
#include "present/resources.hpp"
#include "services/rooms.hpp"

namespace classroom {

namespace {

// "attributes": a list of attribute keys (the store refuses unknown ones).
std::optional<std::vector<std::string>> read_attributes(const Input& in) {
  if (!in.has("attributes")) return std::nullopt;
  const auto& v = in.object().at("attributes");
  auto bad = [] { return BadRequest("attributes", "attributes must be a list of room attribute keys"); };
  if (!v.is_array()) throw bad();
  std::vector<std::string> keys;
  for (const auto& k : v.as_array()) {
    if (!k.is_string()) throw bad();
    keys.emplace_back(k.as_string());
  }
  return keys;
}

template <class T>
void read_settings(const Input& in, T& s) {
  auto set = [&](const char* field, auto& target, std::int64_t min, std::int64_t max) {
    if (auto v = in.opt_int(field, min, max)) target = static_cast<int>(*v);
  };
  set("idle_timeout_s", s.idle_timeout_s, 10, 86400);
  set("power_off_delay_s", s.power_off_delay_s, 0, 86400);
  set("rated_load_w", s.rated_load_w, 0, 100000);
  set("no_show_grace_s", s.no_show_grace_s, 60, 7200);
  if (auto v = in.opt_bool("auto_power_on")) s.auto_power_on = *v;
}

Classroom read_new(const Request& req) {
  Input in(req.body);
  Classroom c;
  c.name = in.str("name", 100);
  c.location = in.opt_str("location", 200).value_or("");
  c.building_id = in.opt_int("building_id", 1, INT64_MAX);
  c.floor = in.opt_str("floor", 40).value_or("");
  c.attributes = read_attributes(in).value_or(std::vector<std::string>{});
  c.capacity = static_cast<int>(in.opt_int("capacity", 0, 10000).value_or(0));
  c.is_active = in.opt_bool("is_active").value_or(true);
  c.requires_approval = in.opt_bool("requires_approval").value_or(false);
  c.rules = edited({}, read_rule_edit(in));
  if (auto dev = in.opt_str("esp_device_id", 64); dev && !dev->empty()) c.esp_device_id = dev;
  read_settings(in, c.settings);
  return c;
}

ClassroomPatch read_patch(const Request& req) {
  Input in(req.body);
  ClassroomPatch p;
  if (in.has("name")) p.name = in.str("name", 100);
  p.location = in.opt_str("location", 200);
  p.building_id = in.opt_int("building_id", 1, INT64_MAX);
  p.floor = in.opt_str("floor", 40);
  p.attributes = read_attributes(in);
  if (auto cap = in.opt_int("capacity", 0, 10000)) p.capacity = static_cast<int>(*cap);
  p.is_active = in.opt_bool("is_active");
  p.requires_approval = in.opt_bool("requires_approval");
  p.rules = read_rule_edit(in);
  read_settings(in, p);
  return p;
}

}  // namespace

void add_classroom_routes(Router& r, RoomService& rooms, const date::time_zone* zone) {
  auto view = [zone](const RoomView& v) { return classroom_json(v.room, v.live, zone); };

  r.add("GET", "/api/admin/classrooms", Access::admin, [&rooms, view](Request&) {
    return ok(json_list(rooms.list(false), view));
  });
  r.add("GET", "/api/staff/classrooms", Access::staff, [&rooms, view](Request&) {
    return ok(json_list(rooms.list(true), [&](const RoomView& v) {
      auto body = view(v);
      body["free_now"] = free_now(v.live);
      return body;
    }));
  });

  r.add("POST", "/api/admin/classrooms", Access::admin,
        [&rooms, view](Request& req) { return created(view(rooms.create(read_new(req)))); });
  r.add("PUT", "/api/admin/classrooms/{id}", Access::admin,
        [&rooms, view](Request& req) { return ok(view(rooms.update(path_id(req), read_patch(req)))); });

  r.add("DELETE", "/api/admin/classrooms/{id}", Access::admin, [&rooms](Request& req) {
    bool deactivated = rooms.remove(path_id(req));
    return ok(boost::json::object{
        {"message", deactivated ? "Classroom has bookings: deactivated instead of deleted" : "Classroom deleted"},
        {"deactivated", deactivated}});
  });

  r.add("POST", "/api/admin/classrooms/{id}/device", Access::admin, [&rooms, view](Request& req) {
    return ok(view(rooms.link_device(path_id(req), Input(req.body).str("device_id", 64))));
  });
  r.add("DELETE", "/api/admin/classrooms/{id}/device", Access::admin,
        [&rooms, view](Request& req) { return ok(view(rooms.unlink_device(path_id(req)))); });
}

}  // namespace classroom
