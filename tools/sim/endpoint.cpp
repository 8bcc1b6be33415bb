#include "endpoint.hpp"

#include <boost/url/parse.hpp>

namespace sim {

std::optional<Endpoint> parse_server_url(std::string_view url, std::string& error) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    error = "not a URL: " + std::string(url);
    return std::nullopt;
  }
  const auto& u = *parsed;
  if (u.scheme() == "https") {
    error = "https is not supported; point --server at the plain http listener (e.g. http://127.0.0.1:8080)";
    return std::nullopt;
  }
  if (u.scheme() != "http" || u.host().empty()) {
    error = "the server URL must look like http://HOST:PORT";
    return std::nullopt;
  }
  Endpoint e;
  e.host = std::string(u.host());
  if (e.host.size() > 2 && e.host.front() == '[' && e.host.back() == ']') e.host = e.host.substr(1, e.host.size() - 2);
  e.port = u.has_port() ? std::string(u.port()) : "80";
  e.base_path = std::string(u.encoded_path());
  while (!e.base_path.empty() && e.base_path.back() == '/') e.base_path.pop_back();
  return e;
}

}  // namespace sim
