#include "config.hpp"

#include <array>
#include <charconv>

#include "net_budget.hpp"

namespace fw {
namespace {

struct IntSetting {
  std::string_view name;
  std::int32_t Config::*field;
  std::int32_t min;
  std::int32_t max;
};

constexpr std::array kIntSettings{
    IntSetting{"report_interval_s", &Config::report_interval_s, 10, 3600},
    IntSetting{"follow_server_interval", &Config::follow_server_interval, 0, 1},
    IntSetting{"movement_timeout_s", &Config::movement_timeout_s, 5, 3600},
    IntSetting{"offline_power_off_s", &Config::offline_power_off_s, 60, 86400},
    IntSetting{"min_report_gap_ms", &Config::min_report_gap_ms, 0, 60000},
    IntSetting{"distance_threshold_cm", &Config::distance_threshold_cm, 5, 300},
    IntSetting{"debounce_samples", &Config::debounce_samples, 1, 50},
    IntSetting{"baseline_tau_s", &Config::baseline_tau_s, 5, 3600},
    IntSetting{"sensor_min_cm", &Config::sensor_min_cm, 1, 100},
    IntSetting{"sensor_max_cm", &Config::sensor_max_cm, 50, 600},
    IntSetting{"sensor_fault_s", &Config::sensor_fault_s, 1, 600},
    IntSetting{"sensor_stuck_s", &Config::sensor_stuck_s, 60, 86400},
    IntSetting{"still_hold_s", &Config::still_hold_s, 10, 43200},
    IntSetting{"pir_debounce_ms", &Config::pir_debounce_ms, 0, 5000},
    IntSetting{"pir_silent_booked_s", &Config::pir_silent_booked_s, 600, 604800},
    IntSetting{"pir_stuck_high_s", &Config::pir_stuck_high_s, 60, 86400},
    IntSetting{"sample_period_ms", &Config::sample_period_ms, 60, 5000},  // an HC-SR04 cycle is ~60 ms
    IntSetting{"relay_min_on_s", &Config::relay_min_on_s, 0, 3600},
    IntSetting{"relay_min_off_s", &Config::relay_min_off_s, 0, 600},
    IntSetting{"button_hold_s", &Config::button_hold_s, 60, 86400},
    IntSetting{"heartbeat_interval_s", &Config::heartbeat_interval_s, 60, 86400},
    IntSetting{"start_jitter_ms", &Config::start_jitter_ms, 0, 600000},
    IntSetting{"offline_buffer", &Config::offline_buffer, 1, kMaxOfflineBuffer},
    IntSetting{"batch_max", &Config::batch_max, 1, 100},
    IntSetting{"backoff_initial_ms", &Config::backoff_initial_ms, 100, 60000},
    IntSetting{"backoff_max_ms", &Config::backoff_max_ms, 1000, 3600000},
    IntSetting{"http_timeout_ms", &Config::http_timeout_ms, 500, 20000},
    IntSetting{"command_wait_s", &Config::command_wait_s, 0, 60},
};

std::string str(std::string_view v) { return std::string(v); }

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == ':';
}

std::optional<std::string> check_device_id(std::string_view v) {
  if (v.empty() || v.size() > 64) return "device_id must be 1 to 64 characters";
  for (char c : v)
    if (!is_id_char(c)) return "device_id may hold only letters, digits and - _ . :";
  return std::nullopt;
}

std::optional<std::string> check_api_key(std::string_view v) {
  if (v.size() < 8 || v.size() > 128) return "api_key must be 8 to 128 characters";
  for (char c : v)
    if (c <= ' ' || c > '~') return "api_key may hold only printable characters, no spaces";
  return std::nullopt;
}

std::optional<std::string> check_server_url(std::string_view v) {
  std::string_view rest;
  if (v.substr(0, 7) == "http://") rest = v.substr(7);
  else if (v.substr(0, 8) == "https://") rest = v.substr(8);
  else return "server_url must start with http:// or https://";
  if (v.size() > 200) return "server_url must be at most 200 characters";
  if (rest.empty() || rest.front() == '/' || rest.front() == ':')
    return "server_url needs a host";
  for (char c : v)
    if (c <= ' ' || c > '~') return "server_url may not hold spaces or control characters";
  return std::nullopt;
}

std::optional<std::string> check_ssid(std::string_view v) {
  if (v.size() > 32) return "wifi_ssid must be at most 32 characters";
  return std::nullopt;
}

std::optional<std::string> check_wifi_password(std::string_view v) {
  if (!v.empty() && (v.size() < 8 || v.size() > 63))
    return "wifi_password must be empty or 8 to 63 characters";
  return std::nullopt;
}

std::optional<std::string> cross_check(const Config& c) {
  if (c.sensor_min_cm >= c.sensor_max_cm) return "sensor_min_cm must be below sensor_max_cm";
  if (c.backoff_initial_ms > c.backoff_max_ms)
    return "backoff_initial_ms must not exceed backoff_max_ms";
  if (c.offline_power_off_s < c.movement_timeout_s)
    return "offline_power_off_s must be at least movement_timeout_s";
  if (c.batch_max > c.offline_buffer) return "batch_max must not exceed offline_buffer";
  if (!fits_watchdog(c))
    return "http_timeout_ms and command_wait_s together must keep every call within half the " +
           std::to_string(kWatchdogMs / 1000) + " s watchdog";
  return std::nullopt;
}

std::string_view sensor_name(SensorMode m) {
  switch (m) {
    case SensorMode::Ultrasonic: return "ultrasonic";
    case SensorMode::Pir: return "pir";
    case SensorMode::Both: return "both";
  }
  return "ultrasonic";
}

std::string_view board_name(BoardKind b) {
  switch (b) {
    case BoardKind::Reference: return "reference";
    case BoardKind::FirstFirmware: return "v1";
    case BoardKind::EspC3: return "c3";
  }
  return "reference";
}

std::optional<std::string> set_string(Config& c, std::string_view name, std::string_view v) {
  std::optional<std::string> err;
  if (name == "device_id") {
    if (!(err = check_device_id(v))) c.device_id = str(v);
  } else if (name == "api_key") {
    if (!(err = check_api_key(v))) c.api_key = str(v);
  } else if (name == "server_url") {
    if (!(err = check_server_url(v))) c.server_url = str(v);
  } else if (name == "wifi_ssid") {
    if (!(err = check_ssid(v))) c.wifi_ssid = str(v);
  } else if (name == "wifi_password") {
    if (!(err = check_wifi_password(v))) c.wifi_password = str(v);
  } else if (name == "sensor") {
    if (v == "ultrasonic") c.sensor = SensorMode::Ultrasonic;
    else if (v == "pir") c.sensor = SensorMode::Pir;
    else if (v == "both") c.sensor = SensorMode::Both;
    else err = "sensor must be ultrasonic, pir or both";
  } else if (name == "board") {
    if (v == "reference") c.board = BoardKind::Reference;
    else if (v == "v1") c.board = BoardKind::FirstFirmware;
    else if (v == "c3") c.board = BoardKind::EspC3;
    else err = "board must be reference, v1 or c3";
  } else {
    err = "unknown setting '" + str(name) + "'";
  }
  return err;
}

}  // namespace

std::optional<std::string> set_setting(Config& config, std::string_view name,
                                       std::string_view value) {
  for (const auto& s : kIntSettings) {
    if (s.name != name) continue;
    std::int64_t parsed = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc{} || end != value.data() + value.size() || value.empty())
      return str(name) + " must be a whole number";
    if (parsed < s.min || parsed > s.max)
      return str(name) + " must be between " + std::to_string(s.min) + " and " +
             std::to_string(s.max);
    Config candidate = config;
    candidate.*s.field = static_cast<std::int32_t>(parsed);
    if (auto err = cross_check(candidate)) return err;
    config = candidate;
    return std::nullopt;
  }
  return set_string(config, name, value);
}

std::vector<std::string> validate(const Config& c) {
  std::vector<std::string> problems;
  auto add = [&](std::optional<std::string> e) {
    if (e) problems.push_back(*e);
  };
  add(check_device_id(c.device_id));
  add(check_api_key(c.api_key));
  add(check_server_url(c.server_url));
  add(check_ssid(c.wifi_ssid));
  // Without a network the node would run on its own for ever, cutting idle rooms.
  if (c.wifi_ssid.empty()) problems.push_back("wifi_ssid is missing");
  add(check_wifi_password(c.wifi_password));
  for (const auto& s : kIntSettings) {
    auto v = c.*s.field;
    if (v < s.min || v > s.max)
      problems.push_back(str(s.name) + " must be between " + std::to_string(s.min) +
                         " and " + std::to_string(s.max));
  }
  add(cross_check(c));
  return problems;
}

std::vector<std::string> describe(const Config& c) {
  auto masked = [](const std::string& s) { return s.empty() ? std::string() : "********"; };
  std::vector<std::string> lines{
      "device_id = " + c.device_id,
      "api_key = " + masked(c.api_key),
      "server_url = " + c.server_url,
      "wifi_ssid = " + c.wifi_ssid,
      "wifi_password = " + masked(c.wifi_password),
      "sensor = " + str(sensor_name(c.sensor)),
      "board = " + str(board_name(c.board)),
  };
  for (const auto& s : kIntSettings)
    lines.push_back(str(s.name) + " = " + std::to_string(c.*s.field));
  return lines;
}

std::string serialize(const Config& c) {
  std::string out;
  auto line = [&](std::string_view name, const std::string& value) {
    out.append(name.data(), name.size());
    out += '=';
    out += value;
    out += '\n';
  };
  line("device_id", c.device_id);
  line("api_key", c.api_key);
  line("server_url", c.server_url);
  line("wifi_ssid", c.wifi_ssid);
  line("wifi_password", c.wifi_password);
  line("sensor", str(sensor_name(c.sensor)));
  line("board", str(board_name(c.board)));
  for (const auto& s : kIntSettings) line(s.name, std::to_string(c.*s.field));
  return out;
}

void load_settings(Config& c, std::string_view text, std::vector<std::string>& problems) {
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto eq = line.find('=');
    if (line.empty() || eq == std::string_view::npos) continue;
    const auto name = line.substr(0, eq), value = line.substr(eq + 1);
    // Empty identity values are "not configured yet", not errors.
    if (value.empty() && (name == "device_id" || name == "api_key" || name == "server_url")) continue;
    if (auto err = set_setting(c, name, value)) problems.push_back(*err);
  }
}

std::vector<std::string_view> setting_names() {
  std::vector<std::string_view> names{"device_id", "api_key", "server_url",
                                      "wifi_ssid", "wifi_password", "sensor", "board"};
  for (const auto& s : kIntSettings) names.push_back(s.name);
  return names;
}

}  // namespace fw
