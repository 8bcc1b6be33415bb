#pragma once
// The identities the virtual nodes use: read from the demo set-up's JSON file, or made
// by registering through the admin API (and then saved in the same format).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

struct DeviceIdentity {
  std::string device_id;
  std::string api_key;
  std::int64_t classroom_id = 0;
  std::string classroom_name;
};

// [{"device_id","api_key","classroom_id","classroom_name"}]; the last two optional.
std::optional<std::vector<DeviceIdentity>> parse_devices(std::string_view json, std::string& error);
std::string devices_json(const std::vector<DeviceIdentity>& devices);

// A locally administered MAC address for the n-th simulated device of a run.
std::string simulated_mac(std::uint32_t run_tag, std::uint32_t n);

}  // namespace sim
