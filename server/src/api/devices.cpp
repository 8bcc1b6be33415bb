#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"
#include "app/app.hpp"
#include "auth/password.hpp"

namespace classroom {

namespace {

std::optional<std::string> read_mac(const Input& in) {
  auto mac = in.opt_str("mac_address", 17);
  if (!mac || mac->empty()) return mac;
  bool valid = mac->size() == 17;
  for (std::size_t i = 0; valid && i < mac->size(); ++i)
    valid = (i % 3 == 2) ? ((*mac)[i] == ':' || (*mac)[i] == '-') : std::isxdigit(static_cast<unsigned char>((*mac)[i]));
  if (!valid) throw BadRequest("mac_address", "mac_address must look like AA:BB:CC:DD:EE:FF");
  return mac;
}

// Keys given by an admin must be as hard to guess as generated ones.
std::string read_or_generate_key(const Input& in) {
  auto key = in.opt_str("api_key", 128);
  if (!key) return "ck_" + random_token(32);
  if (key->size() < 16) throw BadRequest("api_key", "api_key must be at least 16 characters");
  return *key;
}

}  // namespace

void add_device_routes(Router& r, App& app) {
  auto list = [&app](Request&) {
    return ok(json_list(app.devices.list(), [&](const Device& d) { return device_json(d, app.zone); }));
  };
  r.add("GET", "/api/admin/devices", Access::admin, list);
  r.add("GET", "/api/admin/devices/status", Access::admin, list);

  r.add("POST", "/api/admin/devices", Access::admin, [&app](Request& req) {
    Input in(req.body);
    Device d;
    d.device_id = in.str("device_id", 64);
    check_identifier("device_id", d.device_id, 1);
    d.name = in.opt_str("name", 100).value_or(d.device_id);
    d.mac_address = read_mac(in).value_or("");
    auto key = read_or_generate_key(in);
    d.api_key_hash = sha256_hex(key);
    auto body = device_json(app.devices.create(d), app.zone);
    app.changed(Change::device, d.device_id);
    body["api_key"] = key;  // shown this once; only its hash is stored
    return created(body);
  });

  r.add("PUT", "/api/admin/devices/{device_id}", Access::admin, [&app](Request& req) {
    Input in(req.body);
    DevicePatch p;
    p.name = in.opt_str("name", 100);
    if (p.name && p.name->empty()) throw BadRequest("name", "name must not be empty");
    p.mac_address = read_mac(in);
    p.is_active = in.opt_bool("is_active");
    auto updated = app.devices.update(req.param("device_id"), p);
    app.changed(Change::device, updated.device_id);
    return ok(device_json(updated, app.zone));
  });

  r.add("POST", "/api/admin/devices/{device_id}/rotate-key", Access::admin, [&app](Request& req) {
    const auto& id = req.param("device_id");
    std::string key = "ck_" + random_token(32);
    app.devices.set_key_hash(id, sha256_hex(key));
    app.changed(Change::device, id);
    return ok(boost::json::object{{"message", "API key rotated; the old key no longer works"},
                                  {"device_id", id},
                                  {"api_key", key}});
  });

  r.add("DELETE", "/api/admin/devices/{device_id}", Access::admin, [&app](Request& req) {
    auto device = app.devices.find(req.param("device_id"));
    app.devices.remove(req.param("device_id"));
    app.changed(Change::device, req.param("device_id"));
    if (device && device->classroom_id) app.changed(Change::room, std::to_string(*device->classroom_id));
    return message("Device deleted");
  });
}

}  // namespace classroom
