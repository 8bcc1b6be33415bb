#include "domain/webhook_rules.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace classroom {

const std::vector<std::string>& webhook_event_names() {
  static const std::vector<std::string> names = {
      "room.occupied",   "room.vacant",     "room.power",        "device.offline",   "device.online",
      "booking.created", "booking.changed", "booking.cancelled", "booking.released", "sensor.fault"};
  return names;
}

bool is_webhook_event(std::string_view name) {
  const auto& names = webhook_event_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

namespace {

std::optional<std::string> blocked_v4(const std::array<unsigned char, 4>& a) {
  if (a[0] == 127) return "loopback";
  if (a[0] == 0) return "unspecified";
  if (a[0] == 169 && a[1] == 254) return a[2] == 169 && a[3] == 254 ? "metadata" : "link-local";
  if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168)) return "private";
  if (a[0] == 100 && (a[1] & 0xc0) == 64) return "private";  // carrier-grade NAT, 100.64.0.0/10
  if (a[0] >= 224) return "multicast";                       // and the reserved 240/4, broadcast
  return std::nullopt;
}

}  // namespace

std::optional<std::string> blocked_address(const std::string& ip) {
  std::array<unsigned char, 4> v4{};
  if (::inet_pton(AF_INET, ip.c_str(), v4.data()) == 1) return blocked_v4(v4);
  std::array<unsigned char, 16> v6{};
  if (::inet_pton(AF_INET6, ip.c_str(), v6.data()) != 1) return "not an address";
  bool zero_head = std::all_of(v6.begin(), v6.begin() + 10, [](unsigned char b) { return b == 0; });
  if (zero_head && v6[10] == 0xff && v6[11] == 0xff)  // ::ffff:a.b.c.d, an IPv4 address in IPv6 clothes
    return blocked_v4({v6[12], v6[13], v6[14], v6[15]});
  if (zero_head && v6[10] == 0 && v6[11] == 0 && v6[12] == 0 && v6[13] == 0 && v6[14] == 0)
    return v6[15] == 1 ? "loopback" : (v6[15] == 0 ? std::optional<std::string>("unspecified") : std::nullopt);
  if (v6[0] == 0xfe && (v6[1] & 0xc0) == 0x80) return "link-local";  // fe80::/10
  if ((v6[0] & 0xfe) == 0xfc) {                                      // fc00::/7
    // fd00:ec2::254 is the cloud metadata service over IPv6.
    static const std::array<unsigned char, 16> metadata{0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
    return v6 == metadata ? "metadata" : "private";
  }
  if (v6[0] == 0xff) return "multicast";
  return std::nullopt;
}

std::int64_t retry_delay_s(std::int64_t failures, std::int64_t min_s, std::int64_t max_s, double jitter) {
  min_s = std::max<std::int64_t>(min_s, 1);
  max_s = std::max(max_s, min_s);
  std::int64_t delay = min_s;
  for (std::int64_t i = 1; i < failures && delay < max_s; ++i) delay *= 2;
  delay = std::min(delay, max_s);
  auto spread = static_cast<std::int64_t>(std::floor(static_cast<double>(delay) * 0.2 * std::clamp(jitter, 0.0, 1.0)));
  return std::clamp(delay - spread, min_s, max_s);
}

std::vector<std::string> room_transitions(const std::optional<Observation>& before, const Report& now) {
  Observation was = before.value_or(Observation{});
  std::vector<std::string> out;
  if (was.is_occupied != now.is_occupied) out.push_back(now.is_occupied ? "room.occupied" : "room.vacant");
  if (was.is_power_on != now.is_power_on) out.push_back("room.power");
  if (was.sensor_ok && !now.sensor_ok) out.push_back("sensor.fault");
  return out;
}

}  // namespace classroom
