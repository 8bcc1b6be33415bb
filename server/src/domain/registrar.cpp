#include "domain/registrar.hpp"

#include "domain/timeline.hpp"

#include <date/tz.h>

#include <algorithm>

namespace classroom {

namespace {

struct Tally {
  std::int64_t observed = 0, occupied = 0;
};

// Observed and occupied seconds of `spans` within [a, b).
Tally tally(std::span<const ObservedSpan> spans, std::int64_t a, std::int64_t b) {
  Tally t;
  auto it = std::lower_bound(spans.begin(), spans.end(), a,
                             [](const ObservedSpan& s, std::int64_t at) { return s.end <= at; });
  for (; it != spans.end() && it->start < b; ++it) {
    auto len = overlap({it->start, it->end}, {a, b});
    t.observed += len;
    if (it->occupied) t.occupied += len;
  }
  return t;
}

// Each open span of each local day of `period`, split by `fn`.
template <class F>
void each_open_day(const OpeningHours& h, TimeRange period, const date::time_zone* zone, F&& fn) {
  for (auto day = date::sys_days{local_date(period.start, zone)};; day += date::days{1}) {
    date::year_month_day ymd{day};
    if (auto open = open_on(h, ymd, zone)) {
      TimeRange clipped{std::max(open->start, period.start), std::min(open->end, period.end)};
      if (clipped.end > clipped.start) fn(ymd, *open, clipped);
    }
    if (to_unix(local_day(ymd, zone).end) >= period.end) break;
  }
}

int weekday_of(date::year_month_day d) { return days_after_monday(date::weekday{date::sys_days{d}}); }

}  // namespace

RegistrarFigures& RegistrarFigures::operator+=(const RegistrarFigures& o) {
  open_hours += o.open_hours;
  used_hours += o.used_hours;
  bookings += o.bookings;
  ghost_bookings += o.ghost_bookings;
  prime_s += o.prime_s;
  prime_occupied_s += o.prime_occupied_s;
  seat_hours += o.seat_hours;
  for (int d = 0; d < 7; ++d) latest_presence_min[d] = std::max(latest_presence_min[d], o.latest_presence_min[d]);
  return *this;
}

RegistrarFigures registrar_figures(const RegistrarInput& in, TimeRange period, const date::time_zone* zone,
                                   std::int64_t max_gap_s) {
  return registrar_figures(in, observed_timeline(in.samples, in.hours, period, max_gap_s), period, zone);
}

RegistrarFigures registrar_figures(const RegistrarInput& in, std::span<const ObservedSpan> spans, TimeRange period,
                                   const date::time_zone* zone) {
  RegistrarFigures f;

  each_open_day(in.opening, period, zone, [&](date::year_month_day day, TimeRange open, TimeRange clipped) {
    for (auto hour = open.start; hour < clipped.end; hour += 3600) {
      std::int64_t a = std::max(hour, clipped.start), b = std::min(hour + 3600, clipped.end);
      if (b <= a) continue;
      auto t = tally(spans, a, b);
      if (2 * t.observed < b - a) continue;  // the node was offline for most of it
      ++f.open_hours;
      if (t.occupied >= std::min(kUsedHourS, b - a)) {
        ++f.used_hours;
        f.seat_hours += in.capacity;
      }
    }
    // The latest presence inside the opening hours, as local minutes of the day.
    auto midnight = to_unix(local_day(day, zone).start);
    auto after = std::upper_bound(spans.begin(), spans.end(), clipped.end,
                                  [](std::int64_t at, const ObservedSpan& s) { return at <= s.start; });
    for (auto it = after; it != spans.begin();) {
      --it;
      if (it->end <= clipped.start) break;
      if (!it->occupied) continue;
      int minute = static_cast<int>((std::min(it->end, clipped.end) - midnight) / 60);
      auto& latest = f.latest_presence_min[weekday_of(day)];
      latest = std::max(latest, minute);
      break;
    }
  });

  each_open_day(in.prime, period, zone, [&](date::year_month_day, TimeRange, TimeRange clipped) {
    auto t = tally(spans, clipped.start, clipped.end);
    f.prime_s += t.observed;
    f.prime_occupied_s += t.occupied;
  });

  for (const auto& b : in.bookings) {
    TimeRange within{std::max(b.start, period.start), std::min(b.end, period.end)};
    if (within.end <= within.start) continue;
    auto t = tally(spans, within.start, within.end);
    if (2 * t.observed < within.end - within.start) continue;
    ++f.bookings;
    if (t.occupied == 0) ++f.ghost_bookings;
  }
  return f;
}

}  // namespace classroom
