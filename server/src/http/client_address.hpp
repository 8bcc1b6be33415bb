#pragma once
// The client's address behind a reverse proxy. Only when the connection comes from a
// trusted proxy is X-Forwarded-For believed: the client is the right-most address in
// it that is not itself a trusted proxy. Otherwise the header is ignored.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

struct Cidr {
  std::array<unsigned char, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
  int prefix = 128;
};

// "10.0.0.0/8", "::1", "192.168.1.7"; nullopt when malformed.
std::optional<Cidr> parse_cidr(std::string_view text);
bool in_any(std::string_view address, const std::vector<Cidr>& nets);

std::string client_address(const std::string& peer, std::string_view forwarded_for, const std::vector<Cidr>& trusted);

}  // namespace classroom
