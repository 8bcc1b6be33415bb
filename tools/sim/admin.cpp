#include "admin.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

namespace sim {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// The object itself, or the one nested under `wrapper` (servers differ in this).
const json::object* body_object(const json::value& v, std::string_view wrapper) {
  if (!v.is_object()) return nullptr;
  if (auto* inner = v.get_object().if_contains(wrapper); inner && inner->is_object()) return &inner->get_object();
  return &v.get_object();
}

std::string why(const HttpResponse& r) {
  if (r.status == 0) return r.error;
  return fmt::format("HTTP {}: {}", r.status, r.body.substr(0, 300));
}

asio::awaitable<std::optional<DeviceIdentity>> register_one(HttpClient& http, const std::string& token,
                                                            const RegisterOptions& o, std::size_t n,
                                                            std::string& error) {
  DeviceIdentity d;
  d.device_id = fmt::format("{}-{:04}", o.prefix, n + 1);
  d.classroom_name = fmt::format("{} room {}", o.prefix, n + 1);

  auto room_req = post_as_admin(
      "/api/admin/classrooms",
      json::serialize(json::object{{"name", d.classroom_name}, {"location", "Simulated campus"}, {"capacity", 30}}),
      token);
  auto room = co_await http.send(std::move(room_req));
  boost::system::error_code ec;
  json::value rv = json::parse(room.body, ec);
  const auto* ro = body_object(rv, "classroom");
  if ((room.status != 200 && room.status != 201) || !ro || !ro->contains("id") || !(*ro).at("id").is_int64()) {
    error = "creating classroom " + d.classroom_name + " failed: " + why(room);
    co_return std::nullopt;
  }
  d.classroom_id = ro->at("id").get_int64();

  auto dev_req = post_as_admin(
      "/api/admin/devices",
      json::serialize(json::object{{"device_id", d.device_id},
                                   {"name", "Simulated node " + std::to_string(n + 1)},
                                   {"mac_address", simulated_mac(o.run_tag, static_cast<std::uint32_t>(n))}}),
      token);
  auto dev = co_await http.send(std::move(dev_req));
  json::value dv = json::parse(dev.body, ec);
  const auto* dobj = body_object(dv, "device");
  if ((dev.status != 200 && dev.status != 201) || !dobj || !dobj->contains("api_key") || !dobj->at("api_key").is_string()) {
    error = "creating device " + d.device_id + " failed: " + why(dev);
    co_return std::nullopt;
  }
  d.api_key = std::string(dobj->at("api_key").get_string());

  auto link_req = post_as_admin(fmt::format("/api/admin/classrooms/{}/device", d.classroom_id),
                                json::serialize(json::object{{"device_id", d.device_id}}), token);
  auto link = co_await http.send(std::move(link_req));
  if (link.status < 200 || link.status > 299) {
    error = "linking " + d.device_id + " to " + d.classroom_name + " failed: " + why(link);
    co_return std::nullopt;
  }
  co_return d;
}

}  // namespace

asio::awaitable<std::optional<std::vector<DeviceIdentity>>> register_fleet(HttpClient& http, RegisterOptions o,
                                                                           std::string& error) {
  auto login_req =
      post_as_admin("/api/auth/login", json::serialize(json::object{{"username", o.username}, {"password", o.password}}), {});
  auto login = co_await http.send(std::move(login_req));
  boost::system::error_code ec;
  auto lv = json::parse(login.body, ec);
  if (login.status != 200 || ec || !lv.is_object() || !lv.get_object().contains("access_token") ||
      !lv.get_object().at("access_token").is_string()) {
    error = "admin login failed: " + why(login);
    co_return std::nullopt;
  }
  const std::string token(lv.get_object().at("access_token").get_string());

  // One device after another: a few milliseconds each, and the server's admin API is
  // not what a run measures.
  std::vector<DeviceIdentity> out;
  for (std::size_t n = 0; n < o.count; ++n) {
    auto d = co_await register_one(http, token, o, n, error);
    if (!d) co_return std::nullopt;
    out.push_back(std::move(*d));
  }
  co_return out;
}

}  // namespace sim
