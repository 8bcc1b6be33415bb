#include "domain/power_rule.hpp"

#include <algorithm>

namespace classroom {

namespace {
PowerDecision on(std::string reason, bool booked) { return {true, std::move(reason), booked, std::nullopt}; }
}  // namespace

PowerDecision decide_power(const PowerInputs& in) {
  bool booked = in.current_booking && in.current_booking->contains(in.now);
  if (in.manual && in.now < in.manual->expires_at)
    return {in.manual->power_on, "manual_override", booked, in.manual->expires_at - in.now};
  if (booked) return {true, "booked", true, in.current_booking->end - in.now};
  if (in.next_booking && in.next_booking->start > in.now && in.next_booking->start - in.now <= in.booking_lead_s)
    return on("booking_soon", false);

  if (!in.observed) return on("no_data", false);
  const auto& o = *in.observed;
  if (in.now - o.at > in.stale_after_s) return on("stale_data", false);

  std::optional<std::int64_t> until_lead;
  if (in.next_booking && in.next_booking->start > in.now) until_lead = in.next_booking->start - in.booking_lead_s - in.now;

  if (o.is_occupied) {
    if (o.is_power_on || in.settings.auto_power_on) return on("occupied", false);
    return {false, "occupied_auto_on_disabled", false, until_lead};
  }
  if (!o.last_movement) return {o.is_power_on, "no_data", false, std::nullopt};

  std::int64_t idle_for = *o.last_movement + (in.now - o.at);
  std::int64_t off_after = std::int64_t{in.settings.idle_timeout_s} + in.settings.power_off_delay_s;
  if (idle_for >= off_after) return {false, "idle_timeout", false, until_lead};
  std::int64_t remaining = off_after - idle_for;
  if (until_lead) remaining = std::min(remaining, *until_lead);
  return {o.is_power_on, o.is_power_on ? "idle_grace" : "idle_off", false, remaining};
}

}  // namespace classroom
