#pragma once
// The vocabulary of room attributes (projector, hearing loop, ...) and which rooms have them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

struct RoomAttribute {
  std::int64_t id = 0;
  std::string key, label;
  std::vector<std::string> rooms;  // names of the rooms that have it, as listed
};

struct RoomAttributePatch {
  std::optional<std::string> key, label;
};

class RoomAttributeStore {
 public:
  explicit RoomAttributeStore(Db& db) : db_(db) {}
  std::vector<RoomAttribute> list();
  RoomAttribute create(const RoomAttribute& a, std::int64_t now);                        // Conflict on a taken key
  RoomAttribute update(std::int64_t id, const RoomAttributePatch& p, std::int64_t now);  // NotFound, Conflict
  // NotFound; Conflict naming the rooms that have it, unless `force` (it leaves them then).
  void remove(std::int64_t id, bool force);
  // The keys not in the vocabulary, in the order given.
  std::vector<std::string> unknown(const std::vector<std::string>& keys);

 private:
  Db& db_;
};

}  // namespace classroom
