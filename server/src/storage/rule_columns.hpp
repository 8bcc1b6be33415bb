#pragma once
// The booking rule columns rooms and buildings share (storage/classrooms.cpp,
// storage/buildings.cpp, storage/approvals.cpp). Storage-internal.
#include "domain/room_rules.hpp"
#include "storage/db.hpp"

#include <string>

namespace classroom::rule_columns {

// The kCount columns of table alias `t`, in the order read() takes them.
constexpr std::size_t kCount = 8;
inline std::string select(const std::string& t) {
  return t + ".max_booking_min, " + t + ".earliest_start, " + t + ".latest_end, " + t + ".min_notice_min, " + t +
         ".max_ahead_days, " + t + ".buffer_min, " + t + ".allowed_roles, " + t + ".allowed_groups";
}

// Group names hold commas (DNs): one a line.
inline std::optional<std::string> join_lines(const std::optional<std::vector<std::string>>& v) {
  if (!v) return std::nullopt;
  std::string out;
  for (const auto& s : *v) out += (out.empty() ? "" : "\n") + s;
  return out;
}

inline std::vector<std::string> split(const std::string& s, char separator) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= s.size()) {
    auto comma = s.find(separator, from);
    auto part = s.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return out;
}

inline RuleSet read(const soci::row& r, std::size_t first) {
  auto opt_int = [&](std::size_t i) -> std::optional<int> {
    auto v = row_opt_i64(r, first + i);
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  };
  auto opt_text = [&](std::size_t i) -> std::optional<std::string> {
    if (r.get_indicator(first + i) == soci::i_null) return std::nullopt;
    return row_str(r, first + i);
  };
  RuleSet rules;
  rules.max_booking_min = opt_int(0);
  rules.earliest_start = opt_text(1);
  rules.latest_end = opt_text(2);
  rules.min_notice_min = opt_int(3);
  rules.max_ahead_days = opt_int(4);
  rules.buffer_min = opt_int(5);
  if (auto roles = opt_text(6)) rules.allowed_roles = split(*roles, ',');
  if (auto groups = opt_text(7)) rules.allowed_groups = split(*groups, '\n');
  return rules;
}

// Writes every rule column of row `id` in `table` ("classrooms" or "buildings").
inline void write(soci::session& s, const char* table, long long id, const RuleSet& rules) {
  auto set_int = [&](const char* column, const std::optional<int>& v) {
    int value = v.value_or(0);
    soci::indicator ind = v ? soci::i_ok : soci::i_null;
    s << std::string("UPDATE ") + table + " SET " + column + " = :v WHERE id = :id", soci::use(value, ind), soci::use(id);
  };
  auto set_text = [&](const char* column, const std::optional<std::string>& v) {
    std::string value = v.value_or("");
    soci::indicator ind = v ? soci::i_ok : soci::i_null;
    s << std::string("UPDATE ") + table + " SET " + column + " = :v WHERE id = :id", soci::use(value, ind), soci::use(id);
  };
  std::optional<std::string> roles;
  if (rules.allowed_roles) {
    roles = "";
    for (const auto& r : *rules.allowed_roles) *roles += (roles->empty() ? "" : ",") + r;
  }
  set_int("max_booking_min", rules.max_booking_min);
  set_text("earliest_start", rules.earliest_start);
  set_text("latest_end", rules.latest_end);
  set_int("min_notice_min", rules.min_notice_min);
  set_int("max_ahead_days", rules.max_ahead_days);
  set_int("buffer_min", rules.buffer_min);
  set_text("allowed_roles", roles);
  set_text("allowed_groups", join_lines(rules.allowed_groups));
}

}  // namespace classroom::rule_columns
