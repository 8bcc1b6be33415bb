#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/accounts.hpp"
#include "auth/password.hpp"

namespace classroom {

namespace {

Role read_role(const Input& in) {
  auto text = in.opt_str("role", 16).value_or("staff");
  auto role = parse_role(text);
  if (!role) throw BadRequest("role", "role must be 'admin' or 'staff'");
  return *role;
}

std::string read_email(const Input& in) {
  auto email = in.str("email", 254);
  if (!looks_like_email(email)) throw BadRequest("email", "email is not a valid address");
  return email;
}

std::string read_password_hash(const Input& in) {
  auto password = in.str("password", 128);
  if (auto problem = password_problem(password); !problem.empty()) throw BadRequest("password", problem);
  return hash_password(password);
}

// "approver_scopes": a list of "building/NAME" and "room/NAME", as the role map grants them.
std::vector<std::string> read_scopes(const Input& in) {
  const auto& v = in.object().at("approver_scopes");
  auto bad = [] { return BadRequest("approver_scopes", "approver_scopes must be a list of \"building/NAME\" or \"room/NAME\""); };
  if (!v.is_array()) throw bad();
  std::vector<std::string> scopes;
  for (const auto& item : v.as_array()) {
    if (!item.is_string()) throw bad();
    std::string scope(item.as_string());
    auto slash = scope.find('/');
    auto kind = scope.substr(0, slash);
    if (slash == std::string::npos || slash + 1 == scope.size() || (kind != "building" && kind != "room") ||
        scope.size() > 120)
      throw bad();
    scopes.push_back(scope);
  }
  return scopes;
}

}  // namespace

void add_user_routes(Router& r, AccountService& accounts, const date::time_zone* zone) {
  r.add("GET", "/api/admin/users", Access::admin, [&accounts, zone](Request&) {
    return ok(json_list(accounts.users().list(), [&](const User& u) { return user_json(u, zone); }));
  });

  r.add("POST", "/api/admin/users", Access::admin, [&accounts, zone](Request& req) {
    Input in(req.body);
    User u;
    u.username = in.str("username", 64);
    check_identifier("username", u.username, 3);
    u.email = read_email(in);
    u.role = read_role(in);
    u.is_active = in.opt_bool("is_active").value_or(true);
    u.password_hash = read_password_hash(in);
    return created(user_json(accounts.create(u), zone));
  });

  r.add("PUT", "/api/admin/users/{id}", Access::admin, [&accounts, zone](Request& req) {
    auto id = path_id(req);
    Input in(req.body);
    UserPatch p;
    if (in.has("email")) p.email = read_email(in);
    if (in.has("role")) p.role = read_role(in);
    p.is_active = in.opt_bool("is_active");
    if (in.has("password")) p.password_hash = read_password_hash(in);
    if (in.has("approver_scopes")) p.approver_scopes = read_scopes(in);
    return ok(user_json(accounts.update(id, p), zone));
  });

  r.add("DELETE", "/api/admin/users/{id}", Access::admin, [&accounts](Request& req) {
    accounts.remove(path_id(req));
    return message("User deleted");
  });
}

}  // namespace classroom
