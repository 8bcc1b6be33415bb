#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"
#include "app/app.hpp"
#include "live/campus.hpp"

namespace classroom {

namespace {

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

// A classroom with its live status: what the node last said, and what the server decides.
boost::json::object room_json(App& app, const Classroom& c) {
  auto body = classroom_json(c, app.zone);
  if (auto live = app.campus.room(c.id, app.clock.now())) {
    auto& status = body["status"].as_object();
    for (auto& kv : live_status_json(*live, app.zone)) status[kv.key()] = kv.value();
  }
  return body;
}

// Writes, then lets every instance's live campus follow.
Classroom synced(App& app, Classroom c) {
  app.changed(Change::room, std::to_string(c.id));
  return c;
}

}  // namespace

void add_classroom_routes(Router& r, App& app) {
  auto view = [&app](const Classroom& c) { return room_json(app, c); };

  r.add("GET", "/api/admin/classrooms", Access::admin, [&app, view](Request&) {
    return ok(json_list(app.rooms.list(false), view));
  });
  r.add("GET", "/api/staff/classrooms", Access::staff, [&app, view](Request&) {
    return ok(json_list(app.rooms.list(true), [&](const Classroom& c) {
      auto body = view(c);
      const auto& status = body["status"].as_object();
      auto flag = [&](const char* k) { auto* v = status.if_contains(k); return v && v->is_bool() && v->as_bool(); };
      body["free_now"] = !flag("is_booked") && !flag("is_occupied");  // nobody booked it and nobody is in it
      return body;
    }));
  });

  r.add("POST", "/api/admin/classrooms", Access::admin, [&app, view](Request& req) {
    Input in(req.body);
    Classroom c;
    c.name = in.str("name", 100);
    c.location = in.opt_str("location", 200).value_or("");
    c.capacity = static_cast<int>(in.opt_int("capacity", 0, 10000).value_or(0));
    c.is_active = in.opt_bool("is_active").value_or(true);
    if (auto dev = in.opt_str("esp_device_id", 64); dev && !dev->empty()) c.esp_device_id = dev;
    read_settings(in, c.settings);
    return created(view(synced(app, app.rooms.create(c))));
  });

  r.add("PUT", "/api/admin/classrooms/{id}", Access::admin, [&app, view](Request& req) {
    auto id = path_id(req);
    Input in(req.body);
    ClassroomPatch p;
    if (in.has("name")) p.name = in.str("name", 100);
    p.location = in.opt_str("location", 200);
    if (auto cap = in.opt_int("capacity", 0, 10000)) p.capacity = static_cast<int>(*cap);
    p.is_active = in.opt_bool("is_active");
    struct {
      std::optional<int> idle_timeout_s, power_off_delay_s, rated_load_w, no_show_grace_s;
      std::optional<bool> auto_power_on;
    } s;
    read_settings(in, s);
    p.idle_timeout_s = s.idle_timeout_s;
    p.power_off_delay_s = s.power_off_delay_s;
    p.rated_load_w = s.rated_load_w;
    p.no_show_grace_s = s.no_show_grace_s;
    p.auto_power_on = s.auto_power_on;
    return ok(view(synced(app, app.rooms.update(id, p))));
  });

  r.add("DELETE", "/api/admin/classrooms/{id}", Access::admin, [&app](Request& req) {
    auto id = path_id(req);
    bool deactivated = app.rooms.remove(id);
    app.changed(Change::room, std::to_string(id));
    return ok(boost::json::object{
        {"message", deactivated ? "Classroom has bookings: deactivated instead of deleted" : "Classroom deleted"},
        {"deactivated", deactivated}});
  });

  r.add("POST", "/api/admin/classrooms/{id}/device", Access::admin, [&app, view](Request& req) {
    auto id = path_id(req);
    Input in(req.body);
    return ok(view(synced(app, app.rooms.link_device(id, in.str("device_id", 64)))));
  });

  r.add("DELETE", "/api/admin/classrooms/{id}/device", Access::admin, [&app, view](Request& req) {
    return ok(view(synced(app, app.rooms.unlink_device(path_id(req)))));
  });
}

}  // namespace classroom
