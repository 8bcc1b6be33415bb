// Door displays: GET /api/display/{token} for the tablet or e-ink screen beside a
// room's door (no sign-in: the address is the secret; resetting it makes the old one
// answer 404), and the admins' list and reset of each room's display address. The
// display follows changes over /api/ws?display={token} or by asking again.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/display.hpp"
#include "present/resources.hpp"
#include "services/display.hpp"

namespace classroom {

void add_display_routes(Router& r, DisplayService& displays, const date::time_zone* zone) {
  r.add("GET", "/api/display/{token}", Access::open, [&displays, zone](Request& req) {
    auto d = displays.show(req.param("token"));
    if (!d) throw NotFound("No display at this address");
    auto res = ok(door_display_json(d->room, d->occupancy, d->view, d->now, zone));
    res.headers.emplace_back("Cache-Control", "no-store");
    return res;
  });

  r.add("GET", "/api/admin/display-links", Access::admin,
        [&displays](Request&) { return ok(json_list(displays.links(), display_link_json)); });
  r.add("GET", "/api/admin/classrooms/{id}/display-link", Access::admin,
        [&displays](Request& req) { return ok(display_link_json(displays.link(path_id(req)))); });
  r.add("POST", "/api/admin/classrooms/{id}/display-link/reset", Access::admin,
        [&displays](Request& req) { return ok(display_link_json(displays.reset(path_id(req)))); });
}

}  // namespace classroom
