#pragma once
// The campus as the report path sees it, in memory and in step with the database:
// device keys, room settings, bookings near now and manual commands. A node's report
// is answered from here without a database read; writes go to the report writer.
#include "domain/power_rule.hpp"
#include "http/message.hpp"
#include "storage/bookings.hpp"
#include "storage/classrooms.hpp"
#include "storage/telemetry.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace date { class time_zone; }

namespace classroom {

struct Report {
  bool is_occupied = false;
  bool is_power_on = false;
  std::optional<std::int64_t> last_movement;
  std::optional<double> temperature;
  std::optional<std::int64_t> device_time;
  std::optional<std::int64_t> seq;
};

struct ReportOutcome {
  PowerDecision decision;
  std::optional<PowerCommand> command;  // a manual command for the node to apply
  std::int64_t next_report_s = 120;
  StatusWrite write;
  bool duplicate = false;  // an old sequence number: answered, not stored
};

// A room's live view, for dashboards and the classroom list.
struct RoomLive {
  std::int64_t classroom_id = 0;
  std::optional<std::string> device_id;
  bool device_online = false;
  std::optional<Observation> observed;
  std::optional<double> temperature;
  PowerDecision decision;
  std::optional<PowerCommand> command;  // the live manual command, pending or applied
};

class Campus {
 public:
  using Publish = std::function<void(boost::json::object event, bool admins_only)>;
  struct Options {
    std::int64_t offline_after_s = 300;
    std::int64_t report_interval_s = 120;
    const date::time_zone* zone = nullptr;
  };
  Campus(Options opts, Publish publish) : opts_(opts), publish_(std::move(publish)) {}

  // Replaces everything (start-up, and after a database outage).
  void load(const std::vector<LiveDevice>& devices, const std::vector<Classroom>& rooms,
            const std::vector<BookingSpan>& bookings, const std::vector<PowerCommand>& commands);
  void upsert_device(const LiveDevice& d);
  void remove_device(const std::string& device_id);
  void upsert_room(const Classroom& c);
  void remove_room(std::int64_t classroom_id);
  void set_bookings(const std::vector<BookingSpan>& bookings);

  // Unauthorized unless the device is known, active and the key matches.
  DeviceCaller authenticate(const std::string& device_id, const std::string& api_key) const;

  ReportOutcome report(const std::string& device_id, const Report& r, std::int64_t now);
  // Contact without a report (heartbeat, power log): online again if it was offline.
  void touch(const std::string& device_id, std::int64_t now);
  // A node's power log: applies the matching pending command; returns it.
  std::optional<PowerCommand> confirm_power(const std::string& device_id, bool power_on,
                                            std::optional<std::int64_t> command_id, std::int64_t now);

  // A new command (publish: announce it; false when another instance already did).
  void command_created(const PowerCommand& c, bool publish = true);
  // The live commands as stored (another instance created or cancelled one).
  void set_commands(const std::vector<PowerCommand>& live, std::int64_t now);
  void commands_cancelled(std::int64_t classroom_id);
  std::optional<PowerCommand> pending_command_for(const std::string& device_id, std::int64_t now) const;
  // Long-poll: `done` gets the command as soon as one exists, or nullopt at `deadline`.
  void wait_for_command(const std::string& device_id, std::int64_t deadline_ms,
                        std::function<void(std::optional<PowerCommand>)> done);

  // Periodic work: ends expired long-polls and drops expired overrides.
  void tick(std::int64_t now, std::int64_t now_ms);
  // The offline sweep (run on the database, shared by all instances) found it silent.
  void mark_offline(const std::string& device_id);

  std::optional<RoomLive> room(std::int64_t classroom_id, std::int64_t now) const;
  std::map<std::int64_t, RoomLive> rooms(std::int64_t now) const;
  std::optional<std::int64_t> room_of(const std::string& device_id) const;
  std::int64_t last_seq(const std::string& device_id) const;

 private:
  struct DeviceState {
    LiveDevice info;
  };
  struct RoomState {
    Classroom room;
    std::optional<Observation> observed;
    std::optional<double> temperature;
    std::optional<PowerCommand> command;
    std::string last_reason;
  };
  struct Waiter {
    std::int64_t deadline_ms;
    std::function<void(std::optional<PowerCommand>)> done;
  };

  PowerInputs inputs_for(const RoomState& r, std::int64_t now) const;
  RoomLive live_of(const RoomState& r, std::int64_t now) const;
  void set_online(DeviceState& d, bool online);
  boost::json::object room_event(const RoomState& r, std::int64_t now) const;

  Options opts_;
  Publish publish_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, DeviceState> devices_;
  std::unordered_map<std::int64_t, RoomState> rooms_;
  std::unordered_map<std::int64_t, std::vector<TimeRange>> bookings_;  // by room, sorted
  std::unordered_map<std::string, std::vector<Waiter>> waiters_;
};

// The live part of a classroom's JSON status (is_booked, power_reason, device_online,
// pending_command), shared by the classroom list and the events.
boost::json::object live_status_json(const RoomLive& live, const date::time_zone* zone);
boost::json::object command_json(const PowerCommand& c, const date::time_zone* zone);

}  // namespace classroom
