#pragma once
// The one server the simulator talks to, from --server.
#include <optional>
#include <string>
#include <string_view>

namespace sim {

struct Endpoint {
  std::string host;
  std::string port;
  std::string base_path;  // without a trailing slash; "" for the root
};

// Plain http only: TLS belongs to the proxy in front of the server, not to a load tool.
std::optional<Endpoint> parse_server_url(std::string_view url, std::string& error);

}  // namespace sim
