// Liveness, readiness (the database answers and no node writes wait in the outage
// journal) and what the web app needs before sign-in.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "live/report_writer.hpp"

namespace classroom {

void add_health_routes(Router& r, std::function<bool()> database_reachable, const ReportWriter& writer,
                       PublicSettings settings) {
  r.add("GET", "/healthz", Access::open, [](Request&) { return ok(boost::json::object{{"status", "ok"}}); });
  r.add("GET", "/readyz", Access::open, [database_reachable, &writer](Request&) {
    // Degraded first: while writes wait, the database may not answer at all.
    if (writer.degraded()) throw Unavailable("Degraded: node writes wait in the outage journal");
    if (!database_reachable()) throw Unavailable("Database unreachable");
    return ok(boost::json::object{{"status", "ready"}});
  });
  r.add("GET", "/api/config", Access::open, [settings](Request&) {
    return ok(boost::json::object{{"timezone", settings.timezone},
                                  {"register_enabled", settings.register_enabled},
                                  {"version", "1.1.0"}});
  });
}

}  // namespace classroom
