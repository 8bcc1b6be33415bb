#pragma once
// From a parsed request to a response: CORS, route match, authentication and role
// checks (the route's Access), then the handler — on the worker pool when it blocks.
// Beast-free; the listener hands requests in and writes what comes out.
#include "http/router.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

struct DispatchOptions {
  std::vector<std::string> cors_origins;  // "*" allows any origin
  std::string web_root;                   // static files for non-/api GETs, when set
  std::function<void()> after_write;      // before a write's answer goes out (not GET/HEAD/OPTIONS)
};

// Verifies a bearer token and loads the account (may read the database: called on the pool).
using UserAuth = std::function<Caller(const std::string& token)>;
// Checks X-Device-ID / X-API-Key against the in-memory key cache (no database read).
using DeviceAuth = std::function<DeviceCaller(const Request& req)>;
// The room a door display token opens, if any (may read the database: called on the pool).
using DisplayAuth = std::function<std::optional<std::int64_t>(const std::string& token)>;
// Runs a job on the blocking worker pool.
using Blocking = std::function<void(std::function<void()>)>;

class Dispatcher {
 public:
  Dispatcher(const Router& router, DispatchOptions opts, UserAuth user_auth, DeviceAuth device_auth,
             Blocking blocking, DisplayAuth display_auth = {});
  void dispatch(RequestPtr req, Reply reply) const;
  // The route pattern a request matched, for logs (never the raw path: it may hold a token);
  // a view into `req` or of a literal.
  std::string_view route_label(const Request& req) const;
  const UserAuth& user_auth() const { return user_auth_; }
  const DisplayAuth& display_auth() const { return display_auth_; }
  const Blocking& blocking() const { return blocking_; }

 private:
  void add_cors(const Request& req, Response& res) const;
  bool origin_allowed(const std::string& origin) const;
  Response preflight(const Request& req) const;
  Response serve_static(const Request& req) const;

  const Router& router_;
  DispatchOptions opts_;
  UserAuth user_auth_;
  DeviceAuth device_auth_;
  Blocking blocking_;
  DisplayAuth display_auth_;
};

}  // namespace classroom
