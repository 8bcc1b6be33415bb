#pragma once
// Energy saved against a stated baseline (IPMVP-style: measure what can be measured,
// stipulate the rest, and say which). Without the product a room's power would stay on
// from its first presence of the day until its building closes; saved = load ×
// (baseline on-time − actual on-time), never negative. Time the node was offline and
// time a manual override held count neither way. The load is the measured `power_w`
// where the node reports one, else the room's rated watts. Pure.
#include "domain/opening_hours.hpp"
#include "domain/timeline.hpp"
#include "domain/utilization.hpp"

#include <optional>
#include <string_view>
#include <span>
#include <vector>

namespace classroom {

inline constexpr std::string_view kEnergyMethod =
    "baseline: power on from the room's first presence each day until its building closes; "
    "saved = load x (baseline on-time - actual on-time), never negative; time the node was offline "
    "or a manual override held is excluded; load = measured power_w where reported, else rated watts";

struct EnergyInput {
  std::vector<Sample> samples;         // sorted by time
  std::vector<HourAggregate> hours;     // rolled-up history (hour resolution)
  std::vector<TimeRange> overrides;     // when a manual override held the room
  OpeningHours opening;
  int rated_load_w = 0;
};

enum class LoadSource { none, rated, measured, mixed };  // none: nothing added yet
std::string_view to_string(LoadSource s);

struct EnergySaved {
  std::int64_t baseline_on_s = 0;  // seconds the baseline would have had power on
  std::int64_t actual_on_s = 0;    // seconds power was on inside the baseline's windows
  std::int64_t excluded_s = 0;     // offline or override time inside those windows
  std::int64_t saved_s = 0;        // baseline − actual, per day, never negative
  double load_w = 0;               // of a sum: the load the saved time was valued at, on average
  LoadSource load = LoadSource::none;
  double kwh = 0;
  EnergySaved& operator+=(const EnergySaved& o);  // sums; loads of different sources make a mixed one
};

// A room's manual overrides as spans: each from its creation until it expired or was
// ended, or until the next command for the room superseded it. Input sorted by created_at.
struct CommandSpan {
  std::int64_t created_at = 0;
  std::int64_t ended_at = 0;  // expiry, or the time it was cancelled
};
std::vector<TimeRange> override_spans(const std::vector<CommandSpan>& commands);

// The room's timeline as domain/timeline.hpp reads it: offline gaps count neither way.
EnergySaved energy_saved(const EnergyInput& in, TimeRange period, const date::time_zone* zone,
                         std::int64_t max_gap_s = 300);
// The same from a timeline already drawn for `period` (`in.hours` is not read; `in.samples`
// only for the measured load), so several figures of one room share one timeline.
EnergySaved energy_saved(const EnergyInput& in, std::span<const ObservedSpan> timeline, TimeRange period,
                         const date::time_zone* zone);

}  // namespace classroom
