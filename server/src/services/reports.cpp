#include "services/reports.hpp"

#include "present/live.hpp"

#include <algorithm>

namespace classroom {

ReportService::ReportService(Campus& campus, ReportWriter& writer, Hub& hub, Metrics& metrics, const Clock& clock,
                             const date::time_zone* zone)
    : campus_(campus), writer_(writer), hub_(hub), metrics_(metrics), clock_(clock), zone_(zone) {
  metrics_.describe("classroom_reports_total", "Node status reports by outcome (stored, duplicate, refused)");
  metrics_.describe("classroom_power_decisions_total", "Power decisions answered to nodes, by reason");
}

void ReportService::count(const char* outcome, const ReportOutcome& out, std::uint64_t n) {
  metrics_.add("classroom_reports_total", label("outcome", outcome), n);
  if (std::string_view(outcome) != "refused")
    metrics_.add("classroom_power_decisions_total", label("reason", std::string(reason_name(out.decision.reason))));
}

void ReportService::announce(const std::optional<RoomLive>& live) {
  if (live) hub_.publish(room_event_json(*live, zone_), Audience::everyone);
}

void ReportService::report(const std::string& device_id, const Report& r, Done<ReportOutcome> done) {
  auto out = campus_.evaluate(device_id, r, clock_.now());
  if (out.duplicate) {
    count("duplicate", out);
    return done(out);
  }
  auto write = out.write;
  writer_.submit(std::move(write), [this, out = std::move(out), done = std::move(done)](bool stored) {
    if (!stored) {
      count("refused", out);
      campus_.refused(out);
      return done(std::nullopt);
    }
    count("stored", out);
    announce(campus_.accepted(out));
    done(out);
  });
}

void ReportService::batch(const std::string& device_id, std::vector<Report> reports, Done<BatchOutcome> done) {
  std::sort(reports.begin(), reports.end(), [](const auto& a, const auto& b) { return *a.seq < *b.seq; });
  auto now = clock_.now();
  auto result = std::make_shared<BatchOutcome>();
  auto fresh = std::make_shared<std::vector<ReportOutcome>>();
  std::vector<NodeWrite> writes;
  for (auto& rep : reports) {
    rep.buffered = true;
    auto out = campus_.evaluate(device_id, rep, now);
    if (out.duplicate) {
      ++result->duplicates;
      if (fresh->empty()) result->last = out;
      continue;
    }
    writes.push_back(out.write);
    fresh->push_back(std::move(out));
  }
  result->accepted = static_cast<std::int64_t>(fresh->size());
  auto finish = [this, device_id, result, fresh, done = std::move(done)](bool stored) {
    if (!stored) {
      for (auto it = fresh->rbegin(); it != fresh->rend(); ++it) campus_.refused(*it);
      metrics_.add("classroom_reports_total", label("outcome", "refused"), fresh->size());
      return done(std::nullopt);
    }
    metrics_.add("classroom_reports_total", label("outcome", "stored"), fresh->size());
    metrics_.add("classroom_reports_total", label("outcome", "duplicate"), static_cast<std::uint64_t>(result->duplicates));
    std::optional<RoomLive> latest;
    for (const auto& out : *fresh)
      if (auto live = campus_.accepted(out)) latest = live;  // dashboards hear the newest state once
    announce(latest);
    if (!fresh->empty()) result->last = fresh->back();
    result->last_seq = campus_.last_seq(device_id);
    done(*result);
  };
  if (writes.empty()) return finish(true);
  writer_.submit(std::move(writes), std::move(finish));
}

void ReportService::heartbeat(const std::string& device_id, const std::string& firmware, const NodeHealth& health,
                              Done<std::int64_t> done) {
  auto now = clock_.now();
  campus_.touch(device_id, now);
  writer_.submit(DeviceSeen{device_id, now, firmware, health}, [now, done = std::move(done)](bool stored) {
    done(stored ? std::optional(now) : std::nullopt);
  });
}

void ReportService::power_log(PowerLogWrite log, std::optional<std::int64_t> command_id, Done<bool> done) {
  auto now = clock_.now();
  log.at = now;
  campus_.touch(log.device_id, now);
  log.classroom_id = campus_.room_of(log.device_id);
  std::vector<NodeWrite> writes;
  auto applied = campus_.confirm_power(log.device_id, log.power_on, command_id, now);
  log.command_id = applied ? std::optional(applied->id) : command_id;
  if (applied) writes.push_back(CommandApplied{applied->id, now});
  writes.push_back(log);
  writer_.submit(std::move(writes), [this, applied, room = log.classroom_id, done = std::move(done)](bool stored) {
    if (stored && applied) {
      hub_.publish(power_event_json(*applied), Audience::everyone);
      if (room) announce(campus_.room(*room, clock_.now()));
    }
    done(stored ? std::optional(true) : std::nullopt);
  });
}

void ReportService::wait_for_command(const std::string& device_id, std::int64_t wait_s,
                                     std::function<void(std::optional<PowerCommand>)> done) {
  auto now = clock_.now();
  campus_.touch(device_id, now);
  auto deadline_ms = wait_s > 0 ? unix_now_ms() + wait_s * 1000 : 0;
  campus_.wait_for_command(device_id, now, deadline_ms, std::move(done));
}

}  // namespace classroom
