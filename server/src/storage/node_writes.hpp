#pragma once
// What nodes send, as stored: status reports (log row and the room's live state),
// power logs, contact, and commands confirmed. The report writer stores them in
// batches, one transaction a batch, keeping their order.
#include <cstdint>
#include <optional>
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
  std::optional<double> power_w;  // measured load, where the node has a meter
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

// What a node's heartbeat says of its health (each field where the node sends it).
struct NodeHealth {
  std::optional<std::int64_t> rssi, uptime_s, free_heap;
  std::string reset_reason;
  bool any() const { return rssi || uptime_s || free_heap || !reset_reason.empty(); }
};

struct DeviceSeen {
  std::string device_id;
  std::int64_t at = 0;
  std::string firmware_version;  // empty: unchanged
  NodeHealth health;             // none: unchanged
};

struct Connectivity {
  std::string device_id;
  bool connected = false;
};

struct CommandApplied {
  std::int64_t command_id = 0;
  std::int64_t at = 0;
};

// A change the report path noticed (a room occupied, a device back online) for the
// webhooks: queued in the outbox in the batch's transaction, when someone subscribed.
struct EventWrite {
  std::string event;
  std::string order_key;
  std::string payload;
  std::int64_t at = 0;
};

using NodeWrite = std::variant<StatusWrite, PowerLogWrite, DeviceSeen, Connectivity, CommandApplied, EventWrite>;

// How far a local outage journal has been stored (see live/journal.hpp).
struct JournalMark {
  std::string journal_id;
  std::int64_t replayed_to = 0;
};

class NodeWriteStore {
 public:
  explicit NodeWriteStore(Db& db) : db_(db) {}
  // One transaction for all of `writes`, in order, and the journal mark with them.
  void write_batch(const std::vector<NodeWrite>& writes, const std::optional<JournalMark>& mark = std::nullopt);
  // Where a replay of that journal resumes (0: from its start).
  std::int64_t replayed_to(const std::string& journal_id);
  // A write the database refuses for good, kept with its cause for the admins.
  void quarantine(const std::string& device_id, const std::string& kind, const std::string& error, std::int64_t now);
  std::int64_t quarantined();

 private:
  Db& db_;
};

}  // namespace classroom
