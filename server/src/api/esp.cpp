// The node protocol: the first firmware's calls, unchanged, plus the long-poll for
// commands and the batch upload of reports buffered while offline. Each answer comes
// once the write is durable; 503 when it cannot be.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "domain/retry_spread.hpp"
#include "domain/time.hpp"
#include "services/firmware.hpp"
#include "services/reports.hpp"

#include <random>

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
  r.sensor_ok = in.opt_bool("sensor_ok").value_or(true);
  r.power_w = in.opt_number("power_w", 0.0, 100000.0);
  in.opt_number("energy_wh", 0.0, 1e12);  // a meter reading: checked, the measured load is what is kept
  r.sensor_fault = in.opt_str("sensor_fault", 64).value_or("");
  if (!r.sensor_fault.empty()) r.sensor_ok = false;
  return r;
}

// The answer to a report, written as text: it is built on the report writer's thread,
// once for every report, where a JSON tree cost more allocations than the rest.
JsonObjectText answer(const ReportOutcome& out, const date::time_zone* zone, std::string_view message,
                      std::optional<std::int64_t> last_seq) {
  JsonObjectText body;
  body.add("message", message)
      .add("is_booked", out.decision.is_booked)
      .add("power_on", out.decision.power_on)
      .add("reason", reason_name(out.decision.reason))
      .add("server_time", format_iso(from_unix(out.now), zone))
      .add("next_report_s", out.next_report_s);
  if (last_seq) body.add("last_seq", *last_seq);
  if (out.decision.booked_until) body.add("booked_until", format_iso(from_unix(*out.decision.booked_until), zone));
  if (out.command)
    body.add("command", json::value(json::object{{"id", out.command->id}, {"power_on", out.command->power_on}}));
  return body;
}

// The update assigned to the node, if any: {"version", "url", "sha256", "size", "signature"}.
void add_offer(JsonObjectText& body, FirmwareService& firmware, const Request& req, const std::string& public_url) {
  auto offer = firmware.offer(req.device->device_id);
  if (!offer) return;
  std::string base = public_url;
  if (base.empty()) base = "https://" + req.header("host");
  while (!base.empty() && base.back() == '/') base.pop_back();
  body.add("firmware", json::value(json::object{{"version", offer->version},
                                                {"url", base + "/api/esp/firmware/" + offer->version},
                                                {"sha256", offer->sha256},
                                                {"size", offer->size},
                                                {"signature", offer->signature}}));
}

// The write queue or the outage journal is full: come back later, at a time of one's own.
Response unavailable() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  auto wait = retry_after_spread_s(std::uniform_real_distribution<double>(0.0, 1.0)(rng));
  return render_error(Unavailable("The server cannot store node writes now (write queue or outage journal full)",
                                  static_cast<int>(wait)));
}

json::object commands_body(const std::optional<PowerCommand>& c, const date::time_zone* zone) {
  json::array list;
  if (c)
    list.push_back({{"id", c->id}, {"power_on", c->power_on}, {"expires_at", format_iso(from_unix(c->expires_at), zone)}});
  return {{"commands", std::move(list)}};
}

std::vector<Report> read_batch(const Input& in, const std::string& device_id) {
  auto* list = in.object().if_contains("reports");
  if (!list || !list->is_array()) throw BadRequest("reports", "reports must be an array");
  if (list->as_array().empty() || list->as_array().size() > 500)
    throw BadRequest("reports", "reports must hold 1 to 500 entries");
  std::vector<Report> reports;
  for (const auto& item : list->as_array()) {
    if (!item.is_object()) throw BadRequest("reports", "each report must be an object");
    auto rep = read_report(Input(item.as_object()), device_id);
    if (!rep.seq) throw BadRequest("seq", "each buffered report needs seq");
    reports.push_back(rep);
  }
  return reports;
}

}  // namespace

void add_esp_routes(Router& r, ReportService& reports, FirmwareService& firmware, std::string public_url) {
  auto zone = reports.zone();
  r.add_async("POST", "/api/esp/status", Access::device, [&reports, &firmware, public_url, zone](RequestPtr req, Reply reply) {
    auto report = read_report(Input(req->body), req->device->device_id);
    reports.report(req->device->device_id, report, [reply = std::move(reply), zone, req, &firmware, public_url](std::optional<ReportOutcome> out) {
      if (!out) return reply(unavailable());
      auto body = answer(*out, zone, "Status updated", out->last_seq > 0 ? std::optional(out->last_seq) : std::nullopt);
      add_offer(body, firmware, *req, public_url);
      reply(json_response(200, std::move(body)));
    });
  });

  r.add_async("POST", "/api/esp/status/batch", Access::device, [&reports, &firmware, public_url, zone](RequestPtr req, Reply reply) {
    auto batch = read_batch(Input(req->body), req->device->device_id);
    reports.batch(req->device->device_id, std::move(batch), [reply = std::move(reply), zone, req, &firmware, public_url](std::optional<BatchOutcome> out) {
      if (!out) return reply(unavailable());
      // last_seq: the highest sequence stored for the node, so one whose memory was erased can move past it.
      auto body = answer(out->last, zone, "Reports accepted", out->last_seq);
      body.add("accepted", out->accepted).add("duplicates", out->duplicates);
      add_offer(body, firmware, *req, public_url);
      reply(json_response(200, std::move(body)));
    });
  });

  r.add_async("POST", "/api/esp/heartbeat", Access::device, [&reports, &firmware_updates = firmware, zone](RequestPtr req, Reply reply) {
    std::string firmware;
    NodeHealth health;
    if (!req->body.empty()) {
      Input in(req->body);
      firmware = in.opt_str("firmware_version", 32).value_or("");
      health.rssi = in.opt_int("rssi", -150, 0);
      health.uptime_s = in.opt_int("uptime_s", 0, 100LL * 365 * 86400);
      health.free_heap = in.opt_int("free_heap", 0, 1LL << 32);
      health.reset_reason = in.opt_str("reset_reason", 32).value_or("");
      if (!health.reset_reason.empty()) check_identifier("reset_reason", health.reset_reason, 1);
    }
    firmware_updates.heartbeat(req->device->device_id, firmware, health.uptime_s);
    reports.heartbeat(req->device->device_id, firmware, health, [reply = std::move(reply), zone](std::optional<std::int64_t> now) {
      reply(now ? json_response(200, json::object{{"message", "Heartbeat received"},
                                                  {"server_time", format_iso(from_unix(*now), zone)}})
                : unavailable());
    });
  });

  r.add_async("POST", "/api/esp/power-log", Access::device, [&reports](RequestPtr req, Reply reply) {
    Input in(req->body);
    PowerLogWrite log;
    log.device_id = req->device->device_id;
    log.power_on = in.boolean("power_on");
    log.reason = in.opt_str("reason", 32).value_or("auto_control");
    check_identifier("reason", log.reason, 1);
    log.device_time = in.opt_int("timestamp", 0, 1LL << 40);
    auto command_id = in.opt_int("command_id", 1, 1LL << 53);
    reports.power_log(std::move(log), command_id, [reply = std::move(reply)](std::optional<bool> stored) {
      reply(stored ? json_response(200, json::object{{"message", "Power log recorded"}}) : unavailable());
    });
  });

  r.add_async("GET", "/api/esp/commands", Access::device, [&reports, zone](RequestPtr req, Reply reply) {
    auto wait = query_int(req->query_param("wait"), "wait", 25, 0, 60);
    reports.wait_for_command(req->device->device_id, wait, [reply = std::move(reply), zone](std::optional<PowerCommand> c) {
      reply(json_response(200, commands_body(c, zone)));
    });
  });
}

}  // namespace classroom
