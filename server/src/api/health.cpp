#include "api/common.hpp"
#include "api/routes.hpp"
#include "app/app.hpp"
#include "storage/db.hpp"

namespace classroom {

void add_health_routes(Router& r, App& app) {
  r.add("GET", "/healthz", Access::open, [](Request&) { return ok(boost::json::object{{"status", "ok"}}); });
  r.add("GET", "/readyz", Access::open, [&app](Request&) {
    if (!app.db->ping()) throw Unavailable("Database unreachable");
    return ok(boost::json::object{{"status", "ready"}});
  });
  r.add("GET", "/api/config", Access::open, [&app](Request&) {
    return ok(boost::json::object{{"timezone", app.cfg.timezone},
                                  {"register_enabled", app.cfg.allow_register},
                                  {"version", "1.0.0"}});
  });
}

}  // namespace classroom
