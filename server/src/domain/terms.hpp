#pragma once
// Teaching terms and the days in them the campus is closed (holidays, reading weeks),
// next to the --holiday dates: no booking on a closed day, and weekly series skip them.
#include "domain/field_error.hpp"
#include "domain/time.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace classroom {

struct ClosedRange {
  std::string label;  // "Reading week"
  date::year_month_day first{}, last{};  // inclusive, campus-local dates
};

struct Term {
  std::int64_t id = 0;
  std::string name;
  date::year_month_day first_day{}, last_day{};  // the first and last teaching day
  std::vector<ClosedRange> closed;
};

// The first thing wrong with a term, naming its field: a last day before the first, a
// closed range that ends before it starts or lies outside the term.
std::optional<FieldError> term_problem(const Term& t);

// Why the campus is closed on `day` ("a campus holiday", "Reading week (Autumn 2026)"),
// or nullopt when it is open.
std::optional<std::string> closed_reason(date::year_month_day day, std::span<const date::year_month_day> holidays,
                                         std::span<const Term> terms);

// When terms are defined, a timetable's dates must lie in one of them: the message
// naming the terms when `first`..`last` lies in none; nullopt when it does, or when the
// campus has no terms yet.
std::optional<std::string> outside_every_term(date::year_month_day first, date::year_month_day last,
                                              std::span<const Term> terms);

// Every closed day from `first` to `last`, in order: the holidays and the terms' closed ranges.
std::vector<date::year_month_day> closed_days(date::year_month_day first, date::year_month_day last,
                                              std::span<const date::year_month_day> holidays,
                                              std::span<const Term> terms);

}  // namespace classroom
