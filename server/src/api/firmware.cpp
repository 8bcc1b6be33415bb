// Over-the-air updates. Admins: POST /api/admin/firmware/images (the image as
// application/octet-stream, ?version= and ?signature= or the X-Firmware-Version and
// X-Firmware-Signature headers), rollouts and their pause/resume/abort, each device's
// version and update state. Nodes: GET /api/esp/firmware/{version} with their key.
#include "api/common.hpp"
#include "api/routes.hpp"
#include "present/resources.hpp"
#include "services/firmware.hpp"

#include <spdlog/spdlog.h>

namespace classroom {

namespace json = boost::json;

namespace {

json::object image_json(const FirmwareImage& i, const date::time_zone* zone) {
  return {{"id", i.id},
          {"version", i.version},
          {"size", i.size},
          {"sha256", i.sha256},
          {"signature", i.signature},
          {"notes", i.notes},
          {"uploaded_by", i.uploaded_by},
          {"created_at", time_json(i.created_at, zone)}};
}

json::object counts_json(const StageCounts& c) {
  return {{"members", c.members}, {"offered", c.offered}, {"updated", c.updated}, {"failed", c.failed},
          {"late", c.late},       {"silent", c.silent},   {"pending", c.pending},  {"excused", c.excused}};
}

json::object rollout_json(const RolloutView& v, const date::time_zone* zone) {
  const auto& r = v.rollout;
  json::array stages;
  for (int s : r.policy.stages) stages.push_back(s);
  return {{"id", r.id},
          {"version", r.version},
          {"scope", to_string(r.scope)},
          {"target", r.target.empty() ? json::value(nullptr) : json::value(r.target)},
          {"stages", stages},
          {"stage", r.stage},
          {"stage_percent", r.policy.stages[r.stage]},
          {"state", to_string(r.state)},
          {"reason", r.reason},
          {"stage_started_at", time_json(r.stage_started_at, zone)},
          {"soak_s", r.policy.soak_s},
          {"window_s", r.policy.window_s},
          {"max_failed_percent", r.policy.max_failed_percent},
          {"targets", v.targets},
          {"stage_counts", counts_json(v.stage)},
          {"offered", v.offered},
          {"updated", v.updated},
          {"failed", v.failed},
          {"created_by", r.created_by},
          {"created_at", time_json(r.created_at, zone)},
          {"updated_at", time_json(r.updated_at, zone)}};
}

std::string param_or_header(const Request& req, const std::string& param, std::string_view header) {
  if (auto v = req.query_param(param)) return *v;
  return req.header(header);
}

bool is_octet_stream(const std::string& content_type) {
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "application/octet-stream";
}

}  // namespace

void add_firmware_routes(Router& r, FirmwareService& firmware, const date::time_zone* zone) {
  r.add("POST", "/api/admin/firmware/images", Access::admin, [&firmware, zone](Request& req) {
    if (!is_octet_stream(req.header("content-type")))
      throw HttpError(415, "Unsupported media type", "Send the image as application/octet-stream", "content-type");
    auto version = param_or_header(req, "version", "x-firmware-version");
    auto signature = param_or_header(req, "signature", "x-firmware-signature");
    auto notes = req.query_param("notes").value_or("");
    if (notes.size() > 500) throw BadRequest("notes", "notes may be at most 500 characters");
    return created(image_json(firmware.upload(version, signature, req.body, notes, req.caller->username), zone));
  });
  r.add("GET", "/api/admin/firmware/images", Access::admin, [&firmware, zone](Request&) {
    json::array out;
    for (const auto& i : firmware.images()) out.push_back(image_json(i, zone));
    return ok(out);
  });
  r.add("DELETE", "/api/admin/firmware/images/{version}", Access::admin, [&firmware](Request& req) {
    firmware.remove_image(req.param("version"));
    return message("Image deleted");
  });

  r.add("GET", "/api/admin/firmware/rollouts", Access::admin, [&firmware, zone](Request&) {
    json::array out;
    for (const auto& v : firmware.rollouts()) out.push_back(rollout_json(v, zone));
    return ok(out);
  });
  r.add("POST", "/api/admin/firmware/rollouts", Access::admin, [&firmware, zone](Request& req) {
    Input in(req.body);
    FirmwareService::RolloutRequest q;
    q.version = in.str("version", 32);
    auto scope = in.opt_str("scope", 16).value_or("campus");
    auto parsed = parse_rollout_scope(scope);
    if (!parsed) throw BadRequest("scope", "scope must be device, building or campus");
    q.scope = *parsed;
    if (auto* t = in.object().if_contains("target"); t && !t->is_null())
      q.target = t->is_int64() ? std::to_string(t->as_int64()) : in.str("target", 64);
    if (auto* s = in.object().if_contains("stages"); s && !s->is_null()) {
      if (!s->is_array()) throw BadRequest("stages", "stages must be a list of percents, e.g. [1, 10, 100]");
      std::vector<int> stages;
      for (const auto& v : s->as_array()) {
        if (!v.is_int64()) throw BadRequest("stages", "stages must be a list of whole percents");
        stages.push_back(static_cast<int>(v.as_int64()));
      }
      q.stages = stages;
    }
    q.soak_s = in.opt_int("soak_s", 0, 90LL * 86400);
    q.window_s = in.opt_int("window_s", 1, 90LL * 86400);
    q.max_failed_percent = in.opt_number("max_failed_percent", 0, 100);
    return created(rollout_json(firmware.start_rollout(q, req.caller->username), zone));
  });
  r.add("GET", "/api/admin/firmware/rollouts/{id}", Access::admin, [&firmware, zone](Request& req) {
    return ok(rollout_json(firmware.rollout(path_id(req)), zone));
  });
  r.add("POST", "/api/admin/firmware/rollouts/{id}/pause", Access::admin, [&firmware, zone](Request& req) {
    return ok(rollout_json(firmware.pause(path_id(req), req.caller->username), zone));
  });
  r.add("POST", "/api/admin/firmware/rollouts/{id}/resume", Access::admin, [&firmware, zone](Request& req) {
    return ok(rollout_json(firmware.resume(path_id(req), req.caller->username), zone));
  });
  r.add("POST", "/api/admin/firmware/rollouts/{id}/abort", Access::admin, [&firmware, zone](Request& req) {
    return ok(rollout_json(firmware.abort(path_id(req), req.caller->username), zone));
  });

  r.add("GET", "/api/admin/firmware/devices", Access::admin, [&firmware, zone](Request&) {
    json::array out;
    for (const auto& d : firmware.devices()) {
      json::object o{{"device_id", d.device_id},
                     {"name", d.name},
                     {"firmware_version", d.firmware_version.empty() ? json::value(nullptr) : json::value(d.firmware_version)},
                     {"last_seen", time_json(d.last_seen, zone)},
                     {"update", nullptr}};
      if (d.update)
        o["update"] = json::object{{"rollout_id", d.update->rollout_id},
                                   {"version", d.update_version},
                                   {"from_version", d.update->from_version},
                                   {"state", to_string(d.update->state)},
                                   {"offered_at", time_json(d.update->offered_at, zone)},
                                   {"done_at", time_json(d.update->done_at, zone)}};
      out.push_back(std::move(o));
    }
    return ok(out);
  });

  r.add("GET", "/api/esp/firmware/{version}", Access::device, [&firmware](Request& req) {
    const auto& version = req.param("version");
    auto bytes = firmware.image_bytes(version);
    if (!bytes) throw NotFound("No image of version " + version);
    spdlog::info("event=firmware_download device_id={} version={} size={}", req.device->device_id, version, bytes->size());
    Response res;
    res.status = 200;
    res.content_type = "application/octet-stream";
    res.body = std::move(*bytes);
    return res;
  });
}

}  // namespace classroom
