#include "auth/jwt.hpp"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace classroom {

namespace {
struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

std::string grant(jwt_t* j, const char* name) {
  const char* v = jwt_get_grant(j, name);
  return v ? v : "";
}
}  // namespace

JwtCodec::JwtCodec(std::string secret, std::chrono::seconds ttl) : secret_(std::move(secret)), ttl_(ttl) {
  if (secret_.size() < 32) throw std::invalid_argument("JWT secret must be at least 32 characters");
}

std::string JwtCodec::issue(std::int64_t user_id, Role role, int version, std::int64_t now) const {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  JwtPtr j(raw);
  auto key = reinterpret_cast<const unsigned char*>(secret_.data());
  if (jwt_set_alg(j.get(), JWT_ALG_HS256, key, static_cast<int>(secret_.size())) != 0 ||
      jwt_add_grant(j.get(), "sub", std::to_string(user_id).c_str()) != 0 ||
      jwt_add_grant(j.get(), "role", role_name(role)) != 0 ||
      jwt_add_grant_int(j.get(), "ver", version) != 0 ||
      jwt_add_grant_int(j.get(), "iat", now) != 0 ||
      jwt_add_grant_int(j.get(), "exp", now + ttl_.count()) != 0)
    throw std::runtime_error("building a token failed");
  char* out = jwt_encode_str(j.get());
  if (!out) throw std::runtime_error("encoding a token failed");
  std::string token(out);
  free(out);
  return token;
}

std::optional<TokenClaims> JwtCodec::verify(const std::string& token, std::int64_t now) const {
  if (token.empty() || token.size() > 4096) return std::nullopt;
  jwt_t* raw = nullptr;
  // libjwt 1.10 accepts any token when no key is passed: always pass ours, then check
  // the algorithm and the expiry ourselves (it has no validator).
  auto key = reinterpret_cast<const unsigned char*>(secret_.data());
  if (jwt_decode(&raw, token.c_str(), key, static_cast<int>(secret_.size())) != 0 || !raw)
    return std::nullopt;
  JwtPtr j(raw);
  if (jwt_get_alg(j.get()) != JWT_ALG_HS256) return std::nullopt;
  errno = 0;
  long exp = jwt_get_grant_int(j.get(), "exp");
  if (errno != 0 || exp <= now) return std::nullopt;
  auto role = parse_role(grant(j.get(), "role"));
  auto sub = grant(j.get(), "sub");
  if (!role || sub.empty()) return std::nullopt;
  TokenClaims c;
  try {
    c.user_id = std::stoll(sub);
  } catch (...) {
    return std::nullopt;
  }
  errno = 0;
  c.version = static_cast<int>(jwt_get_grant_int(j.get(), "ver"));
  if (errno != 0) return std::nullopt;
  c.role = *role;
  c.expires_at = exp;
  return c;
}

}  // namespace classroom
