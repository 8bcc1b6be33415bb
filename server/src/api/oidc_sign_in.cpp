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

std::string html_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// The callback is a page a browser opened: a refusal is a page with the same status and
// reason as the JSON error, and the way back to the sign-in page.
Response refusal_page(const HttpError& e) {
  Response r;
  r.status = e.status();
  r.content_type = "text/html; charset=utf-8";
  r.headers = e.headers;
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-in refused</title></head>\n"
           "<body><main><h1>Sign-in refused</h1><p>" + html_text(e.what()) + "</p>\n"
           "<p><a href=\"/signin\">Back to the sign-in page</a></p></main></body></html>\n";
  return r;
}

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

  r.add("GET", "/api/auth/oidc/callback", Access::open, [&oidc](Request& req) {
    try {
      return redirect(oidc.finish(req.query));
    } catch (const HttpError& e) {
      if (req.header("accept").find("text/html") == std::string::npos) throw;  // the JSON error
      return refusal_page(e);
    }
  });

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
