#include "domain/power_rule.hpp"

#include <algorithm>

namespace classroom {

namespace {
PowerDecision decide(const PowerInputs& in);
PowerDecision on(PowerReason reason, bool booked) { return {true, reason, booked, std::nullopt}; }
}  // namespace

bool override_holds(const Override& o, const std::optional<TimeRange>& current_booking, std::int64_t now) {
  if (now >= o.expires_at) return false;
  if (!o.booking_id) return true;
  return current_booking && current_booking->contains(now) && current_booking->booking_id == *o.booking_id;
}

PowerDecision decide_power(const PowerInputs& in) {
  auto d = decide(in);
  if (d.is_booked) d.booked_until = in.current_booking->end;
  return d;
}

namespace {
PowerDecision decide(const PowerInputs& in) {
  bool booked = in.current_booking && in.current_booking->contains(in.now);
  if (in.manual && override_holds(*in.manual, in.current_booking, in.now)) {
    auto until = in.manual->expires_at;
    if (in.manual->booking_id) until = std::min(until, in.current_booking->end);
    return {in.manual->power_on, PowerReason::manual_override, booked, until - in.now};
  }
  if (booked) return {true, PowerReason::booked, true, in.current_booking->end - in.now};
  if (in.next_booking && in.next_booking->start > in.now && in.next_booking->start - in.now <= in.booking_lead_s)
    return on(PowerReason::booking_soon, false);

  if (!in.observed) return on(PowerReason::no_data, false);
  const auto& o = *in.observed;
  if (in.now - o.at > in.stale_after_s) return on(PowerReason::stale_data, false);

  std::optional<std::int64_t> until_lead;
  if (in.next_booking && in.next_booking->start > in.now) until_lead = in.next_booking->start - in.booking_lead_s - in.now;

  if (o.is_occupied) {
    if (o.is_power_on || in.settings.auto_power_on) return on(PowerReason::occupied, false);
    return {false, PowerReason::occupied_auto_on_disabled, false, until_lead};
  }
  if (!o.sensor_ok) return on(PowerReason::sensor_fault, false);
  if (!o.last_movement) return {o.is_power_on, PowerReason::no_data, false, std::nullopt};

  std::int64_t idle_for = *o.last_movement + (in.now - o.at);
  std::int64_t off_after = std::int64_t{in.settings.idle_timeout_s} + in.settings.power_off_delay_s;
  if (idle_for >= off_after) return {false, PowerReason::idle_timeout, false, until_lead};
  std::int64_t remaining = off_after - idle_for;
  if (until_lead) remaining = std::min(remaining, *until_lead);
  return {o.is_power_on, o.is_power_on ? PowerReason::idle_grace : PowerReason::idle_off, false, remaining};
}

}  // namespace

}  // namespace classroom
