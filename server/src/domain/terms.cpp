#include "domain/terms.hpp"

#include <algorithm>

namespace classroom {

std::optional<FieldError> term_problem(const Term& t) {
  if (t.last_day < t.first_day) return FieldError{"last_day", "last_day is before first_day"};
  for (const auto& c : t.closed) {
    auto what = "the closed range '" + c.label + "'";
    if (c.last < c.first) return FieldError{"closed", what + " ends before it starts"};
    if (c.first < t.first_day || c.last > t.last_day)
      return FieldError{"closed", what + " lies outside the term (" + format_date(t.first_day) + " to " +
                                      format_date(t.last_day) + ")"};
  }
  return std::nullopt;
}

std::optional<std::string> closed_reason(date::year_month_day day, std::span<const date::year_month_day> holidays,
                                         std::span<const Term> terms) {
  if (std::find(holidays.begin(), holidays.end(), day) != holidays.end()) return "a campus holiday";
  for (const auto& t : terms)
    for (const auto& c : t.closed)
      if (c.first <= day && day <= c.last) return c.label + " (" + t.name + ")";
  return std::nullopt;
}

std::optional<std::string> outside_every_term(date::year_month_day first, date::year_month_day last,
                                              std::span<const Term> terms) {
  if (terms.empty()) return std::nullopt;
  std::string names;
  for (const auto& t : terms) {
    if (t.first_day <= first && last <= t.last_day) return std::nullopt;
    names += (names.empty() ? "" : ", ") + t.name + ": " + format_date(t.first_day) + " to " + format_date(t.last_day);
  }
  return "the dates " + format_date(first) + " to " + format_date(last) + " lie in no term (" + names + ")";
}

std::vector<date::year_month_day> closed_days(date::year_month_day first, date::year_month_day last,
                                              std::span<const date::year_month_day> holidays,
                                              std::span<const Term> terms) {
  std::vector<date::year_month_day> out;
  for (date::sys_days d{first}; d <= date::sys_days{last}; d += date::days{1})
    if (closed_reason(date::year_month_day{d}, holidays, terms)) out.emplace_back(d);
  return out;
}

}  // namespace classroom
