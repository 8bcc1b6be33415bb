// What the directory or the proxy last sent for a username and how it was mapped.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/sign_in.hpp"

namespace classroom {

void add_sign_in_diagnostics_routes(Router& r, SignInService& sign_in, const date::time_zone* zone) {
  r.add("GET", "/api/admin/auth/diagnostics", Access::admin, [&sign_in, zone](Request& req) {
    auto username = req.query_param("username").value_or("");
    if (username.empty()) throw BadRequest("username", "username is required");
    auto record = sign_in.diagnostics(username);
    if (!record) throw NotFound("No directory or single sign-on attempt recorded for '" + username + "'");
    return ok(sign_in_json(*record, zone));
  });
}

}  // namespace classroom
