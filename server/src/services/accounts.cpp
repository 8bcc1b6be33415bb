#include "services/accounts.hpp"

#include "auth/password.hpp"
#include "domain/errors.hpp"

namespace classroom {

namespace {
// Checks a password even for unknown users, so timing does not reveal who exists.
bool password_matches(const std::optional<User>& user, const std::string& password) {
  static const std::string dummy = hash_password("not-a-real-password");
  return verify_password(password, user ? user->password_hash : dummy) && user.has_value();
}

// Wrong passwords for one account from one client lock it out for a minute, then twice
// as long each time, up to an hour; the client as a whole keeps its fixed budget.
constexpr std::int64_t kLongestLockoutS = 3600;

void refuse_if_limited(RateLimiter& limiter, const std::string& key, std::int64_t now) {
  if (int wait = limiter.wait(key, now)) throw TooManyRequests(wait);
}
}  // namespace

AccountService::AccountService(UserStore& users, JwtCodec& jwt, CampusSync& sync, const Clock& clock,
                               int login_limit_per_min)
    : users_(users), jwt_(jwt), sync_(sync), clock_(clock), failures_by_client_(login_limit_per_min, 60),
      failures_by_user_(login_limit_per_min, 60, kLongestLockoutS), registrations_by_client_(login_limit_per_min, 60) {}

Caller AccountService::authenticate(const std::string& token) {
  auto claims = jwt_.verify(token, clock_.now());
  if (!claims) throw Unauthorized("Invalid or expired token");
  auto user = users_.find(claims->user_id);
  if (!user || !user->is_active || user->token_version != claims->version)
    throw Unauthorized("Token no longer valid");
  return Caller{user->id, user->username, user->role, claims->expires_at};
}

Session AccountService::session_for(const User& u) {
  return {jwt_.issue(u.id, u.role, u.token_version, clock_.now()), jwt_.ttl().count(), u};
}

Session AccountService::login(const std::string& username, const std::string& password, const std::string& client) {
  auto now = clock_.now();
  auto pair = username + "\n" + client;
  refuse_if_limited(failures_by_client_, client, now);
  refuse_if_limited(failures_by_user_, pair, now);
  auto user = users_.find_by_username(username);
  if (!password_matches(user, password)) {
    failures_by_client_.hit(client, now);
    failures_by_user_.hit(pair, now);
    throw Unauthorized("Invalid username or password");
  }
  if (!user->is_active) throw Unauthorized("Account is inactive");
  failures_by_user_.reset(pair);
  return session_for(*user);
}

Session AccountService::change_password(std::int64_t user_id, const std::string& current, const std::string& next) {
  if (auto problem = password_problem(next); !problem.empty()) throw BadRequest("new_password", problem);
  auto user = users_.find(user_id);
  if (!user || !verify_password(current, user->password_hash))
    throw BadRequest("current_password", "current_password is wrong");
  UserPatch patch;
  patch.password_hash = hash_password(next);
  auto updated = users_.update(user->id, patch, clock_.now());
  sync_.changed(Change::user, std::to_string(user->id));  // other sessions end
  return session_for(updated);
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
