#include "domain/report_rule.hpp"

#include <algorithm>
#include <cmath>

namespace classroom {

namespace {
constexpr std::int64_t kPlausibleBacklogS = 7 * 86400;
constexpr std::int64_t kShortestReportS = 10;
}  // namespace

bool is_duplicate(std::optional<std::int64_t> seq, std::int64_t last_accepted_seq) {
  return seq && last_accepted_seq > 0 && *seq <= last_accepted_seq;
}

std::int64_t report_time(const Report& r, std::int64_t now) {
  if (!r.buffered || !r.device_time) return now;
  if (*r.device_time > now || *r.device_time <= now - kPlausibleBacklogS) return now;
  return *r.device_time;
}

bool worth_announcing(const RoomMemory& before, const Report& r, PowerReason reason_now) {
  const auto& o = before.observed;
  if (!o || o->is_occupied != r.is_occupied || o->is_power_on != r.is_power_on || o->sensor_ok != r.sensor_ok)
    return true;
  if (r.temperature && (!before.temperature || std::fabs(*before.temperature - *r.temperature) >= 0.5)) return true;
  return before.last_reason != reason_now;
}

std::int64_t next_report_s(const PowerDecision& d, std::int64_t interval_s) {
  if (!d.changes_in_s || *d.changes_in_s <= 0) return interval_s;
  return std::clamp<std::int64_t>(*d.changes_in_s + 1, kShortestReportS, std::max(interval_s, kShortestReportS));
}

bool confirms_command(bool pending, bool commanded_on, bool reported_on) { return pending && commanded_on == reported_on; }

ReportVerdict judge_report(const Report& r, std::int64_t last_accepted_seq, std::int64_t now) {
  ReportVerdict v;
  v.duplicate = is_duplicate(r.seq, last_accepted_seq);
  v.stored_at = report_time(r, now);
  v.observed = Observation{r.is_occupied, r.is_power_on, r.last_movement, now, r.sensor_ok};
  return v;
}

}  // namespace classroom
