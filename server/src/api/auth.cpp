#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"
#include "app/app.hpp"
#include "auth/password.hpp"

namespace classroom {

namespace {

void limit(RateLimiter& limiter, const std::string& key, std::int64_t now) {
  if (int wait = limiter.hit(key, now)) throw TooManyRequests(wait);
}

// Checks a password even for unknown users, so timing does not reveal who exists.
bool password_matches(const std::optional<User>& user, const std::string& password) {
  static const std::string dummy = hash_password("not-a-real-password");
  return verify_password(password, user ? user->password_hash : dummy) && user.has_value();
}

boost::json::object token_json(App& app, const User& u) {
  return {{"message", "Login successful"},
          {"access_token", app.jwt.issue(u.id, u.role, u.token_version, unix_now())},
          {"token_type", "Bearer"},
          {"expires_in", app.jwt.ttl().count()},
          {"user", user_json(u, app.zone)}};
}

}  // namespace

void add_auth_routes(Router& r, App& app) {
  r.add("POST", "/api/auth/login", Access::open, [&app](Request& req) {
    Input in(req.body);
    auto username = in.str("username", 64);
    auto password = in.str("password", 128);
    auto now = unix_now();
    limit(app.login_by_client, req.remote, now);
    limit(app.login_by_user, username, now);
    auto user = app.users.find_by_username(username);
    if (!password_matches(user, password)) throw Unauthorized("Invalid username or password");
    if (!user->is_active) throw Unauthorized("Account is inactive");
    app.login_by_user.reset(username);
    return ok(token_json(app, *user));
  });

  r.add("GET", "/api/auth/me", Access::user, [&app](Request& req) {
    auto user = app.users.find(req.caller->user_id);
    if (!user) throw Unauthorized("Account no longer exists");
    return ok(user_json(*user, app.zone));
  });

  r.add("POST", "/api/auth/change-password", Access::user, [&app](Request& req) {
    Input in(req.body);
    auto current = in.str("current_password", 128);
    auto next = in.str("new_password", 128);
    if (auto problem = password_problem(next); !problem.empty()) throw BadRequest("new_password", problem);
    auto user = app.users.find(req.caller->user_id);
    if (!user || !verify_password(current, user->password_hash))
      throw BadRequest("current_password", "current_password is wrong");
    UserPatch patch;
    patch.password_hash = hash_password(next);
    auto updated = app.users.update(user->id, patch);
    auto body = token_json(app, updated);
    body["message"] = "Password changed; other sessions are signed out";
    return ok(body);
  });

  r.add("POST", "/api/auth/register", Access::open, [&app](Request& req) {
    if (!app.cfg.allow_register) throw Forbidden("Self-registration is disabled on this server");
    limit(app.login_by_client, req.remote, unix_now());
    Input in(req.body);
    User u;
    u.username = in.str("username", 64);
    check_identifier("username", u.username, 3);
    u.email = in.str("email", 254);
    if (!looks_like_email(u.email)) throw BadRequest("email", "email is not a valid address");
    auto password = in.str("password", 128);
    if (auto problem = password_problem(password); !problem.empty()) throw BadRequest("password", problem);
    u.password_hash = hash_password(password);
    u.role = Role::staff;
    return created(user_json(app.users.create(u), app.zone));
  });
}

}  // namespace classroom
