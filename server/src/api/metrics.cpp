// Prometheus metrics, answered only to the addresses of --metrics-allow.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "http/client_address.hpp"
#include "util/metrics.hpp"

namespace classroom {

void add_metrics_routes(Router& r, const Metrics& metrics, std::vector<Cidr> allow) {
  r.add("GET", "/metrics", Access::open, [&metrics, allow = std::move(allow)](Request& req) {
    if (!in_any(req.remote, allow)) throw Forbidden("Metrics are not served to this address");
    Response res;
    res.body = metrics.render();
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return res;
  });
}

}  // namespace classroom
