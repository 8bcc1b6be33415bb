#pragma once
// A room's or a building's booking rules as an admin's create or update names them:
// a field given a value sets that rule, one given null clears it (the building's or
// the campus-wide value applies again), one left out stays.
#include "api/common.hpp"
#include "domain/room_rules.hpp"

namespace classroom {

inline RuleEdit read_rule_edit(const Input& in) {
  RuleEdit e;
  auto given = [&](const char* field) {
    if (!in.object().contains(field)) return false;
    e.given.push_back(field);
    return in.has(field);  // not null
  };
  auto number = [&](const char* field, std::optional<int>& target, int min, int max) {
    if (given(field)) target = static_cast<int>(*in.opt_int(field, min, max));
  };
  auto text = [&](const char* field, std::optional<std::string>& target) {
    if (given(field)) target = in.opt_str(field, 5);
  };
  auto& v = e.values;
  number("max_booking_min", v.max_booking_min, 5, 7 * 24 * 60);
  text("earliest_start", v.earliest_start);
  text("latest_end", v.latest_end);
  number("min_notice_min", v.min_notice_min, 0, 365 * 24 * 60);
  number("max_ahead_days", v.max_ahead_days, 1, 3650);
  number("buffer_min", v.buffer_min, 0, 24 * 60);
  if (given("allowed_roles")) {
    const auto& list = in.object().at("allowed_roles");
    if (!list.is_array()) throw BadRequest("allowed_roles", "allowed_roles must be a list of \"staff\" and \"admin\"");
    v.allowed_roles.emplace();
    for (const auto& item : list.as_array()) {
      if (!item.is_string()) throw BadRequest("allowed_roles", "allowed_roles must be a list of \"staff\" and \"admin\"");
      v.allowed_roles->emplace_back(item.as_string());
    }
  }
  if (given("allowed_groups")) {
    const auto& list = in.object().at("allowed_groups");
    auto not_a_list = [] { return BadRequest("allowed_groups", "allowed_groups must be a list of directory group names"); };
    if (!list.is_array()) throw not_a_list();
    v.allowed_groups.emplace();
    for (const auto& item : list.as_array()) {
      if (!item.is_string()) throw not_a_list();
      v.allowed_groups->emplace_back(item.as_string());
    }
  }
  if (auto bad = rule_set_problem(v)) throw BadRequest(bad->field, bad->message);
  return e;
}

}  // namespace classroom
