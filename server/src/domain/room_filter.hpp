#pragma once
// Which rooms a search for "a room like this" lists, and what an attribute key may be.
#include "domain/classroom.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

struct RoomFilter {
  int min_capacity = 0;
  std::optional<std::int64_t> building_id;
  std::vector<std::string> attributes;  // every one is required
};

// The room has the seats, is in the building and has every attribute asked for.
bool room_matches(const Classroom& room, const RoomFilter& filter);

// An attribute key: 1-40 of a-z, 0-9, '-' and '_', starting with a letter ("step-free").
bool valid_attribute_key(std::string_view key);

// A comma list of keys ("projector, hearing-loop"): trimmed, empties dropped, duplicates once.
std::vector<std::string> split_keys(std::string_view list);

}  // namespace classroom
