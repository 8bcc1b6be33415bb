#pragma once
// HS256 access tokens. Only HS256 with our secret and an unexpired `exp` passes;
// alg "none", other algorithms and forged signatures are refused.
#include "domain/caller.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace classroom {

struct TokenClaims {
  std::int64_t user_id = 0;
  Role role = Role::staff;
  int version = 0;  // the user's token_version when issued: a bump revokes old tokens
  std::int64_t expires_at = 0;
};

class JwtCodec {
 public:
  JwtCodec(std::string secret, std::chrono::seconds ttl);
  std::string issue(std::int64_t user_id, Role role, int version, std::int64_t now) const;
  // nullopt for anything but a valid, unexpired token of ours.
  std::optional<TokenClaims> verify(const std::string& token, std::int64_t now) const;
  std::chrono::seconds ttl() const { return ttl_; }

 private:
  std::string secret_;
  std::chrono::seconds ttl_;
};


}  // namespace classroom
