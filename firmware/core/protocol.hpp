#pragma once
// What the node and the server say to each other, as plain structs. The shells fill
// the answers from their JSON library (ArduinoJson on the ESP32, Boost.JSON on a PC);
// the core never parses JSON itself.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clock.hpp"
#include "update.hpp"

namespace fw {

enum class PowerReason { AutoControl, Manual, Schedule, Booking, Failsafe };
const char* to_string(PowerReason r);
// The server's `reason` for a power decision, as the reason a node logs a switch by.
// Exact names from protocol/power-reasons.txt; an unknown reason is auto_control.
PowerReason reason_from_server(const std::string& reason);
// The server switches off because the room looks idle (idle_timeout, idle_off).
bool is_idle_cut(const std::string& reason);

struct StatusReport {
  std::int64_t seq = 0;
  Millis made_at = 0;  // node clock; turned into unix seconds when sent
  bool is_occupied = false;
  bool is_power_on = true;
  std::int64_t last_movement_s = 0;
  std::optional<double> temperature;
  bool sensor_ok = true;
  const char* sensor_fault = nullptr;  // a static text from presence.hpp, when not ok
  std::int64_t made_at_unix = 0;  // unix seconds when known for itself (restored after a reboot), else 0
};

struct PowerLogEntry {
  bool power_on = true;
  PowerReason reason = PowerReason::AutoControl;
  Millis at = 0;
  std::optional<std::int64_t> command_id;
};

struct Command {
  std::int64_t id = 0;
  bool power_on = true;
};

// POST /api/esp/status → 200.
struct StatusAnswer {
  bool power_on = true;
  bool is_booked = false;
  std::string reason;
  std::optional<std::int32_t> next_report_s;
  std::optional<std::int64_t> server_time;  // unix seconds
  std::optional<Command> command;
  std::optional<std::int64_t> last_seq;      // the highest seq the server has from this device
  std::optional<std::int64_t> booked_until;  // unix seconds, when the server says
  std::optional<FirmwareOffer> firmware;     // an update assigned to this node
};

// POST /api/esp/status/batch → 200.
struct BatchAnswer {
  std::int64_t accepted = 0;
  std::int64_t duplicates = 0;
  std::optional<std::int64_t> last_seq;
};

// POST /api/esp/heartbeat → 200.
struct HeartbeatAnswer {
  std::optional<std::int64_t> server_time;
};

// POST /api/esp/power-log → 200 (only the status matters).
struct PowerLogAnswer {};

// GET /api/esp/commands → 200.
struct CommandsAnswer {
  std::vector<Command> commands;
};

// The node's health, sent with every heartbeat (fields the platform does not know stay
// empty and are left out).
struct Health {
  std::optional<int> rssi;            // dBm
  std::optional<std::int64_t> uptime_s;
  std::string reset_reason;           // "poweron", "panic", "task_wdt", "brownout", ...
  std::optional<std::uint32_t> free_heap;
  bool safe_mode = false;
};

enum class RequestKind { Heartbeat, Status, Batch, PowerLog };
const char* to_string(RequestKind k);

// One call for the shell to make; the body is ready to send as application/json.
struct Request {
  RequestKind kind = RequestKind::Status;
  std::string path;
  std::string body;
};

using AnswerBody =
    std::variant<std::monostate, StatusAnswer, BatchAnswer, HeartbeatAnswer, PowerLogAnswer>;

// What came back. status 0: no answer at all (DNS, refused, timeout, TLS).
// body stays monostate when the answer was not 200 or did not parse; `error` then
// says why, for the log.
struct Reply {
  int status = 0;
  std::int32_t retry_after_s = -1;
  AnswerBody body;
  std::string error;
};

}  // namespace fw
