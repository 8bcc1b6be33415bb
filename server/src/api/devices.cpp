#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/rooms.hpp"

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

boost::json::object with_key(const DeviceWithKey& d, const date::time_zone* zone) {
  auto body = device_json(d.device, zone);
  body["api_key"] = d.api_key;  // shown this once; only its hash is stored
  return body;
}

}  // namespace

void add_device_routes(Router& r, RoomService& rooms, const date::time_zone* zone) {
  auto list = [&rooms, zone](Request&) {
    return ok(json_list(rooms.devices(), [&](const Device& d) { return device_json(d, zone); }));
  };
  r.add("GET", "/api/admin/devices", Access::admin, list);
  r.add("GET", "/api/admin/devices/status", Access::admin, list);

  r.add("POST", "/api/admin/devices", Access::admin, [&rooms, zone](Request& req) {
    Input in(req.body);
    Device d;
    d.device_id = in.str("device_id", 64);
    check_identifier("device_id", d.device_id, 1);
    d.name = in.opt_str("name", 100).value_or(d.device_id);
    d.mac_address = read_mac(in).value_or("");
    return created(with_key(rooms.register_device(d, in.opt_str("api_key", 128).value_or("")), zone));
  });

  r.add("PUT", "/api/admin/devices/{device_id}", Access::admin, [&rooms, zone](Request& req) {
    Input in(req.body);
    DevicePatch p;
    p.name = in.opt_str("name", 100);
    if (p.name && p.name->empty()) throw BadRequest("name", "name must not be empty");
    p.mac_address = read_mac(in);
    p.is_active = in.opt_bool("is_active");
    return ok(device_json(rooms.update_device(req.param("device_id"), p), zone));
  });

  r.add("POST", "/api/admin/devices/{device_id}/rotate-key", Access::admin, [&rooms, zone](Request& req) {
    auto body = with_key(rooms.rotate_key(req.param("device_id")), zone);
    body["message"] = "API key rotated; the old key no longer works";
    return ok(body);
  });

  r.add("DELETE", "/api/admin/devices/{device_id}", Access::admin, [&rooms](Request& req) {
    rooms.remove_device(req.param("device_id"));
    return message("Device deleted");
  });
}

}  // namespace classroom
