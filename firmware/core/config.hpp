#pragma once
// Node settings with their valid ranges. The console, NVS loading and classroom-sim
// all go through set_setting(), so a value outside its range never reaches the node.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fw {

enum class SensorMode { Ultrasonic, Pir, Both };
// Which wiring the board has (pins, relay polarity): see firmware/README.md.
enum class BoardKind { Reference, FirstFirmware, EspC3 };

struct Config {
  std::string device_id;
  std::string api_key;
  std::string server_url;
  std::string wifi_ssid;
  std::string wifi_password;
  SensorMode sensor = SensorMode::Ultrasonic;
  BoardKind board = BoardKind::Reference;

  std::int32_t report_interval_s = 120;
  std::int32_t follow_server_interval = 1;  // 0: ignore next_report_s (load tests)
  std::int32_t movement_timeout_s = 60;
  std::int32_t offline_power_off_s = 900;   // idle and unreachable this long: off
  std::int32_t min_report_gap_ms = 2000;    // spacing of immediate reports

  std::int32_t distance_threshold_cm = 30;
  std::int32_t debounce_samples = 3;
  std::int32_t baseline_tau_s = 60;
  std::int32_t sensor_min_cm = 2;
  std::int32_t sensor_max_cm = 400;
  std::int32_t sensor_fault_s = 10;
  std::int32_t sensor_stuck_s = 1800;       // bit-identical echoes this long: stuck
  std::int32_t still_hold_s = 7200;         // a near, still echo counts as people this long
  std::int32_t pir_debounce_ms = 200;
  std::int32_t pir_silent_booked_s = 10800; // booked this long without PIR movement: dead
  std::int32_t pir_stuck_high_s = 7200;     // PIR high without a break this long: stuck
  std::int32_t sample_period_ms = 100;

  std::int32_t relay_min_on_s = 60;         // automatic off no sooner after a switch on
  std::int32_t relay_min_off_s = 5;         // automatic on no sooner after a switch off
  std::int32_t button_hold_s = 3600;        // the local button forces power on this long
  std::int32_t heartbeat_interval_s = 900;  // health heartbeat
  // The first call and the report phase start up to this late after boot (seeded by
  // the device id), so a building whose power comes back does not call in lockstep.
  std::int32_t start_jitter_ms = 10000;

  std::int32_t offline_buffer = 128;
  std::int32_t batch_max = 32;
  std::int32_t backoff_initial_ms = 1000;
  std::int32_t backoff_max_ms = 60000;
  std::int32_t http_timeout_ms = 6000;   // each of connect, TLS handshake, read
  std::int32_t command_wait_s = 25;  // long-poll wait; 0 turns the long-poll off
};

// Largest offline buffer any build supports (fixed so the ESP32 never grows its heap).
constexpr std::int32_t kMaxOfflineBuffer = 256;

// Sets one setting from text. Returns an error message (for the console) when the
// name is unknown, the value does not parse, or it is outside its range; `config`
// is then unchanged. Cross-field rules are checked too.
std::optional<std::string> set_setting(Config& config, std::string_view name,
                                       std::string_view value);

// All problems of a whole configuration (empty when it is usable).
std::vector<std::string> validate(const Config& config);

// "name = value" lines for the console; secrets are masked.
std::vector<std::string> describe(const Config& config);

// Every setting as "name=value" lines, secrets included: what NVS stores.
std::string serialize(const Config& config);
// Applies "name=value" lines; a line that is refused is skipped and its message
// added to `problems`, so one bad stored value does not lose the others.
void load_settings(Config& config, std::string_view text, std::vector<std::string>& problems);

// Names of all settings, in console order.
std::vector<std::string_view> setting_names();

}  // namespace fw
