#include "domain/energy.hpp"

#include "domain/timeline.hpp"

#include <date/tz.h>

#include <algorithm>

namespace classroom {

namespace {

std::int64_t overridden(std::int64_t start, std::int64_t end, const std::vector<TimeRange>& overrides) {
  std::int64_t total = 0;
  for (const auto& o : overrides) total += overlap({start, end}, o);
  return std::min(total, end - start);
}

bool during_override(std::int64_t t, const std::vector<TimeRange>& overrides) {
  return std::any_of(overrides.begin(), overrides.end(), [&](const TimeRange& o) { return o.contains(t); });
}

}  // namespace

std::string_view to_string(LoadSource s) {
  switch (s) {
    case LoadSource::measured: return "measured";
    case LoadSource::rated: return "rated";
    case LoadSource::mixed: return "mixed";
    case LoadSource::none: break;
  }
  return "none";
}

EnergySaved& EnergySaved::operator+=(const EnergySaved& o) {
  baseline_on_s += o.baseline_on_s;
  actual_on_s += o.actual_on_s;
  excluded_s += o.excluded_s;
  saved_s += o.saved_s;
  kwh += o.kwh;
  if (load == LoadSource::none) load = o.load;
  else if (o.load != LoadSource::none && o.load != load) load = LoadSource::mixed;
  load_w = saved_s ? kwh * 1000.0 * 3600.0 / static_cast<double>(saved_s) : std::max(load_w, o.load_w);
  return *this;
}

std::vector<TimeRange> override_spans(const std::vector<CommandSpan>& commands) {
  std::vector<TimeRange> out;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    std::int64_t end = commands[i].ended_at;
    if (i + 1 < commands.size()) end = std::min(end, commands[i + 1].created_at);
    if (end > commands[i].created_at) out.push_back({commands[i].created_at, end});
  }
  return out;
}

EnergySaved energy_saved(const EnergyInput& in, TimeRange period, const date::time_zone* zone,
                         std::int64_t max_gap_s) {
  return energy_saved(in, observed_timeline(in.samples, in.hours, period, max_gap_s), period, zone);
}

EnergySaved energy_saved(const EnergyInput& in, std::span<const ObservedSpan> spans, TimeRange period,
                         const date::time_zone* zone) {
  EnergySaved out;

  double metered_w = 0;
  int metered = 0;
  for (const auto& s : in.samples)
    if (s.power_on && s.power_w && *s.power_w >= 0 && period.contains(s.at)) metered_w += *s.power_w, ++metered;
  out.load = metered ? LoadSource::measured : LoadSource::rated;
  out.load_w = metered ? metered_w / metered : in.rated_load_w;

  std::int64_t saved_s = 0;
  std::size_t i = 0;
  while (i < spans.size()) {
    auto day = local_date(spans[i].start, zone);
    auto day_end = to_unix(local_day(day, zone).end);
    auto open = open_on(in.opening, day, zone);
    // The day's first presence the node saw while no override held: the baseline starts there.
    std::optional<std::int64_t> first;
    std::size_t j = i;
    for (; j < spans.size() && spans[j].start < day_end; ++j)
      if (!first && spans[j].occupied && !during_override(spans[j].start, in.overrides)) first = spans[j].start;
    if (open && first && *first < open->end) {
      std::int64_t window_start = *first, window_end = std::min(open->end, period.end);
      std::int64_t baseline = 0, actual = 0, excluded = 0;
      for (std::size_t k = i; k < j; ++k) {
        std::int64_t a = std::max(spans[k].start, window_start), b = std::min(spans[k].end, window_end);
        if (b <= a) continue;
        std::int64_t held = overridden(a, b, in.overrides);
        excluded += held;
        baseline += (b - a) - held;
        if (spans[k].power_on) actual += (b - a) - held;
      }
      // Offline time in the window is what the spans do not cover.
      excluded += (window_end - window_start) - (baseline + excluded);
      out.baseline_on_s += baseline;
      out.actual_on_s += actual;
      out.excluded_s += excluded;
      saved_s += std::max<std::int64_t>(0, baseline - actual);
    }
    i = j;
  }
  out.saved_s = saved_s;
  out.kwh = out.load_w * static_cast<double>(saved_s) / 3600.0 / 1000.0;
  return out;
}

}  // namespace classroom
