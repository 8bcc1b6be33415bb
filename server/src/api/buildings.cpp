#include "api/common.hpp"
#include "api/routes.hpp"
#include "api/rule_input.hpp"
#include "domain/opening_hours.hpp"
#include "present/resources.hpp"
#include "storage/buildings.hpp"
#include "util/clock.hpp"

namespace classroom {

namespace {

// Opening hours as typed, read and stored in their canonical spelling.
std::optional<std::string> read_hours(const Input& in) {
  auto text = in.opt_str("opening_hours", 200);
  if (!text) return std::nullopt;
  auto hours = parse_opening_hours(*text);
  if (!hours.ok()) throw BadRequest("opening_hours", hours.error);
  return to_string(hours.value);
}

}  // namespace

void add_building_routes(Router& r, BuildingStore& buildings, const Clock& clock) {
  auto list = [&buildings](Request&) { return ok(json_list(buildings.list(), building_json)); };
  r.add("GET", "/api/admin/buildings", Access::admin, list);
  r.add("GET", "/api/staff/buildings", Access::staff, list);

  r.add("POST", "/api/admin/buildings", Access::admin, [&buildings, &clock](Request& req) {
    Input in(req.body);
    Building b;
    b.name = in.str("name", 100);
    b.code = in.opt_str("code", 16).value_or("");
    b.address = in.opt_str("address", 200).value_or("");
    b.opening_hours = read_hours(in).value_or(std::string(kDefaultOpeningHours));
    b.requires_approval = in.opt_bool("requires_approval").value_or(false);
    b.rules = edited({}, read_rule_edit(in));
    return created(building_json(buildings.create(b, clock.now())));
  });

  r.add("PUT", "/api/admin/buildings/{id}", Access::admin, [&buildings, &clock](Request& req) {
    Input in(req.body);
    BuildingPatch p;
    if (in.has("name")) p.name = in.str("name", 100);
    p.code = in.opt_str("code", 16);
    p.address = in.opt_str("address", 200);
    p.opening_hours = read_hours(in);
    p.requires_approval = in.opt_bool("requires_approval");
    p.rules = read_rule_edit(in);
    return ok(building_json(buildings.update(path_id(req), p, clock.now())));
  });

  r.add("DELETE", "/api/admin/buildings/{id}", Access::admin, [&buildings](Request& req) {
    buildings.remove(path_id(req));
    return message("Building deleted");
  });
}

}  // namespace classroom
