#include "domain/timeline.hpp"

#include <algorithm>

namespace classroom {

std::vector<ObservedSpan> observed_timeline(const std::vector<Sample>& samples, const std::vector<HourAggregate>& hours,
                                            TimeRange period, std::int64_t max_gap_s) {
  std::vector<ObservedSpan> out;
  out.reserve(3 * hours.size() + samples.size());
  auto add = [&](std::int64_t start, std::int64_t end, bool occupied, bool power_on) {
    start = std::max(start, period.start), end = std::min(end, period.end);
    if (end > start) out.push_back({start, end, occupied, power_on});
  };
  for (const auto& h : hours) {
    std::int64_t end = h.hour_start + 3600;
    std::int64_t occ = std::clamp<std::int64_t>(h.occupied_s, 0, 3600);
    std::int64_t on = std::clamp<std::int64_t>(h.power_on_s, 0, 3600);
    // [end-max, end-min) holds the longer of the two alone, [end-min, end) both.
    std::int64_t a = end - std::max(occ, on), b = end - std::min(occ, on);
    add(h.hour_start, a, false, false);
    add(a, b, occ > on, on > occ);
    add(b, end, occ > 0, on > 0);
  }
  auto rolled_up = out.size();
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    std::int64_t end = s.at + max_gap_s;
    if (i + 1 < samples.size()) end = std::min(end, samples[i + 1].at);
    add(s.at, end, s.occupied, s.power_on);
  }
  // Both runs are in time order already (hours and samples come sorted): merge them.
  auto by_start = [](const ObservedSpan& a, const ObservedSpan& b) { return a.start < b.start; };
  std::inplace_merge(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(rolled_up), out.end(), by_start);
  return out;
}

}  // namespace classroom
