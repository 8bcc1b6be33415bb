#include "http/server.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>

namespace classroom {

HostPort parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) throw std::invalid_argument("--listen must be HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  auto tail = std::string_view(listen).substr(colon + 1);
  auto [p, ec] = std::from_chars(tail.data(), tail.data() + tail.size(), port);
  if (ec != std::errc{} || p != tail.data() + tail.size() || port > 65535)
    throw std::invalid_argument("--listen port must be 0..65535");
  return {host, static_cast<std::uint16_t>(port)};
}

}  // namespace classroom
