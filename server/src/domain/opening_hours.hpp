#pragma once
// When a building is open, week by week, in the form OpenStreetMap's `opening_hours`
// uses for its simplest cases: "Mo-Fr 08:00-20:00; Sa 09:00-13:00". Days not named
// are closed ("Su off" may say so). One span per day, within the day. Pure.
#include "domain/power_rule.hpp"
#include "domain/time.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace classroom {

struct DayHours {
  int open_min = 0;   // minutes after local midnight
  int close_min = 0;  // exclusive, at most 24:00
  friend bool operator==(const DayHours&, const DayHours&) = default;
};

struct OpeningHours {
  std::array<std::optional<DayHours>, 7> days{};  // Monday = 0
  friend bool operator==(const OpeningHours&, const OpeningHours&) = default;
};

inline constexpr std::string_view kDefaultOpeningHours = "Mo-Fr 08:00-20:00";

Parsed<OpeningHours> parse_opening_hours(std::string_view text);
// The canonical spelling: "Mo-Fr 08:00-20:00; Sa 09:00-13:00".
std::string to_string(const OpeningHours& h);

// The instants the building is open on the local date `day` (none when closed). A
// day the clocks change is handled by reading both ends as wall-clock times.
std::optional<TimeRange> open_on(const OpeningHours& h, date::year_month_day day, const date::time_zone* zone);

// Open seconds within [from, to).
std::int64_t open_seconds(const OpeningHours& h, TimeRange period, const date::time_zone* zone);

}  // namespace classroom
