// Sign-in, the signed-in account, password change and (when enabled) registration.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/session_json.hpp"
#include "auth/password.hpp"
#include "present/resources.hpp"
#include "services/accounts.hpp"
#include "services/sign_in.hpp"

namespace classroom {

void add_auth_routes(Router& r, AccountService& accounts, SignInService& sign_in, const date::time_zone* zone,
                     bool allow_register) {
  r.add("POST", "/api/auth/login", Access::open, [&sign_in, zone](Request& req) {
    Input in(req.body);
    auto username = in.str("username", 64);
    auto password = in.str("password", 128);
    return ok(session_json(sign_in.login(username, password, req.remote), "Login successful", zone));
  });

  r.add("GET", "/api/auth/me", Access::user, [&accounts, zone](Request& req) {
    auto user = accounts.users().find(req.caller->user_id);
    if (!user) throw Unauthorized("Account no longer exists");
    return ok(user_json(*user, zone));
  });

  r.add("POST", "/api/auth/change-password", Access::user, [&accounts, zone](Request& req) {
    Input in(req.body);
    auto current = in.str("current_password", 128);
    auto next = in.str("new_password", 128);
    auto session = accounts.change_password(req.caller->user_id, current, next);
    return ok(session_json(session, "Password changed; other sessions are signed out", zone));
  });

  r.add("POST", "/api/auth/register", Access::open, [&accounts, zone, allow_register](Request& req) {
    if (!allow_register) throw Forbidden("Self-registration is disabled on this server");
    Input in(req.body);
    User u;
    u.username = in.str("username", 64);
    check_identifier("username", u.username, 3);
    u.email = in.str("email", 254);
    if (!looks_like_email(u.email)) throw BadRequest("email", "email is not a valid address");
    auto password = in.str("password", 128);
    if (auto problem = password_problem(password); !problem.empty()) throw BadRequest("password", problem);
    u.password_hash = hash_password(password);
    return created(user_json(accounts.register_staff(u, req.remote), zone));
  });
}

}  // namespace classroom
