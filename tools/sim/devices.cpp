#include "devices.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace json = boost::json;

namespace sim {

std::optional<std::vector<DeviceIdentity>> parse_devices(std::string_view text, std::string& error) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) {
    error = "the devices file must be a JSON list";
    return std::nullopt;
  }
  std::vector<DeviceIdentity> out;
  for (std::size_t i = 0; i < v.get_array().size(); ++i) {
    const auto& item = v.get_array()[i];
    const auto* o = item.if_object();
    const auto* id = o ? o->if_contains("device_id") : nullptr;
    const auto* key = o ? o->if_contains("api_key") : nullptr;
    if (!id || !id->is_string() || !key || !key->is_string() || id->get_string().empty()) {
      error = fmt::format("entry {} needs string fields device_id and api_key", i);
      return std::nullopt;
    }
    DeviceIdentity d{std::string(id->get_string()), std::string(key->get_string()), 0, {}};
    if (const auto* c = o->if_contains("classroom_id"); c && c->is_int64()) d.classroom_id = c->get_int64();
    if (const auto* n = o->if_contains("classroom_name"); n && n->is_string())
      d.classroom_name = std::string(n->get_string());
    out.push_back(std::move(d));
  }
  if (out.empty()) {
    error = "the devices file lists no device";
    return std::nullopt;
  }
  return out;
}

std::string devices_json(const std::vector<DeviceIdentity>& devices) {
  json::array a;
  for (const auto& d : devices)
    a.push_back(json::object{{"device_id", d.device_id}, {"api_key", d.api_key},
                             {"classroom_id", d.classroom_id}, {"classroom_name", d.classroom_name}});
  return json::serialize(a) + "\n";
}

std::string simulated_mac(std::uint32_t run_tag, std::uint32_t n) {
  return fmt::format("02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", run_tag & 0xff, (run_tag >> 8) & 0xff,
                     (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

}  // namespace sim
