#pragma once
// Registers simulated rooms and devices through the admin API before a run.
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "devices.hpp"
#include "http_client.hpp"

namespace sim {

struct RegisterOptions {
  std::size_t count = 0;
  std::string username;
  std::string password;
  std::string prefix;      // device ids are PREFIX-0001, ...; rooms "PREFIX room 1"
  std::uint32_t run_tag = 0;
};

// Logs in, then creates a classroom and a device per node and links them. Returns the
// identities (with the API keys the server showed once), or nothing with `error` set.
boost::asio::awaitable<std::optional<std::vector<DeviceIdentity>>> register_fleet(
    HttpClient& http, RegisterOptions options, std::string& error);

}  // namespace sim
