#include "domain/timeline.hpp"

#include <algorithm>

namespace classroom {

std::vector<ObservedSpan> observed_timeline(const std::vector<Sample>& samples, const std::vector<HourAggregate>& hours,
                                            TimeRange period, std::int64_t max_gap_s) {
  std::vector<ObservedSpan> out;
  for (const auto& h : hours) {
    std::int64_t end = h.hour_start + 3600;
    std::int64_t occ = std::clamp<std::int64_t>(h.occupied_s, 0, 3600);
    std::int64_t on = std::clamp<std::int64_t>(h.power_on_s, 0, 3600);
    // [end-max, end-min) holds the longer of the two alone, [end-min, end) both.
    std::int64_t a = end - std::max(occ, on), b = end - std::min(occ, on);
    out.push_back({h.hour_start, a, false, false});
    out.push_back({a, b, occ > on, on > occ});
    out.push_back({b, end, occ > 0, on > 0});
  }
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    std::int64_t end = s.at + max_gap_s;
    if (i + 1 < samples.size()) end = std::min(end, samples[i + 1].at);
    out.push_back({s.at, end, s.occupied, s.power_on});
  }
  std::erase_if(out, [&](ObservedSpan& s) {
    s.start = std::max(s.start, period.start);
    s.end = std::min(s.end, period.end);
    return s.end <= s.start;
  });
  std::sort(out.begin(), out.end(), [](const ObservedSpan& a, const ObservedSpan& b) { return a.start < b.start; });
  return out;
}

}  // namespace classroom
