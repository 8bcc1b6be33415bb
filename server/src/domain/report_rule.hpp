#pragma once
// The report rule: what one node report means, decided from the report, what the
// campus remembers of the node and its room, and the time. Pure; the live campus
// keeps the memory and applies the verdict once the write is durable.
#include "domain/power_rule.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace classroom {

struct Report {
  bool is_occupied = false;
  bool is_power_on = false;
  std::optional<std::int64_t> last_movement;
  std::optional<double> temperature;
  std::optional<std::int64_t> device_time;
  std::optional<std::int64_t> seq;
  bool sensor_ok = true;
  std::string sensor_fault;  // the node's short description, when it has one
  bool buffered = false;     // sent later from the node's offline buffer
  std::optional<double> power_w;  // the load a meter on the node measured
};

// What the campus remembers of the room before the report.
struct RoomMemory {
  std::optional<Observation> observed;
  std::optional<double> temperature;
  std::optional<PowerReason> last_reason;
  // What the webhooks last heard of (set when a report is judged, before its write,
  // so that the write can carry the events it makes).
  std::optional<Observation> notified;
};

struct ReportVerdict {
  bool duplicate = false;       // an old sequence number: answered, not stored
  Observation observed;         // the room's observation once the report is stored
  std::int64_t stored_at = 0;   // the time the status log row carries
  bool announce = false;        // dashboards hear of it (after the write)
};

// A sequence number at or below the last accepted one is a resend of a stored report.
bool is_duplicate(std::optional<std::int64_t> seq, std::int64_t last_accepted_seq);

// When a report was made: a buffered report keeps the node's clock when it is
// plausible (not ahead of `now`, at most a week behind); everything else is `now`.
std::int64_t report_time(const Report& r, std::int64_t now);

// Whether a decision and observation are news for the dashboards: occupancy, power
// or sensor health changed, the temperature moved by 0.5 or more, or the reason.
bool worth_announcing(const RoomMemory& before, const Report& r, PowerReason reason_now);

// Seconds until the node should report again: the regular interval, or sooner (at
// least 10 s) when the decision changes by time alone before then.
std::int64_t next_report_s(const PowerDecision& d, std::int64_t interval_s);

// A pending command counts as applied once the node reports the commanded state
// (the first firmware sends no power log).
bool confirms_command(bool pending, bool commanded_on, bool reported_on);

// The verdict on a report, before the decision (which needs the room's bookings).
ReportVerdict judge_report(const Report& r, std::int64_t last_accepted_seq, std::int64_t now);

}  // namespace classroom
