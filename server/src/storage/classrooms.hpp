#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

// Per-room power settings; defaults follow the nodes' own timings.
struct RoomSettings {
  int idle_timeout_s = 60;
  int power_off_delay_s = 180;
  bool auto_power_on = true;
  int rated_load_w = 1000;
  int no_show_grace_s = 900;
};

// The room's live state as last reported by its node.
struct RoomStatus {
  bool is_occupied = false;
  bool is_power_on = false;
  std::optional<std::int64_t> last_movement;  // seconds since movement, as reported
  std::optional<double> temperature;
  std::string power_reason;
  std::optional<std::int64_t> last_report_at;
};

struct Classroom {
  std::int64_t id = 0;
  std::string name;
  std::string location;
  int capacity = 0;
  bool is_active = true;
  std::optional<std::string> esp_device_id;
  RoomSettings settings;
  RoomStatus status;
  std::int64_t created_at = 0;
};

struct ClassroomPatch {
  std::optional<std::string> name;
  std::optional<std::string> location;
  std::optional<int> capacity;
  std::optional<bool> is_active;
  std::optional<int> idle_timeout_s;
  std::optional<int> power_off_delay_s;
  std::optional<bool> auto_power_on;
  std::optional<int> rated_load_w;
  std::optional<int> no_show_grace_s;
};

class ClassroomStore {
 public:
  explicit ClassroomStore(Db& db) : db_(db) {}
  std::vector<Classroom> list(bool active_only);
  std::optional<Classroom> find(std::int64_t id);
  // Conflict naming `name` when taken, or `esp_device_id` when that device serves another room.
  Classroom create(const Classroom& c);
  Classroom update(std::int64_t id, const ClassroomPatch& p);
  // Deletes a room without bookings; a room with bookings is deactivated instead
  // (returns true then) so its history stays.
  bool remove(std::int64_t id);
  Classroom link_device(std::int64_t id, const std::string& device_id);
  Classroom unlink_device(std::int64_t id);

 private:
  Db& db_;
};

}  // namespace classroom
