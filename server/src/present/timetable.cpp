#include "present/timetable.hpp"

#include <boost/json/array.hpp>

namespace classroom {

namespace json = boost::json;

json::object import_report_json(const ImportReport& r) {
  json::array errors, changes;
  for (const auto& e : r.errors)
    errors.push_back(json::object{{"line", e.line}, {"field", e.field}, {"message", e.message}});
  for (const auto& c : r.changes) {
    json::array fields;
    for (const auto& f : c.fields) fields.push_back(json::object{{"field", f.field}, {"from", f.from}, {"to", f.to}});
    json::object change{{"section", c.section},
                        {"action", action_name(c.action)},
                        {"fields", std::move(fields)},
                        {"occurrences", json::object{{"created", c.inserted}, {"moved", c.moved}, {"cancelled", c.cancelled}}}};
    change["line"] = c.line ? json::value(c.line) : json::value(nullptr);
    changes.push_back(std::move(change));
  }
  return {{"created", r.created},     {"updated", r.updated}, {"unchanged", r.unchanged},
          {"removed", r.removed},     {"errors", std::move(errors)}, {"changes", std::move(changes)},
          {"dry_run", r.dry_run},     {"written", r.written}};
}

}  // namespace classroom
