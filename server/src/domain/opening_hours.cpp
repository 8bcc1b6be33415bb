#include "domain/opening_hours.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace classroom {

namespace {

constexpr std::array<std::string_view, 7> kDay = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

int day_index(std::string_view s) {
  auto it = std::find(kDay.begin(), kDay.end(), s);
  return it == kDay.end() ? -1 : static_cast<int>(it - kDay.begin());
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0;;) {
    auto next = s.find(sep, at);
    out.push_back(trim(s.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at)));
    if (next == std::string_view::npos) return out;
    at = next + 1;
  }
}

// "Mo-Fr,Su" → the days it names, or an error.
Parsed<std::array<bool, 7>> parse_days(std::string_view text) {
  Parsed<std::array<bool, 7>> out;
  for (auto part : split(text, ',')) {
    auto dash = part.find('-');
    int from = day_index(part.substr(0, dash));
    int to = dash == std::string_view::npos ? from : day_index(part.substr(dash + 1));
    if (from < 0 || to < 0) {
      out.error = fmt::format("'{}' is not a day or a range of days (Mo Tu We Th Fr Sa Su)", part);
      return out;
    }
    for (int d = from;; d = (d + 1) % 7) {  // "Sa-Mo" wraps over the week's end
      out.value[d] = true;
      if (d == to) break;
    }
  }
  return out;
}

Parsed<int> parse_clock(std::string_view text) {
  if (text == "24:00") return {24 * 60, {}};
  auto t = parse_time_of_day(text);
  if (!t.ok()) return {0, t.error};
  return {static_cast<int>(t.value.count()), {}};
}

std::string clock(int minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

}  // namespace

Parsed<OpeningHours> parse_opening_hours(std::string_view text) {
  Parsed<OpeningHours> out;
  if (trim(text).empty()) {
    out.error = "opening hours are empty; say e.g. \"Mo-Fr 08:00-20:00\"";
    return out;
  }
  for (auto rule : split(text, ';')) {
    if (rule.empty()) continue;
    auto space = rule.find(' ');
    if (space == std::string_view::npos) {
      out.error = fmt::format("'{}' needs days and hours, e.g. \"Mo-Fr 08:00-20:00\"", rule);
      return out;
    }
    auto days = parse_days(rule.substr(0, space));
    if (!days.ok()) return {{}, days.error};
    auto hours = trim(rule.substr(space + 1));
    std::optional<DayHours> span;
    if (hours != "off") {
      auto dash = hours.find('-');
      auto open = parse_clock(hours.substr(0, dash));
      auto close = dash == std::string_view::npos ? Parsed<int>{0, "missing"} : parse_clock(hours.substr(dash + 1));
      if (!open.ok() || !close.ok() || open.value >= close.value) {
        out.error = fmt::format("'{}' is not a span of the day like 08:00-20:00 (or \"off\")", hours);
        return out;
      }
      span = DayHours{open.value, close.value};
    }
    for (int d = 0; d < 7; ++d)
      if (days.value[d]) out.value.days[d] = span;  // a later rule overrides an earlier one
  }
  return out;
}

std::string to_string(const OpeningHours& h) {
  std::string out;
  for (int d = 0; d < 7;) {
    if (!h.days[d]) {
      ++d;
      continue;
    }
    int last = d;
    while (last + 1 < 7 && h.days[last + 1] == h.days[d]) ++last;
    if (!out.empty()) out += "; ";
    out += std::string(kDay[d]) + (last > d ? "-" + std::string(kDay[last]) : "");
    out += " " + clock(h.days[d]->open_min) + "-" + clock(h.days[d]->close_min);
    d = last + 1;
  }
  return out.empty() ? "closed" : out;
}

std::optional<TimeRange> open_on(const OpeningHours& h, date::year_month_day day, const date::time_zone* zone) {
  int weekday = days_after_monday(date::weekday{date::sys_days{day}});
  const auto& span = h.days[weekday];
  if (!span) return std::nullopt;
  auto midnight = date::local_days{day};
  auto at = [&](int minutes) {
    return to_unix(to_instant_shifting_gaps(date::local_seconds{midnight} + std::chrono::minutes{minutes}, zone));
  };
  return TimeRange{at(span->open_min), at(span->close_min)};
}

std::int64_t open_seconds(const OpeningHours& h, TimeRange period, const date::time_zone* zone) {
  std::int64_t total = 0;
  for (auto day = date::sys_days{local_date(period.start, zone)}; ; day += date::days{1}) {
    auto open = open_on(h, date::year_month_day{day}, zone);
    if (open) total += overlap(*open, period);
    if (local_day(date::year_month_day{day}, zone).end.time_since_epoch().count() >= period.end) break;
  }
  return total;
}

}  // namespace classroom
