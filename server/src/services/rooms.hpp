#pragma once
// The admin side of rooms and devices. Every write is followed by the live campus
// and the device keys, here and on the other instances.
#include "live/campus.hpp"
#include "services/campus_sync.hpp"
#include "storage/classrooms.hpp"
#include "storage/devices.hpp"
#include "util/clock.hpp"

#include <string>
#include <vector>

namespace classroom {

// A classroom with what the live campus knows of it.
struct RoomView {
  Classroom room;
  RoomLive live;
};

// A device just registered or re-keyed: the key is shown this once.
struct DeviceWithKey {
  Device device;
  std::string api_key;
};

class RoomService {
 public:
  RoomService(ClassroomStore& rooms, DeviceStore& devices, Campus& campus, CampusSync& sync, const Clock& clock);

  std::vector<RoomView> list(bool active_only);
  std::optional<RoomView> find(std::int64_t id);
  RoomView create(const Classroom& c);
  RoomView update(std::int64_t id, const ClassroomPatch& p);
  // Deleted, or deactivated (true) when it has bookings.
  bool remove(std::int64_t id);
  RoomView link_device(std::int64_t id, const std::string& device_id);
  RoomView unlink_device(std::int64_t id);

  std::vector<Device> devices() { return devices_.list(); }
  // `api_key` empty: one is generated. Shorter than a generated key: marked weak.
  DeviceWithKey register_device(Device d, const std::string& api_key);
  Device update_device(const std::string& device_id, const DevicePatch& p);
  DeviceWithKey rotate_key(const std::string& device_id);
  void remove_device(const std::string& device_id);

 private:
  RoomView view(Classroom c);
  ClassroomStore& rooms_;
  DeviceStore& devices_;
  Campus& campus_;
  CampusSync& sync_;
  const Clock& clock_;
};

}  // namespace classroom
