#include "http/dispatcher.hpp"

#include "http/errors.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace classroom {

namespace fs = std::filesystem;

Dispatcher::Dispatcher(const Router& router, DispatchOptions opts, UserAuth user_auth, DeviceAuth device_auth,
                       Blocking blocking, DisplayAuth display_auth)
    : router_(router), opts_(std::move(opts)), user_auth_(std::move(user_auth)),
      device_auth_(std::move(device_auth)), blocking_(std::move(blocking)), display_auth_(std::move(display_auth)) {}

namespace {

std::string bearer(const Request& req) {
  auto h = req.header("authorization");
  if (h.size() > 7 && (h.rfind("Bearer ", 0) == 0 || h.rfind("bearer ", 0) == 0)) return h.substr(7);
  return {};
}

void check_role(Access access, const Caller& c) {
  if (access == Access::admin && c.role != Role::admin) throw Forbidden("This needs the admin role");
}

Response run_guarded(const std::function<Response()>& f) {
  try {
    return f();
  } catch (const HttpError& e) {
    return render_error(e);
  } catch (const std::exception& e) {
    spdlog::error("event=handler_failed what=\"{}\"", e.what());
    return render_error(500, "Internal error", "The server failed to handle the request");
  }
}

bool is_api(const std::string& path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

}  // namespace

bool Dispatcher::origin_allowed(const std::string& origin) const {
  for (const auto& o : opts_.cors_origins)
    if (o == "*" || o == origin) return true;
  return false;
}

void Dispatcher::add_cors(const Request& req, Response& res) const {
  auto origin = req.header("origin");
  if (origin.empty() || !origin_allowed(origin)) return;
  res.headers.emplace_back("Access-Control-Allow-Origin", origin);
  res.headers.emplace_back("Vary", "Origin");
}

Response Dispatcher::preflight(const Request& req) const {
  auto methods = router_.methods_for(req.path);
  if (methods.empty()) throw NotFound("No route for " + req.path);
  if (!origin_allowed(req.header("origin"))) throw Forbidden("Origin not allowed");
  std::string allow;
  for (const auto& m : methods) allow += (allow.empty() ? "" : ", ") + m;
  Response r;
  r.status = 204;
  r.content_type.clear();
  r.headers = {{"Access-Control-Allow-Methods", allow},
               {"Access-Control-Allow-Headers", "Authorization, Content-Type, X-Device-ID, X-API-Key"},
               {"Access-Control-Max-Age", "600"}};
  return r;
}

void Dispatcher::dispatch(RequestPtr req, Reply reply) const {
  auto finish = [this, req, reply = std::move(reply)](Response res) {
    if (opts_.after_write && req->method != "GET" && req->method != "HEAD" && req->method != "OPTIONS")
      opts_.after_write();
    add_cors(*req, res);
    reply(std::move(res));
  };
  try {
    if (req->method == "OPTIONS" && !req->header("access-control-request-method").empty()) {
      finish(preflight(*req));
      return;
    }
    // The web app's files and client-side routes: what no route serves (/healthz and
    // /metrics are routes outside /api).
    if (!is_api(req->path) && !opts_.web_root.empty() && (req->method == "GET" || req->method == "HEAD") &&
        router_.methods_for(req->path).empty()) {
      blocking_([this, req, finish] { finish(run_guarded([&] { return serve_static(*req); })); });
      return;
    }
    auto match = router_.match(req->method, req->path);
    req->params = std::move(match.params);
    const Route& route = *match.route;
    req->route = route.pattern;
    if (route.access == Access::device) req->device = device_auth_(*req);
    if (route.async) {
      route.async(req, finish);
      return;
    }
    blocking_([this, req, finish, &route] {
      finish(run_guarded([&] {
        if (route.access == Access::user || route.access == Access::staff || route.access == Access::admin) {
          auto token = bearer(*req);
          if (token.empty()) throw Unauthorized("Missing bearer token");
          req->caller = user_auth_(token);
          check_role(route.access, *req->caller);
        }
        return route.sync(*req);
      }));
    });
  } catch (const HttpError& e) {
    finish(render_error(e));
  }
}

std::string_view Dispatcher::route_label(const Request& req) const {
  if (!req.route.empty()) return req.route;
  return !is_api(req.path) && !opts_.web_root.empty() ? "static" : "unmatched";
}

namespace {
std::string content_type_for(const fs::path& p) {
  static const std::pair<const char*, const char*> types[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
      {".svg", "image/svg+xml"},             {".png", "image/png"},
      {".ico", "image/x-icon"},              {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}, {".webmanifest", "application/manifest+json"}};
  auto ext = p.extension().string();
  for (auto [e, t] : types)
    if (ext == e) return t;
  return "application/octet-stream";
}
}  // namespace

Response Dispatcher::serve_static(const Request& req) const {
  fs::path root = fs::weakly_canonical(opts_.web_root);
  fs::path rel = fs::path(req.path).relative_path().lexically_normal();
  fs::path file = root / rel;
  bool inside = rel.empty() || (*rel.begin() != "..");
  std::error_code ec;
  if (!inside || !fs::is_regular_file(file, ec)) {
    // Client-side routes (/admin/users) get the app; missing assets stay 404.
    if (rel.has_extension()) throw NotFound("No file " + req.path);
    file = root / "index.html";
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw NotFound("The web app is not built");
  std::ostringstream body;
  body << in.rdbuf();
  Response r;
  r.body = body.str();
  r.content_type = content_type_for(file);
  bool hashed = rel.string().rfind("assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace classroom
