#pragma once
#include "domain/classroom.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

// A room's door display address (the token is the secret part).
struct DisplayToken {
  std::int64_t classroom_id = 0;
  std::string classroom_name;
  std::string token;
};

class ClassroomStore {
 public:
  explicit ClassroomStore(Db& db) : db_(db) {}
  std::vector<Classroom> list(bool active_only);
  std::size_t count();
  // Every room as the live campus keeps it (one narrow query, no names or rules), a row
  // at a time (a retried read may give a row again).
  void each_live(const std::function<void(LiveRoom&&)>& row);
  std::optional<Classroom> find(std::int64_t id);
  // Conflict naming `name` when taken, or `esp_device_id` when that device serves another room.
  Classroom create(const Classroom& c, std::int64_t now);
  Classroom update(std::int64_t id, const ClassroomPatch& p, std::int64_t now);
  // Deletes a room without bookings; a room with bookings is deactivated instead
  // (returns true then) so its history stays.
  bool remove(std::int64_t id, std::int64_t now);
  Classroom link_device(std::int64_t id, const std::string& device_id, std::int64_t now);
  Classroom unlink_device(std::int64_t id, std::int64_t now);

  // The room's door display token; `fresh` becomes it when there is none yet or `renew`
  // is set. A capability shown again on request, so kept as it is (like the feed tokens).
  std::string display_token(std::int64_t id, const std::string& fresh, bool renew);
  // Every active room's display token, by name; `fresh` makes the missing ones.
  std::vector<DisplayToken> display_tokens(const std::function<std::string()>& fresh);
  // The active room a display token opens.
  std::optional<std::int64_t> display_room(const std::string& token);

 private:
  Db& db_;
};

}  // namespace classroom
