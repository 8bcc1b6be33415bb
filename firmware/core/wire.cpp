#include "wire.hpp"

#include <cstdio>

#include "server_reasons.hpp"

namespace fw {
namespace {

void append_bool(std::string& out, const char* key, bool v) {
  out += '"';
  out += key;
  out += v ? "\":true" : "\":false";
}

void append_int(std::string& out, const char* key, std::int64_t v) {
  out += '"';
  out += key;
  out += "\":";
  out += std::to_string(v);
}

void append_report_fields(std::string& out, std::string_view device_id,
                          const StatusReport& r) {
  out += "\"device_id\":";
  append_json_string(out, device_id);
  out += ',';
  append_bool(out, "is_occupied", r.is_occupied);
  out += ',';
  append_bool(out, "is_power_on", r.is_power_on);
  out += ',';
  append_int(out, "last_movement", r.last_movement_s);
  out += ",\"temperature\":";
  if (r.temperature) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", *r.temperature);
    out += buf;
  } else {
    out += "null";
  }
  out += ',';
  append_int(out, "seq", r.seq);
  out += ',';
  append_bool(out, "sensor_ok", r.sensor_ok);
  out += ",\"sensor_fault\":";
  if (r.sensor_fault) append_json_string(out, r.sensor_fault);
  else out += "null";
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

const char* to_string(PowerReason r) {
  switch (r) {
    case PowerReason::AutoControl: return "auto_control";
    case PowerReason::Manual: return "manual";
    case PowerReason::Schedule: return "schedule";
    case PowerReason::Booking: return "booking";
    case PowerReason::Failsafe: return "failsafe";
  }
  return "auto_control";
}

PowerReason reason_from_server(const std::string& reason) {
  const ServerReason* r = find_server_reason(reason);
  return r ? r->logged : PowerReason::AutoControl;
}

bool is_idle_cut(const std::string& reason) {
  const ServerReason* r = find_server_reason(reason);
  return r && r->idle_cut;
}

const char* to_string(RequestKind k) {
  switch (k) {
    case RequestKind::Heartbeat: return "heartbeat";
    case RequestKind::Status: return "status";
    case RequestKind::Batch: return "batch";
    case RequestKind::PowerLog: return "power-log";
  }
  return "status";
}

void append_json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

std::string status_body(std::string_view device_id, const StatusReport& r,
                        std::optional<std::int64_t> unix_s) {
  std::string out = "{";
  append_report_fields(out, device_id, r);
  if (unix_s) {
    out += ',';
    append_int(out, "timestamp", *unix_s);
  }
  out += '}';
  return out;
}

std::string batch_body(std::string_view device_id, const std::vector<StatusReport>& reports,
                       std::int64_t unix_now_s, Millis now) {
  std::string out = "{\"reports\":[";
  bool first = true;
  for (const auto& r : reports) {
    if (!first) out += ',';
    first = false;
    out += '{';
    append_report_fields(out, device_id, r);
    out += ',';
    append_int(out, "timestamp", r.made_at_unix > 0 ? r.made_at_unix : unix_now_s - (now - r.made_at) / 1000);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string power_log_body(const PowerLogEntry& e, std::optional<std::int64_t> unix_s) {
  std::string out = "{";
  append_bool(out, "power_on", e.power_on);
  out += ",\"reason\":";
  append_json_string(out, to_string(e.reason));
  if (unix_s) {
    out += ',';
    append_int(out, "timestamp", *unix_s);
  }
  if (e.command_id) {
    out += ',';
    append_int(out, "command_id", *e.command_id);
  }
  out += '}';
  return out;
}

std::string heartbeat_body(std::string_view firmware_version, const Health& h) {
  std::string out = "{";
  auto sep = [&out] {
    if (out.size() > 1) out += ',';
  };
  if (!firmware_version.empty()) {
    out += "\"firmware_version\":";
    append_json_string(out, firmware_version);
  }
  if (h.rssi) sep(), append_int(out, "rssi", *h.rssi);
  if (h.uptime_s) sep(), append_int(out, "uptime_s", *h.uptime_s);
  if (!h.reset_reason.empty()) {
    sep();
    out += "\"reset_reason\":";
    append_json_string(out, h.reset_reason);
  }
  if (h.free_heap) sep(), append_int(out, "free_heap", *h.free_heap);
  if (h.safe_mode) sep(), append_bool(out, "safe_mode", true);
  out += '}';
  return out;
}

std::optional<std::int64_t> parse_iso8601(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) ||
      s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
      !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
      !digits(s, 17, 2, sec))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
    return std::nullopt;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  std::int64_t offset_s = 0;
  if (pos < s.size()) {
    if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
      pos = s.size();
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      if (!digits(s, pos + 1, 2, oh) || pos + 6 != s.size() || s[pos + 3] != ':' ||
          !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
        return std::nullopt;
      offset_s = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * 86400 + h * 3600 + mi * 60 + sec - offset_s;
}

}  // namespace fw
