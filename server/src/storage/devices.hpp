#pragma once
#include "storage/node_writes.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

struct Device {
  std::int64_t id = 0;
  std::string device_id;
  std::string name;
  std::string mac_address;
  bool is_active = true;
  bool is_connected = false;
  std::optional<std::int64_t> last_seen;
  std::string firmware_version;
  std::optional<std::int64_t> classroom_id;
  std::string classroom_name;
  std::string api_key_hash;
  std::int64_t last_seq = 0;
  std::int64_t created_at = 0;
  bool key_weak = false;  // registered with a short key as the first firmware shipped it
  NodeHealth health;      // as its last heartbeat said
  std::optional<std::int64_t> health_at;
};

struct DevicePatch {
  std::optional<std::string> name;
  std::optional<std::string> mac_address;
  std::optional<bool> is_active;
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

class DeviceStore {
 public:
  explicit DeviceStore(Db& db) : db_(db) {}
  std::vector<Device> list();
  std::optional<Device> find(const std::string& device_id);
  Device create(const Device& d, std::int64_t now);  // Conflict naming device_id when taken
  Device update(const std::string& device_id, const DevicePatch& p, std::int64_t now);
  void set_key_hash(const std::string& device_id, const std::string& hash, bool weak, std::int64_t now);
  void remove(const std::string& device_id, std::int64_t now);  // logs keep their rows
  // Connectivity written by the offline sweep and on reconnect.
  void set_connected(const std::string& device_id, bool connected);

  // Marks devices silent since before `cutoff` offline; returns their ids. Atomic, so
  // with several instances each device is reported by exactly one of them; the
  // device.offline webhook messages are queued in the same transaction.
  std::vector<std::string> mark_offline(std::int64_t cutoff, std::int64_t now);
  std::size_t count();
  // What the report path keeps in memory of each device, a row at a time (a retried
  // read may give a row again).
  void each_live(const std::function<void(LiveDevice&&)>& row);
  std::optional<LiveDevice> live_device(const std::string& device_id);

 private:
  Db& db_;
};

}  // namespace classroom
