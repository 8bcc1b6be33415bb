#pragma once
// Accounts and sessions: sign-in with its limits, token checks on every call, and the
// admin's user management. A change that ends a user's sessions (deactivated,
// deleted, demoted, new password) closes their open dashboards on every instance.
#include "auth/jwt.hpp"
#include "auth/rate_limit.hpp"
#include "services/campus_sync.hpp"
#include "storage/users.hpp"
#include "util/clock.hpp"

#include <string>

namespace classroom {

struct Session {
  std::string token;
  std::int64_t expires_in_s = 0;
  User user;
};

class AccountService {
 public:
  AccountService(UserStore& users, JwtCodec& jwt, CampusSync& sync, const Clock& clock, int login_limit_per_min);

  // Bearer token → the signed-in account; Unauthorized when the token is bad or the
  // account is gone, inactive, or its tokens were revoked.
  Caller authenticate(const std::string& token);
  // A session for an account whose sign-in was checked (services/sign_in).
  Session open_session(const User& u);
  // A directory or SSO account as its sign-in found it (created, re-roled, deactivated);
  // when that revokes its tokens, its sessions end everywhere.
  User apply_external(const User& u);
  Session change_password(std::int64_t user_id, const std::string& current, const std::string& next_hash_source);
  User register_staff(User u, const std::string& client);

  UserStore& users() { return users_; }
  User create(const User& u) { return users_.create(u, clock_.now()); }
  User update(std::int64_t id, const UserPatch& p);
  void remove(std::int64_t id);

 private:
  UserStore& users_;
  JwtCodec& jwt_;
  CampusSync& sync_;
  const Clock& clock_;
  RateLimiter registrations_by_client_;
};

}  // namespace classroom
