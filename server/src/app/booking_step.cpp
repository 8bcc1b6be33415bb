// The booking lifecycle the room sensors drive, one step at a time: the ticker runs
// it every few seconds, tests may call it. The decisions are the domain's; the
// database finds what is due; this tells everyone what changed.
#include "api/booking_json.hpp"
#include "app/app.hpp"
#include "domain/booking_rules.hpp"

#include <spdlog/spdlog.h>

#include <set>

namespace classroom {

namespace {

OccurrenceOutcome outcome_of(const Booking& b) {
  if (b.status == "released") return OccurrenceOutcome::released_no_show;
  if (b.checked_in_at) return OccurrenceOutcome::attended;
  if (b.status == "cancelled") return OccurrenceOutcome::cancelled;
  return OccurrenceOutcome::pending;  // ahead, under way, or in a room without a sensor
}

}  // namespace

std::size_t App::booking_lifecycle_step() {
  auto now = clock.now();
  NoShowPolicy policy;
  auto out = bookings.lifecycle_step(now, policy.check_in_lead.count());
  if (!out.checked_in.empty()) announce(*this, "updated", out.checked_in);
  if (!out.released.empty()) announce(*this, "released", out.released);

  std::set<std::int64_t> series;
  for (const auto& b : out.released)
    if (b.series_id) series.insert(*b.series_id);
  for (auto id : series) {
    std::vector<OccurrenceOutcome> outcomes;
    for (const auto& b : bookings.series_bookings(id)) outcomes.push_back(outcome_of(b));
    if (!series_flagged(outcomes, policy.flag_after)) continue;
    auto flagged = bookings.set_series_flag(id, true, now);
    spdlog::info("event=booking_series_flagged series_id={} no_shows={}", id, trailing_no_shows(outcomes));
    hub.publish({{"type", "booking_series"}, {"action", "flagged"}, {"series", series_json(flagged, zone)}},
                Audience::admins);
  }
  return out.checked_in.size() + out.released.size() + static_cast<std::size_t>(out.completed);
}

}  // namespace classroom
