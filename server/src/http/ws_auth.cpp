#include "http/ws_auth.hpp"

#include <vector>

namespace classroom {

namespace {

std::vector<std::string_view> split_list(std::string_view header) {
  std::vector<std::string_view> out;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = header.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

WsAuth ws_auth(std::string_view protocols, const std::optional<std::string>& query_token) {
  constexpr std::string_view bearer = "bearer.";
  WsAuth out;
  std::optional<std::string_view> offered;
  for (auto p : split_list(protocols)) {
    if (p == kWsProtocol) {
      out.echo_protocol = true;
    } else if (p.substr(0, bearer.size()) == bearer) {
      if (offered) return {{}, false, "Offer one bearer.<token> subprotocol, not several"};
      offered = p.substr(bearer.size());
    }
  }
  if (offered) {
    if (!out.echo_protocol) return {{}, false, "Offer the classroom.v1 subprotocol together with bearer.<token>"};
    if (offered->empty()) return {{}, false, "The bearer.<token> subprotocol carries no token"};
    out.token = std::string(*offered);
  } else if (query_token) {
    out.token = *query_token;
  }
  return out;
}

}  // namespace classroom
