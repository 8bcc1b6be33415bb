// Single sign-on (OpenID Connect). The browser leaves at /login for the provider, comes
// back to /callback and is sent on to the web app with a one-time code in the URL's
// fragment (which browsers never send to a server, so no log holds it); the web app
// trades it for the session token at POST /api/auth/oidc/session, as it gets one from
// POST /api/auth/login. The session token itself is never in a URL.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/session_json.hpp"
#include "services/oidc_sign_in.hpp"

namespace classroom {

namespace {

Response redirect(const std::string& location) {
  Response r;
  r.status = 302;
  r.content_type = "text/plain";
  r.headers = {{"Location", location}, {"Cache-Control", "no-store"}, {"Referrer-Policy", "no-referrer"}};
  return r;
}

}  // namespace

void add_oidc_sign_in_routes(Router& r, OidcSignIn& oidc, const date::time_zone* zone) {
  r.add("GET", "/api/auth/oidc/login", Access::open, [&oidc](Request& req) {
    return redirect(oidc.begin(req.query_param("next").value_or("/"), req.remote));
  });

  r.add("GET", "/api/auth/oidc/callback", Access::open, [&oidc](Request& req) { return redirect(oidc.finish(req.query)); });

  r.add("POST", "/api/auth/oidc/session", Access::open, [&oidc, zone](Request& req) {
    if (!oidc.enabled()) throw NotFound("Single sign-on is not configured on this server (--oidc-issuer)");
    Input in(req.body);
    auto done = oidc.redeem(in.str("code", 128));
    auto body = session_json(done.session, "Login successful", zone);
    body["next"] = done.next;
    return ok(body);
  });
}

void add_sign_in_method_routes(Router& r, SignInMethods methods) {
  r.add("GET", "/api/auth/methods", Access::open, [methods](Request&) {
    return ok(boost::json::object{{"password", methods.password}, {"oidc", methods.oidc}, {"header", methods.header}});
  });
}

}  // namespace classroom
