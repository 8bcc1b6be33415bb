#include "domain/utilization.hpp"

#include "domain/time.hpp"

#include <date/tz.h>

#include <algorithm>

namespace classroom {

namespace {

std::int64_t booked_within(TimeRange seg, const std::vector<TimeRange>& bookings) {
  std::int64_t total = 0;
  for (const auto& b : bookings) {
    if (b.start >= seg.end) break;
    total += overlap(seg, b);
  }
  return total;
}

// Campus-local seconds of an instant; asks the zone only when its offset may change
// (a history of millions of hours has a handful of offset changes).
class LocalTime {
 public:
  explicit LocalTime(const date::time_zone* zone) : zone_(zone) {}
  std::int64_t of(std::int64_t t) {
    if (t < begin_ || t >= end_) {
      auto info = zone_->get_info(from_unix(t));
      begin_ = to_unix(info.begin), end_ = to_unix(info.end), offset_ = info.offset.count();
    }
    return t + offset_;
  }

 private:
  const date::time_zone* zone_;
  std::int64_t begin_ = 0, end_ = 0, offset_ = 0;
};

void add_to_heatmap(Heatmap& h, std::int64_t at, std::int64_t observed, std::int64_t occupied, LocalTime& local) {
  auto t = local.of(at);
  auto day = date::floor<date::days>(from_unix(t));
  int weekday = days_after_monday(date::weekday{day});
  int hour = static_cast<int>((t - to_unix(day)) / 3600);
  h.observed[weekday][hour] += observed;
  h.occupied[weekday][hour] += occupied;
}

}  // namespace

RoomUsage& RoomUsage::operator+=(const RoomUsage& o) {
  occupied_s += o.occupied_s;
  booked_s += o.booked_s;
  booked_empty_s += o.booked_empty_s;
  occupied_unbooked_s += o.occupied_unbooked_s;
  power_on_s += o.power_on_s;
  power_on_empty_s += o.power_on_empty_s;
  observed_s += o.observed_s;
  switch_offs += o.switch_offs;
  return *this;
}

Heatmap& Heatmap::operator+=(const Heatmap& o) {
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h) observed[d][h] += o.observed[d][h], occupied[d][h] += o.occupied[d][h];
  return *this;
}

std::array<std::array<double, 24>, 7> Heatmap::fractions() const {
  std::array<std::array<double, 24>, 7> out{};
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h)
      out[d][h] = observed[d][h] ? static_cast<double>(occupied[d][h]) / static_cast<double>(observed[d][h]) : 0.0;
  return out;
}

RoomUsage room_usage(const RoomInput& in, TimeRange period, const date::time_zone* zone, Heatmap& heatmap,
                     std::int64_t max_gap_s) {
  RoomUsage u;
  LocalTime local(zone);
  for (const auto& b : in.bookings) u.booked_s += overlap(b, period);

  for (std::size_t i = 0; i < in.samples.size(); ++i) {
    const auto& s = in.samples[i];
    std::int64_t end = s.at + max_gap_s;
    if (i + 1 < in.samples.size()) end = std::min(end, in.samples[i + 1].at);
    TimeRange seg{std::max(s.at, period.start), std::min(end, period.end)};
    if (seg.end <= seg.start) continue;
    std::int64_t len = seg.end - seg.start;
    std::int64_t booked = booked_within(seg, in.bookings);
    u.observed_s += len;
    if (s.occupied) {
      u.occupied_s += len;
      u.occupied_unbooked_s += len - booked;
    } else {
      u.booked_empty_s += booked;
    }
    if (s.power_on) {
      u.power_on_s += len;
      if (!s.occupied) u.power_on_empty_s += len;
    }
    add_to_heatmap(heatmap, seg.start, len, s.occupied ? len : 0, local);
  }
  for (const auto& h : in.hours) {
    if (h.hour_start < period.start || h.hour_start >= period.end) continue;
    u.observed_s += 3600;
    u.occupied_s += h.occupied_s;
    u.power_on_s += h.power_on_s;
    add_to_heatmap(heatmap, h.hour_start, 3600, h.occupied_s, local);
  }

  u.switch_offs = switch_offs(in.power_switches, period);
  return u;
}

std::int64_t switch_offs(const std::vector<std::pair<std::int64_t, bool>>& power_switches, TimeRange period) {
  return std::count_if(power_switches.begin(), power_switches.end(),
                       [&](const auto& s) { return !s.second && period.contains(s.first); });
}

}  // namespace classroom
