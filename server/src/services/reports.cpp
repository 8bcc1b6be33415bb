#include "services/reports.hpp"

#include "present/live.hpp"
#include "storage/outbox.hpp"

#include <algorithm>

namespace classroom {

namespace {

std::string order_key(const std::string& device_id, std::optional<std::int64_t> room) {
  return room ? "room:" + std::to_string(*room) : "device:" + device_id;
}

EventWrite online_event(const std::string& device_id, std::optional<std::int64_t> room, std::int64_t now) {
  boost::json::object data{{"device_id", device_id},
                           {"classroom_id", room ? boost::json::value(*room) : nullptr},
                           {"online", true}};
  return {"device.online", order_key(device_id, room), event_payload("device.online", now, std::move(data)), now};
}

// What the webhooks hear of a report: only its transitions (most reports make none).
void add_event_writes(const ReportOutcome& out, std::vector<NodeWrite>& writes) {
  auto room = out.write.classroom_id;
  if (out.came_online) writes.push_back(online_event(out.device_id, room, out.now));
  if (!room) return;
  for (const auto& event : out.transitions) {
    boost::json::object data{{"classroom_id", *room},
                             {"device_id", out.device_id},
                             {"occupied", out.report.is_occupied},
                             {"power_on", out.report.is_power_on},
                             {"power_reason", out.write.power_reason},
                             {"sensor_ok", out.report.sensor_ok}};
    if (!out.report.sensor_ok) data["sensor_fault"] = out.report.sensor_fault.empty() ? "sensor fault" : out.report.sensor_fault;
    writes.push_back(EventWrite{event, order_key(out.device_id, room), event_payload(event, out.now, std::move(data)), out.now});
  }
}

}  // namespace

ReportService::ReportService(Campus& campus, ReportWriter& writer, Hub& hub, Metrics& metrics, const Clock& clock,
                             const date::time_zone* zone)
    : campus_(campus), writer_(writer), hub_(hub), metrics_(metrics), clock_(clock), zone_(zone) {
  metrics_.describe("classroom_reports_total", "Node status reports by outcome (stored, duplicate, refused)");
  metrics_.describe("classroom_power_decisions_total", "Power decisions answered to nodes, by reason");
}

void ReportService::count(const char* outcome, const ReportOutcome& out, std::uint64_t n) {
  metrics_.add("classroom_reports_total", Labels().add("outcome", outcome).text(), n);
  if (std::string_view(outcome) != "refused")
    metrics_.add("classroom_power_decisions_total", Labels().add("reason", reason_name(out.decision.reason)).text());
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
  std::vector<NodeWrite> writes{out.write};
  add_event_writes(out, writes);
  writer_.submit(std::move(writes), [this, out = std::move(out), done = std::move(done)](bool stored) {
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
    add_event_writes(out, writes);
    fresh->push_back(std::move(out));
  }
  result->accepted = static_cast<std::int64_t>(fresh->size());
  auto finish = [this, device_id, result, fresh, done = std::move(done)](bool stored) {
    if (!stored) {
      for (auto it = fresh->rbegin(); it != fresh->rend(); ++it) campus_.refused(*it);
      metrics_.add("classroom_reports_total", Labels().add("outcome", "refused").text(), fresh->size());
      return done(std::nullopt);
    }
    metrics_.add("classroom_reports_total", Labels().add("outcome", "stored").text(), fresh->size());
    metrics_.add("classroom_reports_total", Labels().add("outcome", "duplicate").text(),
                 static_cast<std::uint64_t>(result->duplicates));
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
  std::vector<NodeWrite> writes{DeviceSeen{device_id, now, firmware, health}};
  if (campus_.touch(device_id, now)) writes.push_back(online_event(device_id, campus_.room_of(device_id), now));
  writer_.submit(std::move(writes), [now, done = std::move(done)](bool stored) {
    done(stored ? std::optional(now) : std::nullopt);
  });
}

void ReportService::power_log(PowerLogWrite log, std::optional<std::int64_t> command_id, Done<bool> done) {
  auto now = clock_.now();
  log.at = now;
  bool came_online = campus_.touch(log.device_id, now);
  log.classroom_id = campus_.room_of(log.device_id);
  std::vector<NodeWrite> writes;
  if (came_online) writes.push_back(online_event(log.device_id, log.classroom_id, now));
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
  if (campus_.touch(device_id, now)) writer_.submit(online_event(device_id, campus_.room_of(device_id), now));
  auto deadline_ms = wait_s > 0 ? unix_now_ms() + wait_s * 1000 : 0;
  campus_.wait_for_command(device_id, now, deadline_ms, std::move(done));
}

}  // namespace classroom
