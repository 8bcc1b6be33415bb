#include "domain/oidc_claims.hpp"

#include <boost/json.hpp>

namespace classroom {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxReturnPath = 512;

std::string str(const json::object& o, const char* name) {
  auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

std::optional<std::int64_t> seconds(const json::object& o, const char* name) {
  auto* v = o.if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  return std::nullopt;
}

}  // namespace

std::string check_id_token_claims(const json::object& claims, const IdTokenExpectations& e) {
  auto iss = str(claims, "iss");
  if (iss != e.issuer) return "wrong issuer '" + iss + "' (expected '" + e.issuer + "')";
  if (str(claims, "sub").empty()) return "the ID token names no subject (sub)";
  // aud: the client id, or an array holding it; with other audiences too, azp must be us.
  auto* aud = claims.if_contains("aud");
  bool ours = false;
  std::size_t audiences = 0;
  if (aud && aud->is_string()) ours = aud->as_string() == e.client_id, audiences = 1;
  if (aud && aud->is_array()) {
    for (const auto& a : aud->as_array()) ours = ours || (a.is_string() && a.as_string() == e.client_id);
    audiences = aud->as_array().size();
  }
  if (!ours) {
    std::string sent = aud && aud->is_string() ? std::string(aud->as_string()) : (aud ? json::serialize(*aud) : "none");
    return "wrong audience '" + sent + "' (expected the client id '" + e.client_id + "')";
  }
  if (audiences > 1 && str(claims, "azp") != e.client_id) return "the token is for several audiences and azp is not this client";
  auto exp = seconds(claims, "exp");
  auto iat = seconds(claims, "iat");
  if (!exp) return "the ID token has no expiry (exp)";
  if (!iat) return "the ID token has no issue time (iat)";
  if (e.now > *exp + e.skew_s) return "expired " + std::to_string(e.now - *exp) + " s ago";
  if (*iat > e.now + e.skew_s)
    return "clock skew " + std::to_string(*iat - e.now) + " s: the token was issued in the future (check both clocks)";
  if (str(claims, "nonce") != e.nonce || e.nonce.empty()) return "nonce does not match this sign-in (a replayed token)";
  return "";
}

std::vector<std::string> claim_strings(const json::object& claims, const std::string& name) {
  std::vector<std::string> out;
  auto* v = claims.if_contains(name);
  if (v && v->is_string() && !v->as_string().empty()) out.emplace_back(v->as_string());
  if (v && v->is_array())
    for (const auto& g : v->as_array())
      if (g.is_string() && !g.as_string().empty()) out.emplace_back(g.as_string());
  return out;
}

std::string claim_username(const json::object& claims) {
  for (const char* name : {"preferred_username", "email", "sub"})
    if (auto s = str(claims, name); !s.empty()) return s;
  return "";
}

std::optional<std::string> safe_return_path(std::string_view next) {
  if (next.empty() || next.size() > kMaxReturnPath || next[0] != '/') return std::nullopt;
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return std::nullopt;  // protocol-relative
  for (unsigned char c : next)
    if (c < 0x20 || c == 0x7f || c == '\\') return std::nullopt;
  return std::string(next);
}

}  // namespace classroom
