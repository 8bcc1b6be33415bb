#include "answer_json.hpp"

#include <ArduinoJson.h>

#include "wire.hpp"

namespace shell {
namespace {

bool read_bool(JsonVariantConst v, const char* key, bool& out, std::string& error) {
  if (!v[key].is<bool>()) {
    error = std::string(key) + (v[key].isNull() ? " is missing" : " is not a boolean");
    return false;
  }
  out = v[key].as<bool>();
  return true;
}

// server_time when present; false when present but unreadable.
bool read_time(JsonVariantConst v, std::optional<std::int64_t>& out, std::string& error) {
  if (v["server_time"].isNull()) return true;
  const char* text = v["server_time"].is<const char*>() ? v["server_time"].as<const char*>() : nullptr;
  if (text) out = fw::parse_iso8601(text);
  if (!out) error = "server_time is not an ISO 8601 time";
  return out.has_value();
}

std::optional<fw::Command> read_command(JsonVariantConst v, std::string& error) {
  if (!v.is<JsonObjectConst>() || !v["id"].is<long long>()) {
    error = "command id is missing or not an integer";
    return std::nullopt;
  }
  fw::Command c{v["id"].as<long long>(), true};
  if (!read_bool(v, "power_on", c.power_on, error)) return std::nullopt;
  return c;
}

// The `firmware` offer when it is complete; anything else is no offer.
std::optional<fw::FirmwareOffer> read_offer(JsonVariantConst f) {
  if (!f.is<JsonObjectConst>()) return std::nullopt;
  for (const char* key : {"version", "url", "sha256", "signature"})
    if (!f[key].is<const char*>()) return std::nullopt;
  if (!f["size"].is<long long>()) return std::nullopt;
  return fw::FirmwareOffer{f["version"].as<const char*>(), f["url"].as<const char*>(),
                           f["sha256"].as<const char*>(), f["size"].as<long long>(),
                           f["signature"].as<const char*>()};
}

fw::AnswerBody status_answer(JsonVariantConst v, std::string& error) {
  fw::StatusAnswer a;
  if (!read_bool(v, "power_on", a.power_on, error) || !read_bool(v, "is_booked", a.is_booked, error)) return {};
  if (!v["reason"].isNull()) {
    if (!v["reason"].is<const char*>()) {
      error = "reason is not a string";
      return {};
    }
    a.reason = v["reason"].as<const char*>();
  }
  if (!v["next_report_s"].isNull()) {
    if (!v["next_report_s"].is<int>() || v["next_report_s"].as<int>() < 0) {
      error = "next_report_s is not a whole number of seconds";
      return {};
    }
    a.next_report_s = v["next_report_s"].as<int>();
  }
  if (!read_time(v, a.server_time, error)) return {};
  // Additions a node can live without: an unreadable one is ignored, not fatal.
  if (v["last_seq"].is<long long>()) a.last_seq = v["last_seq"].as<long long>();
  if (v["booked_until"].is<const char*>()) a.booked_until = fw::parse_iso8601(v["booked_until"].as<const char*>());
  a.firmware = read_offer(v["firmware"]);
  if (!v["command"].isNull()) {
    a.command = read_command(v["command"], error);
    if (!a.command) return {};
  }
  return a;
}

// The root of a parsed answer, or nothing with `error` set.
bool parse_object(JsonDocument& doc, const String& body, std::string& error) {
  if (auto err = deserializeJson(doc, body)) {
    error = std::string("not JSON (") + err.c_str() + ")";
    return false;
  }
  if (!doc.is<JsonObjectConst>()) {
    error = "not a JSON object";
    return false;
  }
  return true;
}

}  // namespace

fw::AnswerBody parse_answer(fw::RequestKind kind, const String& body, std::string& error) {
  JsonDocument doc;
  if (!parse_object(doc, body, error)) return {};
  const JsonVariantConst root = doc.as<JsonVariantConst>();
  switch (kind) {
    case fw::RequestKind::Status: return status_answer(root, error);
    case fw::RequestKind::Batch: {
      fw::BatchAnswer a;
      if (!root["accepted"].is<long long>() || (!root["duplicates"].isNull() && !root["duplicates"].is<long long>()) ||
          (!root["last_seq"].isNull() && !root["last_seq"].is<long long>())) {
        error = "accepted, duplicates or last_seq is missing or not an integer";
        return {};
      }
      a.accepted = root["accepted"].as<long long>();
      a.duplicates = root["duplicates"].as<long long>();
      if (!root["last_seq"].isNull()) a.last_seq = root["last_seq"].as<long long>();
      return a;
    }
    case fw::RequestKind::Heartbeat: {
      fw::HeartbeatAnswer a;
      if (!read_time(root, a.server_time, error)) return {};
      return a;
    }
    case fw::RequestKind::PowerLog: return fw::PowerLogAnswer{};
  }
  return {};
}

std::optional<fw::CommandsAnswer> parse_commands(const String& body, std::string& error) {
  JsonDocument doc;
  if (!parse_object(doc, body, error)) return std::nullopt;
  if (!doc["commands"].is<JsonArrayConst>()) {
    error = "commands is missing or not a list";
    return std::nullopt;
  }
  fw::CommandsAnswer a;
  for (JsonVariantConst item : doc["commands"].as<JsonArrayConst>()) {
    auto c = read_command(item, error);
    if (!c) return std::nullopt;
    a.commands.push_back(*c);
  }
  return a;
}

}  // namespace shell
