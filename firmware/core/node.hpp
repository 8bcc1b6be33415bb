#pragma once
// One classroom node: presence, idle timer, report schedule, server answers, the relay
// with its fail-safe, the offline buffer and retry backoff. No I/O: the ESP32 shell and
// classroom-sim feed it samples and replies and carry out the requests it asks for.
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backoff.hpp"
#include "clock.hpp"
#include "config.hpp"
#include "offline_buffer.hpp"
#include "presence.hpp"
#include "protocol.hpp"
#include "relay_guard.hpp"
#include "report_schedule.hpp"
#include "saved_reports.hpp"
#include "saved_state.hpp"

namespace fw {

inline constexpr const char* kFirmwareVersion = "1.0.0";

enum class LogLevel { Info, Warn, Error };
using LogFn = std::function<void(LogLevel, const std::string&)>;

// What survives a reboot (NVS on the ESP32).
struct BootState {
  std::int64_t seq_ceiling = 0;  // every seq used so far is below this
  SavedState saved;
  std::vector<StatusReport> buffered;  // the offline buffer as saved (parse_reports)
};

struct NodeCounters {
  std::uint64_t reports_made = 0;
  std::uint64_t reports_delivered = 0;
  std::uint64_t reports_dropped = 0;
  std::uint64_t answers_malformed = 0;
  std::uint64_t failures = 0;
  std::uint64_t commands_applied = 0;
  std::uint64_t relay_switches = 0;
};

class Node {
 public:
  // Seqs are reserved in blocks: the ceiling is stored once per block, not per report.
  static constexpr std::int64_t kSeqBlock = 1000;
  static constexpr std::size_t kPowerLogCapacity = 16;
  static constexpr Millis kMaxRetryAfter = minutes(15);

  Node(Config config, Millis boot, BootState restored = {}, LogFn log = {});

  // Sensors.
  void on_distance(Millis now, std::optional<float> distance_cm) { presence_.on_distance(now, distance_cm); }
  void on_pir(Millis now, bool high) { presence_.on_pir(now, high); }
  void set_temperature(std::optional<double> celsius) { temperature_ = celsius; }
  // The local button's level: a press forces power on for button_hold_s.
  void on_button(Millis now, bool pressed);
  // What the platform knows of its health, for the next heartbeats.
  void set_health(const Health& health) { health_ = health; }
  // Wall clock from NTP, when the platform has it (server answers also set it).
  void sync_clock(Millis now, std::int64_t unix_s);

  // Every loop: occupancy, the relay decision, reports falling due.
  void tick(Millis now);

  // The next call to make, if any is due; one at a time, answered by on_reply().
  std::optional<Request> next_request(Millis now);
  void on_reply(Millis now, const Reply& reply);
  std::optional<RequestKind> in_flight() const { return in_flight_; }

  // The long-poll for manual commands, a second channel beside the reports.
  bool command_poll_due(Millis now) const;
  std::string command_poll_path() const;
  void command_poll_started() { poll_in_flight_ = true; }
  void on_command_poll(Millis now, int status, const std::optional<CommandsAnswer>& answer,
                       const std::string& error = {});
  void apply_command(Millis now, const Command& command);

  // A new seq ceiling to store before the next reboot (once per block).
  std::optional<std::int64_t> take_seq_ceiling();
  // The booking and the server's last word to store, when they changed (at most once
  // a minute) or, while a booking with a known end runs, every half hour.
  std::optional<SavedState> take_state_to_save(Millis now);
  static constexpr Millis kStateSaveGap = seconds(60);
  static constexpr Millis kStateRefresh = minutes(30);
  // The offline buffer to store (serialize_reports' text; empty: remove the entry), when
  // it changed and either kBufferSaveReports new reports were made since the last write
  // or the oldest unsaved change is kBufferSaveAge old; and once when the server's
  // acknowledgements emptied it. A node that reaches the server never writes: each
  // report leaves the buffer within seconds.
  std::optional<std::string> take_buffer_to_save(Millis now);
  static constexpr std::uint64_t kBufferSaveReports = 8;
  static constexpr Millis kBufferSaveAge = minutes(10);

  bool relay_on() const { return relay_on_; }
  bool forced_on(Millis now) const { return guard_.forced_on(now); }
  bool occupied(Millis now) const { return presence_.occupied(now); }
  bool reachable() const { return server_power_on_.has_value(); }
  bool booked() const { return booked_; }
  // The firmware update the server last assigned, if any (see update.hpp).
  const std::optional<FirmwareOffer>& update_offer() const { return update_offer_; }
  // Booked as last heard, and the booking's end (if the server said it) not passed.
  bool booked_now(Millis now) const { return booked_ && (!booked_expires_ || now < *booked_expires_); }
  bool sensor_faulty(Millis now) const { return presence_.sensor_faulty(now); }
  const char* sensor_fault(Millis now) const { return presence_.sensor_fault(now); }
  std::size_t buffered() const { return outbox_.size(); }
  const std::deque<StatusReport>& buffered_reports() const { return outbox_.items(); }
  std::size_t power_logs_pending() const { return power_logs_.size(); }
  std::int64_t next_seq() const { return next_seq_; }
  Millis report_interval() const { return schedule_.interval(); }
  std::optional<std::int64_t> unix_time(Millis now) const;
  const NodeCounters& counters() const { return counters_; }
  const Config& config() const { return config_; }
  std::string status_line(Millis now) const;

 private:
  void make_report(Millis now);
  void update_relay(Millis now);
  void switch_relay(Millis now, bool on, PowerReason reason, std::optional<std::int64_t> command_id);
  void fail(Millis now, const Reply& reply);
  void on_status(Millis now, const Reply& reply);
  void on_batch(Millis now, const Reply& reply);
  void note_booking(Millis now, const StatusAnswer& a);
  void heartbeat_request(Millis now, Request& req) const;
  void renumber_from(std::int64_t seq);
  void log(LogLevel level, const std::string& text) const;

  Config config_;
  Millis boot_;
  LogFn log_;
  Presence presence_;
  RelayGuard guard_;
  Health health_;
  Millis next_heartbeat_;
  ReportSchedule schedule_;
  OfflineBuffer outbox_;
  std::deque<PowerLogEntry> power_logs_;
  Backoff backoff_;
  Backoff poll_backoff_;
  std::optional<double> temperature_;

  bool relay_on_ = true;  // power stays on until something decides otherwise
  bool occupied_ = false;
  bool state_changed_ = false;
  std::optional<bool> server_power_on_;
  PowerReason server_reason_ = PowerReason::AutoControl;
  bool server_idle_cut_ = false;
  bool booked_ = false;
  std::optional<std::int64_t> booked_until_unix_;
  std::optional<Millis> booked_expires_;
  std::optional<FirmwareOffer> update_offer_;
  bool held_ = false;  // the server's last "on" was a manual override
  Millis last_contact_;
  SavedState last_saved_;
  Millis last_save_at_;
  // The buffer as last stored: (size, oldest seq, newest seq), and whether it held any.
  struct BufferMark {
    std::size_t size = 0;
    std::int64_t front = 0, back = 0;
    bool operator==(const BufferMark& o) const { return size == o.size && front == o.front && back == o.back; }
  };
  BufferMark buffer_mark() const;
  BufferMark saved_mark_;
  bool saved_nonempty_ = false;
  std::uint64_t made_at_buffer_save_ = 0;   // counters_.reports_made then
  std::optional<Millis> buffer_dirty_since_;
  std::optional<Millis> wall_offset_ms_;

  std::optional<RequestKind> in_flight_;
  std::int64_t in_flight_last_seq_ = 0;
  Millis retry_at_ = 0;
  bool hello_done_ = false;
  bool batch_supported_ = true;
  bool batch_refused_ = false;  // the last batch was refused: one by one until drained

  bool poll_in_flight_ = false;
  Millis poll_retry_at_ = 0;
  std::int64_t hold_until_seq_ = 0;  // answers to older reports do not undo a command
  std::deque<std::int64_t> recent_commands_;

  std::int64_t next_seq_;
  std::int64_t seq_ceiling_;
  std::optional<std::int64_t> pending_ceiling_;
  NodeCounters counters_;
};

}  // namespace fw
