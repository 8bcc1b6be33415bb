// The proxy address logic (http/client_address.hpp). Input: line 1 the trusted
// proxies (comma list, as CLASSROOM_TRUSTED_PROXIES), line 2 the socket's peer, the
// rest an X-Forwarded-For value. The answer is the peer or one hop of the header, never
// a trusted proxy when it comes from the header; an address lies in its own network.
#include "check.hpp"
#include "http/client_address.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace classroom;

namespace {

std::string_view line(std::string_view& in) {
  auto nl = in.find('\n');
  auto l = in.substr(0, nl);
  in = nl == std::string_view::npos ? std::string_view{} : in.substr(nl + 1);
  return l;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto proxies = line(in);
  std::string peer(line(in));
  std::string_view xff = in;

  std::vector<Cidr> trusted;
  try {
    while (!proxies.empty()) {
      auto comma = proxies.find(',');
      auto item = proxies.substr(0, comma);
      proxies = comma == std::string_view::npos ? std::string_view{} : proxies.substr(comma + 1);
      if (auto c = parse_cidr(item)) {
        FUZZ_CHECK(c->prefix >= 0 && c->prefix <= 128, "prefix %d", c->prefix);
        // An address is inside its own network.
        auto addr = item.substr(0, item.find('/'));
        FUZZ_CHECK(in_any(addr, {*c}), "%.*s not in its own network", int(item.size()), item.data());
        trusted.push_back(*c);
      }
    }
    std::string who = client_address(peer, xff, trusted);
    if (who != peer) {
      FUZZ_CHECK(xff.find(who) != std::string_view::npos, "client %s is neither the peer nor in the header",
                 who.c_str());
      FUZZ_CHECK(in_any(peer, trusted), "header believed from an untrusted peer %s", peer.c_str());
      FUZZ_CHECK(!in_any(who, trusted), "client %s is itself a trusted proxy", who.c_str());
      FUZZ_CHECK(!who.empty() && who.front() != ' ' && who.back() != ' ', "client [%s] not trimmed", who.c_str());
    }
    if (trusted.empty()) FUZZ_CHECK(who == peer, "no proxies, yet the header was believed");
  } catch (const std::exception& e) {
    fuzz_unexpected("client_address", &e);
  }
  return 0;
}
