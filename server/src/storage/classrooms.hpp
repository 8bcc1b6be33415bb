#pragma once
#include "domain/classroom.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

class ClassroomStore {
 public:
  explicit ClassroomStore(Db& db) : db_(db) {}
  std::vector<Classroom> list(bool active_only);
  std::optional<Classroom> find(std::int64_t id);
  // Conflict naming `name` when taken, or `esp_device_id` when that device serves another room.
  Classroom create(const Classroom& c, std::int64_t now);
  Classroom update(std::int64_t id, const ClassroomPatch& p, std::int64_t now);
  // Deletes a room without bookings; a room with bookings is deactivated instead
  // (returns true then) so its history stays.
  bool remove(std::int64_t id, std::int64_t now);
  Classroom link_device(std::int64_t id, const std::string& device_id, std::int64_t now);
  Classroom unlink_device(std::int64_t id, std::int64_t now);

 private:
  Db& db_;
};

}  // namespace classroom
