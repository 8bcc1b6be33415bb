#pragma once
// The campus as the report path sees it, in memory and in step with the database:
// each device's room and contact, room settings and their last observation, bookings
// near now, and manual commands. A node's report is answered from here without a
// database read. Nothing here writes or publishes: the report service does, after
// the write is durable, with what this returns.
#include "auth/secrets.hpp"
#include "domain/caller.hpp"
#include "domain/power_rule.hpp"
#include "domain/report_rule.hpp"
#include "storage/booking_spans.hpp"
#include "storage/classrooms.hpp"
#include "storage/devices.hpp"
#include "storage/node_writes.hpp"
#include "storage/power_commands.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <atomic>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace classroom {

// A room's live view, for dashboards, the classroom list and events.
struct RoomLive {
  std::int64_t classroom_id = 0;
  std::optional<std::string> device_id;
  bool device_online = false;
  std::optional<Observation> observed;
  std::optional<double> temperature;
  std::string sensor_fault;
  PowerDecision decision;
  std::optional<PowerCommand> command;  // the live manual command, pending or applied
};

// Free now: nobody booked it and nobody is in it.
inline bool free_now(const RoomLive& r) { return !r.decision.is_booked && !(r.observed && r.observed->is_occupied); }

// What a report means, before it is stored.
struct ReportOutcome {
  std::string device_id;
  Report report;
  PowerDecision decision;
  std::optional<PowerCommand> command;  // a manual command for the node to apply
  std::int64_t next_report_s = 120;
  StatusWrite write;
  bool duplicate = false;
  std::int64_t now = 0;
  std::int64_t last_seq = 0;      // the node's highest accepted sequence number, this one included
  std::int64_t previous_seq = 0;  // before this report (given back when it is refused)
  // For the webhooks: the room's transitions this report makes (domain/webhook_rules),
  // what they were judged against, and whether the device was offline until now.
  std::vector<std::string> transitions;
  std::optional<Observation> notified_before;
  bool came_online = false;
};

// A device came online or went offline.
using ConnectivityListener = std::function<void(const std::string& device_id, bool online,
                                                std::optional<std::int64_t> classroom_id)>;

class Campus {
  // 100,000 devices and rooms live in open-addressing tables of packed entries (no
  // node per entry): the whole campus of that size fits in about 32 MB.
  struct DeviceState {
    Sha256 key{};                      // the API key's digest, when has_key
    std::int64_t last_seen = 0;        // 0: never
    std::int64_t last_seq = 0;
    std::int64_t classroom_id = 0;     // 0: in no room (ids start at 1)
    bool has_key = false;              // false: no key matches (none stored, or malformed)
    bool is_active = true;
    bool is_connected = false;
    std::optional<std::int64_t> room() const { return classroom_id ? std::optional(classroom_id) : std::nullopt; }
  };
  // Observation in 16 bytes; seconds since movement are at most ten years (esp.cpp).
  class PackedObservation {
   public:
    PackedObservation() = default;
    explicit PackedObservation(const std::optional<Observation>& o);
    std::optional<Observation> get() const;
    void set_power_on(bool on);

   private:
    std::int64_t at_ = 0;
    std::int32_t last_movement_ = 0;
    std::uint8_t flags_ = 0;
  };
  struct RoomState {
    RoomSetup room;
    PackedObservation observed;
    PackedObservation notified;  // what the webhooks last heard of
    std::optional<double> temperature;
    std::string sensor_fault;
    std::unique_ptr<PowerCommand> command;  // rare: kept apart, not 150 bytes in every room
    std::optional<PowerReason> last_reason;
    RoomMemory memory() const { return {observed.get(), temperature, last_reason, notified.get()}; }
  };
  static DeviceState device_state(const LiveDevice& d);
  static RoomState room_state(const LiveRoom& r);
  using Devices = boost::unordered_flat_map<std::string, DeviceState>;
  using Rooms = boost::unordered_flat_map<std::int64_t, RoomState>;

 public:
  struct Options {
    std::int64_t offline_after_s = 300;
    std::int64_t report_interval_s = 120;
  };
  Campus(Options opts, ConnectivityListener on_connectivity)
      : opts_(opts), on_connectivity_(std::move(on_connectivity)) {}

  // A whole campus read row by row, so that a large one is never held as rows and as
  // tables at once; load() puts it in place.
  class Snapshot {
   public:
    void reserve(std::size_t devices, std::size_t rooms);
    void add(const LiveDevice& d);
    void add(const LiveRoom& r);

   private:
    friend class Campus;
    Devices devices_;
    Rooms rooms_;
  };

  // Replaces everything (start-up, and after a database outage).
  void load(Snapshot next, const std::vector<BookingSpan>& bookings, const std::vector<PowerCommand>& commands);
  void upsert_device(const LiveDevice& d);
  void remove_device(const std::string& device_id);
  void upsert_room(const LiveRoom& c);
  void remove_room(std::int64_t classroom_id);
  void set_bookings(const std::vector<BookingSpan>& bookings);

  // Node authentication (X-Device-ID and X-API-Key): Unauthorized unless the device is
  // known, active and the key's SHA-256 matches the stored one. Rotation and
  // deactivation take effect at once, on every instance (CampusSync).
  DeviceCaller authenticate(const std::string& device_id, const std::string& api_key) const;

  // The report rule against what the campus remembers; marks the device seen and
  // reserves its sequence number. Nothing else changes until accepted().
  ReportOutcome evaluate(const std::string& device_id, const Report& r, std::int64_t now);
  // The report is durable: the room takes its observation. Returns the room's view
  // when dashboards should hear of it.
  std::optional<RoomLive> accepted(const ReportOutcome& out);
  // The report was refused (503): its sequence number may come again.
  void refused(const ReportOutcome& out);

  // Contact without a report (heartbeat, power log): online again if it was offline
  // (then true).
  bool touch(const std::string& device_id, std::int64_t now);
  // A node's power log: applies the matching pending command; returns it.
  std::optional<PowerCommand> confirm_power(const std::string& device_id, bool power_on,
                                            std::optional<std::int64_t> command_id, std::int64_t now);

  // A new command: kept for the room and handed to a long-polling node at once.
  void command_created(const PowerCommand& c);
  // The live commands as stored; returns the ones this instance did not know yet.
  std::vector<PowerCommand> set_commands(const std::vector<PowerCommand>& live, std::int64_t now);
  void commands_cancelled(std::int64_t classroom_id);
  // Long-poll: `done` gets the pending command at once when there is one, else as soon
  // as one is given, or nullopt at `deadline_ms`. One lock for the check and the wait.
  void wait_for_command(const std::string& device_id, std::int64_t now, std::int64_t deadline_ms,
                        std::function<void(std::optional<PowerCommand>)> done);
  // Shutdown: every waiting node is answered now (no command), and later waits at once,
  // so no answer outlives the server that owes it.
  void end_long_polls();

  // Periodic work: ends expired long-polls and drops expired overrides.
  void tick(std::int64_t now, std::int64_t now_ms);
  // The offline sweep (run on the database, shared by all instances) found it silent.
  void mark_offline(const std::string& device_id);

  std::optional<RoomLive> room(std::int64_t classroom_id, std::int64_t now) const;
  std::map<std::int64_t, RoomLive> rooms(std::int64_t now) const;
  std::optional<std::int64_t> room_of(const std::string& device_id) const;
  std::int64_t last_seq(const std::string& device_id) const;
  std::size_t long_polls() const;
  // Moves with every change of what the campus holds (answers built from it are stale).
  std::uint64_t version() const { return version_; }
  std::size_t devices_online() const;
  std::size_t devices_active() const;  // registered and not deactivated
  // Writes up to `seq` are stored (or journaled) already.
  void raise_seq(const std::string& device_id, std::int64_t seq);

 private:
  struct Waiter {
    std::int64_t deadline_ms;
    std::function<void(std::optional<PowerCommand>)> done;
  };

  PowerInputs inputs_for(const RoomState& r, const std::optional<Observation>& observed, std::int64_t now) const;
  RoomLive live_of(const RoomState& r, std::int64_t now) const;
  RoomState* room_of_device(const DeviceState& d);
  struct Connectivity {
    std::string device_id;
    bool online;
    std::optional<std::int64_t> classroom_id;
  };
  void set_online(const std::string& id, DeviceState& d, bool online, std::vector<Connectivity>& changed);
  void announce_connectivity(const std::vector<Connectivity>& changed);
  // The lock, taken to change something: the version moves.
  std::unique_lock<std::mutex> changing();
  void give_command(RoomState& r, const PowerCommand& c);
  std::optional<PowerCommand> pending_locked(const std::string& device_id, std::int64_t now) const;

  Options opts_;
  ConnectivityListener on_connectivity_;
  mutable std::mutex mu_;
  Devices devices_;
  Rooms rooms_;
  std::unordered_map<std::int64_t, std::vector<TimeRange>> bookings_;  // by room, sorted
  std::unordered_map<std::string, std::vector<Waiter>> waiters_;
  bool long_polls_ended_ = false;
  // The earliest a command expires and a long-poll ends (or later: a reset or an early
  // answer leaves it behind), so the tick scans 100,000 rooms and waits only then.
  std::int64_t next_command_expiry_ = std::numeric_limits<std::int64_t>::max();
  std::int64_t next_wait_deadline_ms_ = std::numeric_limits<std::int64_t>::max();
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace classroom
