#include "services/rooms.hpp"

#include "auth/secrets.hpp"
#include "domain/errors.hpp"

namespace classroom {

namespace {
// A key given by an admin for a node already in the field: 8 characters or more. Keys
// shorter than a generated one are accepted but reported as weak.
constexpr std::size_t kMinDeviceKey = 8;
constexpr std::size_t kStrongDeviceKey = 16;

std::string generated_key() { return "ck_" + random_token(32); }
}  // namespace

RoomService::RoomService(ClassroomStore& rooms, DeviceStore& devices, Campus& campus, CampusSync& sync,
                         const Clock& clock)
    : rooms_(rooms), devices_(devices), campus_(campus), sync_(sync), clock_(clock) {}

RoomView RoomService::view(Classroom c) {
  auto live = campus_.room(c.id, clock_.now());
  RoomLive fallback;
  fallback.classroom_id = c.id;
  return {std::move(c), live ? *live : fallback};
}

std::vector<RoomView> RoomService::list(bool active_only) {
  auto now = clock_.now();
  auto live = campus_.rooms(now);
  std::vector<RoomView> out;
  for (auto& c : rooms_.list(active_only)) {
    auto it = live.find(c.id);
    RoomLive l = it != live.end() ? it->second : RoomLive{};
    l.classroom_id = c.id;
    out.push_back({std::move(c), std::move(l)});
  }
  return out;
}

std::optional<RoomView> RoomService::find(std::int64_t id) {
  auto c = rooms_.find(id);
  if (!c) return std::nullopt;
  return view(std::move(*c));
}

RoomView RoomService::create(const Classroom& c) {
  auto stored = rooms_.create(c, clock_.now());
  sync_.changed(Change::room, std::to_string(stored.id));
  return view(std::move(stored));
}

RoomView RoomService::update(std::int64_t id, const ClassroomPatch& p) {
  auto stored = rooms_.update(id, p, clock_.now());
  sync_.changed(Change::room, std::to_string(id));
  return view(std::move(stored));
}

bool RoomService::remove(std::int64_t id) {
  // The node's reports stop naming the room before it goes.
  campus_.remove_room(id);
  bool deactivated = rooms_.remove(id, clock_.now());
  sync_.changed(Change::room, std::to_string(id));
  return deactivated;
}

RoomView RoomService::link_device(std::int64_t id, const std::string& device_id) {
  auto stored = rooms_.link_device(id, device_id, clock_.now());
  sync_.changed(Change::room, std::to_string(id));
  return view(std::move(stored));
}

RoomView RoomService::unlink_device(std::int64_t id) {
  auto stored = rooms_.unlink_device(id, clock_.now());
  sync_.changed(Change::room, std::to_string(id));
  return view(std::move(stored));
}

DeviceWithKey RoomService::register_device(Device d, const std::string& api_key) {
  std::string key = api_key.empty() ? generated_key() : api_key;
  if (key.size() < kMinDeviceKey)
    throw BadRequest("api_key", "api_key must be at least " + std::to_string(kMinDeviceKey) + " characters");
  d.api_key_hash = sha256_hex(key);
  d.key_weak = key.size() < kStrongDeviceKey;
  auto stored = devices_.create(d, clock_.now());
  sync_.changed(Change::device, stored.device_id);
  return {stored, key};
}

Device RoomService::update_device(const std::string& device_id, const DevicePatch& p) {
  auto updated = devices_.update(device_id, p, clock_.now());
  sync_.changed(Change::device, device_id);
  return updated;
}

DeviceWithKey RoomService::rotate_key(const std::string& device_id) {
  auto key = generated_key();
  devices_.set_key_hash(device_id, sha256_hex(key), false, clock_.now());
  sync_.changed(Change::device, device_id);
  return {*devices_.find(device_id), key};
}

void RoomService::remove_device(const std::string& device_id) {
  auto device = devices_.find(device_id);
  devices_.remove(device_id, clock_.now());
  sync_.changed(Change::device, device_id);
  if (device && device->classroom_id) sync_.changed(Change::room, std::to_string(*device->classroom_id));
}

}  // namespace classroom
