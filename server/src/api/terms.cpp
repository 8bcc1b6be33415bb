// Teaching terms and their closed ranges (holidays, reading weeks), kept by the admins.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "domain/terms.hpp"
#include "storage/terms.hpp"
#include "util/clock.hpp"

namespace classroom {

namespace json = boost::json;

namespace {

date::year_month_day read_day(const Input& in, const char* field, const std::string& name) {
  auto p = parse_date(in.str(field, 32));
  if (!p.ok()) throw BadRequest(name, name + ": " + p.error);
  return p.value;
}

// {"name", "first_day", "last_day", "closed": [{"label", "first_day", "last_day"}]}; 400 naming the field.
Term read_term(const Request& req) {
  Input in(req.body);
  Term t;
  t.name = in.str("name", 100);
  t.first_day = read_day(in, "first_day", "first_day");
  t.last_day = read_day(in, "last_day", "last_day");
  if (in.has("closed")) {
    const auto& v = in.object().at("closed");
    if (!v.is_array()) throw BadRequest("closed", "closed must be a list of {label, first_day, last_day}");
    for (const auto& item : v.as_array()) {
      if (!item.is_object()) throw BadRequest("closed", "closed must be a list of {label, first_day, last_day}");
      Input c(item.as_object());
      t.closed.push_back({c.str("label", 100), read_day(c, "first_day", "closed"), read_day(c, "last_day", "closed")});
    }
  }
  if (auto bad = term_problem(t)) throw BadRequest(bad->field, bad->message);
  return t;
}

json::object term_json(const Term& t) {
  json::array closed;
  for (const auto& c : t.closed)
    closed.push_back({{"label", c.label}, {"first_day", format_date(c.first)}, {"last_day", format_date(c.last)}});
  return {{"id", t.id},
          {"name", t.name},
          {"first_day", format_date(t.first_day)},
          {"last_day", format_date(t.last_day)},
          {"closed", std::move(closed)}};
}

}  // namespace

void add_term_routes(Router& r, TermStore& terms, const Clock& clock) {
  r.add("GET", "/api/admin/terms", Access::admin, [&terms](Request&) {
    json::array a;
    for (const auto& t : terms.list()) a.push_back(term_json(t));
    return ok(a);
  });
  r.add("POST", "/api/admin/terms", Access::admin,
        [&terms, &clock](Request& req) { return created(term_json(terms.create(read_term(req), clock.now()))); });
  r.add("PUT", "/api/admin/terms/{id}", Access::admin, [&terms, &clock](Request& req) {
    return ok(term_json(terms.update(path_id(req), read_term(req), clock.now())));
  });
  r.add("DELETE", "/api/admin/terms/{id}", Access::admin, [&terms](Request& req) {
    terms.remove(path_id(req));
    return message("Term deleted");
  });
}

}  // namespace classroom
