#include "domain/room_filter.hpp"

#include <algorithm>

namespace classroom {

bool room_matches(const Classroom& room, const RoomFilter& filter) {
  if (room.capacity < filter.min_capacity) return false;
  if (filter.building_id && room.building_id != filter.building_id) return false;
  return std::all_of(filter.attributes.begin(), filter.attributes.end(), [&](const std::string& key) {
    return std::find(room.attributes.begin(), room.attributes.end(), key) != room.attributes.end();
  });
}

bool valid_attribute_key(std::string_view key) {
  if (key.empty() || key.size() > 40 || key[0] < 'a' || key[0] > 'z') return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::vector<std::string> split_keys(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto part = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    auto first = part.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    auto key = std::string(part.substr(first, part.find_last_not_of(" \t") - first + 1));
    if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
  }
  return out;
}

}  // namespace classroom
