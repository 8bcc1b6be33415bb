#pragma once
// What nodes send and what switches rooms: status logs, live room state, power logs,
// device contact, manual power commands. Node writes arrive in batches (one
// transaction per batch) from the report writer.
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <string>
#include <variant>
#include <vector>

namespace classroom {

class Db;

struct StatusWrite {
  std::optional<std::int64_t> classroom_id;
  std::string device_id;
  bool is_occupied = false;
  bool is_power_on = false;
  std::optional<std::int64_t> last_movement;
  std::optional<double> temperature;
  std::string power_reason;
  std::int64_t at = 0;
  std::optional<std::int64_t> device_time;
  std::optional<std::int64_t> seq;
};

struct PowerLogWrite {
  std::optional<std::int64_t> classroom_id;
  std::string device_id;
  bool power_on = false;
  std::string reason;
  std::string source = "device";  // device, admin, staff, server
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> command_id;
  std::int64_t at = 0;
  std::optional<std::int64_t> device_time;
};

struct DeviceSeen {
  std::string device_id;
  std::int64_t at = 0;
  std::string firmware_version;  // empty: unchanged
};

struct Connectivity {
  std::string device_id;
  bool connected = false;
};

struct CommandApplied {
  std::int64_t command_id = 0;
  std::int64_t at = 0;
};

using TelemetryWrite = std::variant<StatusWrite, PowerLogWrite, DeviceSeen, Connectivity, CommandApplied>;

struct PowerCommand {
  std::int64_t id = 0;
  std::int64_t classroom_id = 0;
  std::string device_id;
  bool power_on = false;
  std::string source;
  std::optional<std::int64_t> user_id;
  std::string state;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> applied_at;
};

struct LogQuery {
  std::optional<std::int64_t> classroom_id;
  std::optional<std::string> device_id;
  std::optional<std::int64_t> from, to;
  int page = 1;
  int per_page = 50;
};

struct StatusLogRow {
  std::int64_t id;
  std::optional<std::int64_t> classroom_id;
  std::string device_id;
  bool is_occupied, is_power_on;
  std::optional<std::int64_t> last_movement;
  std::optional<double> temperature;
  std::string power_reason;
  std::int64_t reported_at;
};

struct PowerLogRow {
  std::int64_t id;
  std::optional<std::int64_t> classroom_id;
  std::string device_id;
  bool power_on;
  std::string reason, source;
  std::optional<std::int64_t> user_id, command_id;
  std::int64_t logged_at;
};

template <class Row>
struct Page {
  std::vector<Row> items;
  std::int64_t total = 0;
};

struct LiveDevice {
  std::string device_id;
  std::string key_hash;
  bool is_active = true;
  bool is_connected = false;
  std::optional<std::int64_t> last_seen;
  std::int64_t last_seq = 0;
  std::optional<std::int64_t> classroom_id;
};

class TelemetryStore {
 public:
  explicit TelemetryStore(Db& db) : db_(db) {}

  void write_batch(const std::vector<TelemetryWrite>& writes);

  // A new manual command supersedes the room's earlier live ones.
  PowerCommand create_command(const PowerCommand& c);
  void cancel_commands(std::int64_t classroom_id, std::int64_t now);
  std::vector<PowerCommand> live_commands(std::int64_t now);  // pending or applied, unexpired
  void expire_commands(std::int64_t now);

  // Marks devices silent since before `cutoff` offline; returns their ids. Atomic, so
  // with several instances each device is reported by exactly one of them.
  std::vector<std::string> mark_offline(std::int64_t cutoff);
  std::vector<LiveDevice> live_devices();
  std::optional<LiveDevice> live_device(const std::string& device_id);

  Page<StatusLogRow> status_logs(const LogQuery& q);
  Page<PowerLogRow> power_logs(const LogQuery& q);
  // Power logs of all rooms in [from, to), oldest first (stats, analytics).
  std::vector<PowerLogRow> power_logs_between(std::int64_t from, std::int64_t to);

  // Raw status samples and rolled-up hours of [from, to), by room (analytics).
  struct RoomSamples {
    std::vector<std::tuple<std::int64_t, bool, bool>> samples;  // at, occupied, power on
    std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> hours;  // start, occupied s, power-on s
  };
  std::map<std::int64_t, RoomSamples> usage_between(std::int64_t from, std::int64_t to,
                                                    std::optional<std::int64_t> classroom_id);

  // Retention: rolls the oldest hour of status logs before `cutoff` up into
  // status_hourly and deletes them; returns rows removed (0 when nothing is left).
  std::int64_t roll_up_oldest_hour(std::int64_t cutoff);

 private:
  Db& db_;
};

}  // namespace classroom
