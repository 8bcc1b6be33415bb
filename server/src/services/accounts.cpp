#include "services/accounts.hpp"

#include "auth/password.hpp"
#include "domain/errors.hpp"

namespace classroom {

namespace {
void refuse_if_limited(RateLimiter& limiter, const std::string& key, std::int64_t now) {
  if (int wait = limiter.wait(key, now)) throw TooManyRequests(wait);
}
}  // namespace

AccountService::AccountService(UserStore& users, JwtCodec& jwt, CampusSync& sync, const Clock& clock,
                               int login_limit_per_min)
    : users_(users), jwt_(jwt), sync_(sync), clock_(clock), registrations_by_client_(login_limit_per_min, 60) {}

Caller AccountService::authenticate(const std::string& token) {
  auto claims = jwt_.verify(token, clock_.now());
  if (!claims) throw Unauthorized("Invalid or expired token");
  auto user = users_.find(claims->user_id);
  if (!user || !user->is_active || user->token_version != claims->version)
    throw Unauthorized("Token no longer valid");
  return Caller{user->id, user->username, user->role, claims->expires_at};
}

Session AccountService::open_session(const User& u) {
  return {jwt_.issue(u.id, u.role, u.token_version, clock_.now()), jwt_.ttl().count(), u};
}

User AccountService::apply_external(const User& u) {
  auto before = users_.find_by_username(u.username);
  auto after = users_.sync_external(u, clock_.now());
  if (before && before->token_version != after.token_version) sync_.changed(Change::user, std::to_string(after.id));
  return after;
}

Session AccountService::change_password(std::int64_t user_id, const std::string& current, const std::string& next) {
  if (auto problem = password_problem(next); !problem.empty()) throw BadRequest("new_password", problem);
  auto user = users_.find(user_id);
  if (user && user->source != "local")
    throw BadRequest("current_password", "this account signs in through the campus directory; change the password there");
  if (!user || !verify_password(current, user->password_hash))
    throw BadRequest("current_password", "current_password is wrong");
  UserPatch patch;
  patch.password_hash = hash_password(next);
  auto updated = users_.update(user->id, patch, clock_.now());
  sync_.changed(Change::user, std::to_string(user->id));  // other sessions end
  return open_session(updated);
}

User AccountService::register_staff(User u, const std::string& client) {
  auto now = clock_.now();
  refuse_if_limited(registrations_by_client_, client, now);
  registrations_by_client_.hit(client, now);
  u.role = Role::staff;
  return users_.create(u, now);
}

User AccountService::update(std::int64_t id, const UserPatch& p) {
  auto before = users_.find(id);
  auto after = users_.update(id, p, clock_.now());
  if (before && (before->token_version != after.token_version || !after.is_active))
    sync_.changed(Change::user, std::to_string(id));
  return after;
}

void AccountService::remove(std::int64_t id) {
  users_.remove(id, clock_.now());
  sync_.changed(Change::user, std::to_string(id));
}

}  // namespace classroom
