#pragma once
// The one place that keeps the in-memory campus (device keys included) in step with
// the database, on this instance and, through change notes, on the others. Services
// call changed() after their write commits; handlers never do.
#include "live/campus.hpp"
#include "realtime/hub.hpp"
#include "storage/booking_spans.hpp"
#include "storage/change_counter.hpp"
#include "storage/classrooms.hpp"
#include "storage/devices.hpp"
#include "storage/power_commands.hpp"
#include "util/clock.hpp"

#include <functional>
#include <mutex>
#include <string>

namespace classroom {

// What changed; the key names the device, room or user.
enum class Change { device, room, bookings, commands, user };
const char* change_name(Change c);
std::optional<Change> parse_change(std::string_view name);

class CampusSync {
 public:
  using Relay = std::function<void(Change what, const std::string& key, std::int64_t counter)>;
  CampusSync(Campus& campus, Hub& hub, DeviceStore& devices, ClassroomStore& rooms,
             BookingSpans& spans, PowerCommandStore& commands, const Clock& clock);

  // After a write: this instance follows, then the others are told.
  void changed(Change what, const std::string& key = {});
  // Only the telling (this instance already follows, e.g. a new command it holds).
  // An uncounted note (a device gone offline) is not worth a reload when lost.
  void relay(Change what, const std::string& key, bool counted = true);
  // A note from another instance.
  void apply(Change what, const std::string& key);
  // Everything again from the database (start-up, a lost note, after an outage).
  void reload();
  void refresh_bookings();
  // With several instances: notes go out through `relay`, numbered by `counter`.
  void set_relay(Relay relay, ChangeCounter* counter);
  // A note from another instance carried this number.
  void note_seen(std::int64_t counter);
  // The database's counter is ahead of every note seen twice in a row: a note was
  // lost, so everything is reloaded. Returns true when it reloaded.
  bool check_for_lost_notes();

 private:
  void load_key(const std::string& device_id);
  Campus& campus_;
  Hub& hub_;
  DeviceStore& devices_;
  ClassroomStore& rooms_;
  BookingSpans& spans_;
  PowerCommandStore& commands_;
  const Clock& clock_;
  Relay relay_;
  ChangeCounter* counter_ = nullptr;
  std::mutex mu_;
  std::int64_t seen_ = 0;     // the highest change number this instance has followed
  std::int64_t suspect_ = 0;  // a counter value found ahead of seen_ at the last check
};

}  // namespace classroom
