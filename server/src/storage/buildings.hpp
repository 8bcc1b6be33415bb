#pragma once
// Buildings: where rooms are and when they are open (the energy baseline and the
// registrar's figures read the opening hours).
#include "domain/room_rules.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

struct Building {
  std::int64_t id = 0;
  std::string name, code, address;
  std::string opening_hours;  // canonical text (domain/opening_hours.hpp)
  int rooms = 0;              // rooms in it, as listed
  bool requires_approval = false;  // every room in it takes requests rather than bookings
  RuleSet rules;                   // booking rules of its rooms, unless a room sets its own
};

struct BuildingPatch {
  std::optional<std::string> name, code, address, opening_hours;
  std::optional<bool> requires_approval;
  RuleEdit rules;
};

class BuildingStore {
 public:
  explicit BuildingStore(Db& db) : db_(db) {}
  std::vector<Building> list();
  Building create(const Building& b, std::int64_t now);                        // Conflict on a taken name
  Building update(std::int64_t id, const BuildingPatch& p, std::int64_t now);  // NotFound, Conflict
  void remove(std::int64_t id);  // NotFound; Conflict while rooms are in it

 private:
  Db& db_;
};

}  // namespace classroom
