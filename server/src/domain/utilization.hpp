#pragma once
// How rooms were really used over a period: occupied, booked, booked-but-empty,
// occupied-but-unbooked, power-on and power-on-while-empty time, per room and in
// total, plus an hour-by-weekday occupancy heatmap in the campus zone. Pure.
#include "domain/power_rule.hpp"

#include <array>
#include <climits>
#include <cstdint>
#include <map>
#include <vector>

namespace date { class time_zone; }

namespace classroom {

struct Sample {  // one status report
  std::int64_t at = 0;
  bool occupied = false;
  bool power_on = false;
};

struct HourAggregate {  // a rolled-up hour (older than raw retention)
  std::int64_t hour_start = 0;
  std::int64_t occupied_s = 0;
  std::int64_t power_on_s = 0;
};

struct RoomUsage {
  std::int64_t occupied_s = 0, booked_s = 0, booked_empty_s = 0, occupied_unbooked_s = 0;
  std::int64_t power_on_s = 0, power_on_empty_s = 0, observed_s = 0;
  std::int64_t switch_offs = 0;
  double energy_saved_kwh = 0;
  RoomUsage& operator+=(const RoomUsage& o);
};

struct Heatmap {
  // [weekday Mon=0..Sun=6][local hour]: seconds observed and seconds occupied.
  std::array<std::array<std::int64_t, 24>, 7> observed{}, occupied{};
  std::array<std::array<double, 24>, 7> fractions() const;
};

struct RoomInput {
  std::vector<Sample> samples;           // sorted by time
  std::vector<HourAggregate> hours;      // rolled-up history inside the period
  std::vector<TimeRange> bookings;       // confirmed or completed, sorted
  std::vector<std::pair<std::int64_t, bool>> power_switches;  // node power logs (time, on), sorted
  int rated_load_w = 0;
  std::int64_t now = INT64_MAX;  // a switch-off still in force counts until here at the latest
};

// Switch-offs by a room's node in `period`, and the energy not drawn while it held the
// room off (rated load × time off; a switch-off still in force counts until `now`).
struct SwitchOffs {
  std::int64_t count = 0;
  double kwh = 0;
};
SwitchOffs switch_offs(const std::vector<std::pair<std::int64_t, bool>>& power_switches, int rated_load_w,
                       TimeRange period, std::int64_t now);

// A sample stands for the time until the room's next one, at most `max_gap_s`.
RoomUsage room_usage(const RoomInput& in, TimeRange period, const date::time_zone* zone, Heatmap& heatmap,
                     std::int64_t max_gap_s = 300);

}  // namespace classroom
