// The node protocol: the first firmware's calls, unchanged, plus the long-poll for
// commands and the batch upload of reports buffered while offline. Answers come
// from memory; each write is answered once durable (group commit).
#include "api/common.hpp"
#include "api/routes.hpp"
#include "app/app.hpp"
#include "domain/time.hpp"

#include <algorithm>
#include <chrono>

namespace classroom {

namespace json = boost::json;

namespace {

Report read_report(const Input& in, const std::string& device_id) {
  if (auto claimed = in.opt_str("device_id", 64); claimed && *claimed != device_id)
    throw BadRequest("device_id", "device_id does not match the X-Device-ID header");
  Report r;
  r.is_occupied = in.boolean("is_occupied");
  r.is_power_on = in.boolean("is_power_on");
  r.last_movement = in.opt_int("last_movement", 0, 10LL * 365 * 86400);
  r.temperature = in.opt_number("temperature", -50.0, 150.0);
  r.device_time = in.opt_int("timestamp", 0, 1LL << 40);
  r.seq = in.opt_int("seq", 0, 1LL << 53);
  return r;
}

json::object answer(App& app, const ReportOutcome& out, std::int64_t now) {
  json::object body{{"message", "Status updated"},
                    {"is_booked", out.decision.is_booked},
                    {"power_on", out.decision.power_on},
                    {"reason", out.decision.reason},
                    {"server_time", format_iso(from_unix(now), app.zone)},
                    {"next_report_s", out.next_report_s}};
  if (out.command) body["command"] = json::object{{"id", out.command->id}, {"power_on", out.command->power_on}};
  return body;
}

// Replies once the write is durable, or 503 when the outage queue is full.
void reply_after(App& app, TelemetryWrite write, Reply reply, json::object body) {
  app.writer.submit(std::move(write), [reply = std::move(reply), body = std::move(body)](bool accepted) {
    reply(accepted ? json_response(200, body)
                   : render_error(Unavailable("Database unavailable and the write queue is full", 5)));
  });
}

json::object commands_body(const std::optional<PowerCommand>& c, const date::time_zone* zone) {
  json::array list;
  if (c)
    list.push_back({{"id", c->id}, {"power_on", c->power_on}, {"expires_at", format_iso(from_unix(c->expires_at), zone)}});
  return {{"commands", std::move(list)}};
}

}  // namespace

void add_esp_routes(Router& r, App& app) {
  r.add_async("POST", "/api/esp/status", Access::device, [&app](RequestPtr req, Reply reply) {
    auto report = read_report(Input(req->body), req->device->device_id);
    auto now = app.clock.now();
    auto out = app.campus.report(req->device->device_id, report, now);
    auto body = answer(app, out, now);
    if (out.duplicate) return reply(json_response(200, body));
    reply_after(app, std::move(out.write), std::move(reply), std::move(body));
  });

  r.add_async("POST", "/api/esp/status/batch", Access::device, [&app](RequestPtr req, Reply reply) {
    Input in(req->body);
    auto* list = in.object().if_contains("reports");
    if (!list || !list->is_array()) throw BadRequest("reports", "reports must be an array");
    if (list->as_array().empty() || list->as_array().size() > 500)
      throw BadRequest("reports", "reports must hold 1 to 500 entries");
    std::vector<Report> reports;
    for (const auto& item : list->as_array()) {
      if (!item.is_object()) throw BadRequest("reports", "each report must be an object");
      Input one(item.as_object());
      auto rep = read_report(one, req->device->device_id);
      if (!rep.seq) throw BadRequest("seq", "each buffered report needs seq");
      reports.push_back(rep);
    }
    std::sort(reports.begin(), reports.end(), [](const auto& a, const auto& b) { return *a.seq < *b.seq; });
    auto now = app.clock.now();
    std::int64_t duplicates = 0, last_seq = 0;
    std::vector<StatusWrite> writes;
    ReportOutcome last;
    for (const auto& rep : reports) {
      auto out = app.campus.report(req->device->device_id, rep, now);
      if (out.duplicate) {
        ++duplicates;
        continue;
      }
      // Buffered reports keep the time they were made when the node's clock is plausible.
      if (rep.device_time && *rep.device_time <= now && *rep.device_time > now - 7 * 86400) out.write.at = *rep.device_time;
      last_seq = *rep.seq;
      writes.push_back(out.write);
      last = std::move(out);
    }
    auto body = answer(app, last, now);
    body["message"] = "Reports accepted";
    body["accepted"] = static_cast<std::int64_t>(writes.size());
    body["duplicates"] = duplicates;
    // The highest sequence stored for the node, so one whose memory was erased can move past it.
    body["last_seq"] = std::max(last_seq, app.campus.last_seq(req->device->device_id));
    if (writes.empty()) return reply(json_response(200, body));
    for (std::size_t i = 0; i + 1 < writes.size(); ++i) app.writer.submit(writes[i]);
    reply_after(app, writes.back(), std::move(reply), std::move(body));
  });

  r.add_async("POST", "/api/esp/heartbeat", Access::device, [&app](RequestPtr req, Reply reply) {
    std::string firmware;
    if (!req->body.empty()) firmware = Input(req->body).opt_str("firmware_version", 32).value_or("");
    auto now = app.clock.now();
    app.campus.touch(req->device->device_id, now);
    reply_after(app, DeviceSeen{req->device->device_id, now, firmware}, std::move(reply),
                json::object{{"message", "Heartbeat received"}, {"server_time", format_iso(from_unix(now), app.zone)}});
  });

  r.add_async("POST", "/api/esp/power-log", Access::device, [&app](RequestPtr req, Reply reply) {
    Input in(req->body);
    PowerLogWrite log;
    log.device_id = req->device->device_id;
    log.power_on = in.boolean("power_on");
    log.reason = in.opt_str("reason", 32).value_or("auto_control");
    check_identifier("reason", log.reason, 1);
    log.device_time = in.opt_int("timestamp", 0, 1LL << 40);
    auto command_id = in.opt_int("command_id", 1, 1LL << 53);
    auto now = app.clock.now();
    log.at = now;
    app.campus.touch(log.device_id, now);
    log.classroom_id = app.campus.room_of(log.device_id);
    if (auto applied = app.campus.confirm_power(log.device_id, log.power_on, command_id, now)) {
      log.command_id = applied->id;
      app.writer.submit(CommandApplied{applied->id, now});
    } else {
      log.command_id = command_id;
    }
    reply_after(app, std::move(log), std::move(reply), json::object{{"message", "Power log recorded"}});
  });

  r.add_async("GET", "/api/esp/commands", Access::device, [&app](RequestPtr req, Reply reply) {
    auto wait = query_int(req->query_param("wait"), "wait", 25, 0, 60);
    const auto& device_id = req->device->device_id;
    auto now = app.clock.now();
    app.campus.touch(device_id, now);
    auto zone = app.zone;
    if (auto c = app.campus.pending_command_for(device_id, now); c || wait == 0)
      return reply(json_response(200, commands_body(c, zone)));
    app.campus.wait_for_command(device_id, unix_now_ms() + wait * 1000, [reply, zone](std::optional<PowerCommand> c) {
      reply(json_response(200, commands_body(c, zone)));
    });
  });
}

}  // namespace classroom
