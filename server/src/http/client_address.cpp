#include "http/client_address.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>

namespace classroom {

namespace {

std::optional<std::array<unsigned char, 16>> address_bytes(std::string_view text) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (a.is_v4()) a = boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, a.to_v4());
  auto b = a.to_v6().to_bytes();
  std::array<unsigned char, 16> out{};
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

bool contains(const Cidr& net, const std::array<unsigned char, 16>& a) {
  int bits = net.prefix;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
    if ((a[i] & mask) != (net.bytes[i] & mask)) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Cidr> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  auto bytes = address_bytes(text.substr(0, slash));
  if (!bytes) return std::nullopt;
  bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  Cidr c{*bytes, 128};
  if (slash != std::string_view::npos) {
    auto len = text.substr(slash + 1);
    int p = -1;
    auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), p);
    if (ec != std::errc{} || end != len.data() + len.size() || p < 0 || p > (v4 ? 32 : 128)) return std::nullopt;
    c.prefix = v4 ? p + 96 : p;
  }
  return c;
}

bool in_any(std::string_view address, const std::vector<Cidr>& nets) {
  auto a = address_bytes(address);
  if (!a) return false;
  for (const auto& n : nets)
    if (contains(n, *a)) return true;
  return false;
}

std::string client_address(const std::string& peer, std::string_view forwarded_for, const std::vector<Cidr>& trusted) {
  if (trusted.empty() || forwarded_for.empty() || !in_any(peer, trusted)) return peer;
  // Right to left: the first hop that is not one of our proxies is the client.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    auto comma = rest.rfind(',');
    auto hop = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (!address_bytes(hop)) return peer;  // garbage: believe only the socket
    if (!in_any(hop, trusted)) return std::string(hop);
  }
  return peer;
}

}  // namespace classroom
