#pragma once
// A classroom, its power settings and its last reported state.
#include "domain/room_rules.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

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
  std::optional<std::int64_t> building_id;  // none only before the first building exists
  std::string floor;                    // as people say it; empty when not given
  std::vector<std::string> attributes;  // room attribute keys, sorted
  int capacity = 0;
  bool is_active = true;
  std::optional<std::string> esp_device_id;
  RoomSettings settings;
  RoomStatus status;
  bool requires_approval = false;  // bookings by staff who do not approve for it are requests
  RuleSet rules;                   // its own booking rules; unset ones are its building's
  std::int64_t created_at = 0;
};

// What the live campus keeps of a room: only what the power rule and the device link
// read, so 100,000 rooms stay small in memory.
struct RoomSetup {
  std::int64_t id = 0;
  RoomSettings settings;
  bool is_active = true;
  std::string esp_device_id;  // empty: no device
};

// A room as the live campus loads it: its setup and its last stored state.
struct LiveRoom {
  RoomSetup setup;
  RoomStatus status;
};

inline LiveRoom live_room(const Classroom& c) {
  return {{.id = c.id, .settings = c.settings, .is_active = c.is_active, .esp_device_id = c.esp_device_id.value_or("")},
          c.status};
}

struct ClassroomPatch {
  std::optional<std::string> name;
  std::optional<std::string> location;
  std::optional<std::int64_t> building_id;
  std::optional<std::string> floor;
  std::optional<std::vector<std::string>> attributes;  // replaces the room's set
  std::optional<int> capacity;
  std::optional<bool> is_active;
  std::optional<int> idle_timeout_s;
  std::optional<int> power_off_delay_s;
  std::optional<bool> auto_power_on;
  std::optional<int> rated_load_w;
  std::optional<int> no_show_grace_s;
  std::optional<bool> requires_approval;
  RuleEdit rules;
};

}  // namespace classroom
