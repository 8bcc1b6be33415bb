#pragma once
// How rooms were really used over a period: occupied, booked, booked-but-empty,
// occupied-but-unbooked, power-on and power-on-while-empty time, per room and in
// total, plus an hour-by-weekday occupancy heatmap in the campus zone. Pure.
#include "domain/power_rule.hpp"

#include <array>
#include <climits>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace date { class time_zone; }

namespace classroom {

struct Sample {  // one status report
  std::int64_t at = 0;
  bool occupied = false;
  bool power_on = false;
  std::optional<double> power_w;  // measured load, where the node has a meter
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
  RoomUsage& operator+=(const RoomUsage& o);
};

struct Heatmap {
  // [weekday Mon=0..Sun=6][local hour]: seconds observed and seconds occupied.
  std::array<std::array<std::int64_t, 24>, 7> observed{}, occupied{};
  std::array<std::array<double, 24>, 7> fractions() const;
  Heatmap& operator+=(const Heatmap& o);
};

struct RoomInput {
  std::vector<Sample> samples;           // sorted by time
  std::vector<HourAggregate> hours;      // rolled-up history inside the period
  std::vector<TimeRange> bookings;       // confirmed or completed, sorted
  std::vector<std::pair<std::int64_t, bool>> power_switches;  // node power logs (time, on), sorted
};

// Switch-offs by a room's node in `period` (the energy they saved is domain/energy.hpp's).
std::int64_t switch_offs(const std::vector<std::pair<std::int64_t, bool>>& power_switches, TimeRange period);

// A sample stands for the time until the room's next one, at most `max_gap_s`.
RoomUsage room_usage(const RoomInput& in, TimeRange period, const date::time_zone* zone, Heatmap& heatmap,
                     std::int64_t max_gap_s = 300);

}  // namespace classroom
