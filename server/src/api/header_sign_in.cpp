// Sign-in by the proxy in front (Shibboleth SP, mod_auth_mellon, an nginx auth module):
// it authenticated the user and names them and their groups in headers. Only a
// connection from a --trusted-proxy is believed; anyone else could set those headers.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/session_json.hpp"
#include "http/client_address.hpp"
#include "services/sign_in.hpp"

#include <cctype>

namespace classroom {

namespace {

// Shibboleth and mellon join the values of a multi-valued attribute with ';'.
std::vector<std::string> split_groups(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start <= text.size();) {
    auto end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    auto g = text.substr(start, end - start);
    while (!g.empty() && g.front() == ' ') g.erase(0, 1);
    while (!g.empty() && g.back() == ' ') g.pop_back();
    if (!g.empty()) out.push_back(g);
    start = end + 1;
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void add_header_sign_in_routes(Router& r, SignInService& sign_in, HeaderSignIn s, const date::time_zone* zone) {
  r.add("POST", "/api/auth/header-login", Access::open, [&sign_in, s = std::move(s), zone](Request& req) {
    if (s.user_header.empty()) throw NotFound("Header sign-in is not enabled on this server (--auth-header)");
    if (!in_any(req.peer, s.trusted))
      throw Forbidden("The user header is honoured only from a trusted proxy (--trusted-proxy)");
    auto username = req.header(lower(s.user_header));
    if (username.empty()) throw Unauthorized("The proxy sent no " + s.user_header + " header");
    if (username.size() > 254) throw BadRequest(s.user_header, s.user_header + " is longer than 254 characters");
    ExternalIdentity who;
    who.source = "header";
    who.username = username;
    who.external_id = username;
    who.attributes.emplace_back(s.user_header, username);
    if (!s.groups_header.empty()) {
      auto groups = req.header(lower(s.groups_header));
      who.attributes.emplace_back(s.groups_header, groups);
      who.groups = split_groups(groups);
    }
    return ok(session_json(sign_in.login_vouched(who), "Login successful", zone));
  });
}

}  // namespace classroom
