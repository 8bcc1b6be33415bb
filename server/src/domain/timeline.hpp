#pragma once
// A room's history as stretches of time its node vouched for, oldest first: each
// status report stands for the time until the next one, at most `max_gap_s` (longer
// gaps are offline and appear as no span). A rolled-up hour becomes up to three
// spans with its presence and power placed at the hour's end, the latest they can
// have begun, so nothing read from the history begins earlier than it did. Both inputs
// sorted by time. Pure.
#include "domain/power_rule.hpp"
#include "domain/utilization.hpp"

#include <vector>

namespace classroom {

struct ObservedSpan {
  std::int64_t start = 0, end = 0;
  bool occupied = false, power_on = false;
};

std::vector<ObservedSpan> observed_timeline(const std::vector<Sample>& samples, const std::vector<HourAggregate>& hours,
                                            TimeRange period, std::int64_t max_gap_s);

}  // namespace classroom
