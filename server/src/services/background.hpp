#pragma once
// The server's own periodic work, no cron: long-poll and override expiry, the offline
// sweep, the booking lifecycle, bookings near now, retention, expired dashboard
// sessions; and, with PostgreSQL, keeping the instances in step (events and change
// notes over LISTEN/NOTIFY).
#include "live/campus.hpp"
#include "realtime/hub.hpp"
#include "services/bookings.hpp"
#include "services/campus_sync.hpp"
#include "storage/change_counter.hpp"
#include "storage/contact.hpp"
#include "storage/devices.hpp"
#include "storage/logs.hpp"
#include "storage/power_commands.hpp"
#include "util/clock.hpp"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace classroom {

class PgNotify;

struct BackgroundSettings {
  std::int64_t offline_after_s = 300;
  int status_retention_days = 90;
  int contact_retention_days = 365;
};

class Background {
 public:
  Background(Campus& campus, CampusSync& sync, Hub& hub, DeviceStore& devices, PowerCommandStore& commands,
             BookingService& bookings, LogStore& logs, ContactStore& contact, const Clock& clock,
             BackgroundSettings settings);
  ~Background();

  // pg_conninfo and counter: set with PostgreSQL, so that several instances act as one.
  void start(const std::optional<std::string>& pg_conninfo, ChangeCounter* counter);
  void stop();

  // One step each; the ticker calls them.
  void sweep_offline();
  std::int64_t retention_step();

 private:
  void on_note(const std::string& channel, const std::string& payload);
  void run();
  Campus& campus_;
  CampusSync& sync_;
  Hub& hub_;
  DeviceStore& devices_;
  PowerCommandStore& commands_;
  BookingService& bookings_;
  LogStore& logs_;
  ContactStore& contact_;
  const Clock& clock_;
  BackgroundSettings settings_;
  std::unique_ptr<PgNotify> bridge_;
  ChangeCounter* counter_ = nullptr;
  std::string instance_id_;
  std::thread ticker_;
  std::atomic<bool> stopping_{false};
};

}  // namespace classroom
