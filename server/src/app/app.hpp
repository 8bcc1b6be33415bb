#pragma once
// The wiring: config → storage → services → router. main() and the tests build one
// of these; nothing here decides anything on its own.
#include "app/config.hpp"
#include "auth/jwt.hpp"
#include "auth/rate_limit.hpp"
#include "http/router.hpp"
#include "live/campus.hpp"
#include "live/report_writer.hpp"
#include "realtime/hub.hpp"
#include "storage/booking_store.hpp"
#include "storage/bookings.hpp"
#include "storage/telemetry.hpp"
#include "storage/classrooms.hpp"
#include "storage/contact.hpp"
#include "storage/devices.hpp"
#include "storage/users.hpp"
#include "util/clock.hpp"

#include <atomic>
#include <memory>
#include <thread>

namespace date { class time_zone; }

namespace classroom {

class Db;
class PgBridge;

// What changed in the database, so every instance's in-memory campus follows.
enum class Change { device, room, bookings, commands };

// Reads the JWT secret from config, or (SQLite only) from var_dir/jwt-secret,
// generating it with mode 0600 on first start. PostgreSQL without one: error.
std::string resolve_jwt_secret(const Config& cfg, bool sqlite);

class App {
 public:
  explicit App(Config cfg);
  ~App();

  Config cfg;
  Clock clock;
  const date::time_zone* zone;
  std::unique_ptr<Db> db;
  UserStore users;
  DeviceStore devices;
  ClassroomStore rooms;
  ContactStore contact;
  TelemetryStore telemetry;
  BookingSpans booking_spans;
  BookingStore bookings;
  JwtCodec jwt;
  RateLimiter login_by_client;
  RateLimiter login_by_user;
  RateLimiter contact_by_client;
  Hub hub;
  Campus campus;
  ReportWriter writer;
  Router router;

  // Bearer token → the signed-in account; Unauthorized when the token is bad or
  // the account is gone, inactive, or its tokens were revoked.
  Caller authenticate(const std::string& token);
  DeviceCaller authenticate_device(const Request& req);

  // In-process jobs (offline sweep, retention, no-show release); no cron needed.
  void start_background();
  void stop_background();

  // Call after writing to the database: updates this instance's campus and, with
  // PostgreSQL, tells the other instances (key: device id or classroom id).
  void changed(Change what, const std::string& key = {});
  // Only the "tell the other instances" half of changed().
  void relay_change(Change what, const std::string& key);
  void apply_change(Change what, const std::string& key);
  // Reloads the whole campus from the database (start-up, recovery).
  void reload_campus();

  // Background work, one step each; the ticker calls them, tests may too.
  void tick();
  void sweep_offline();
  void refresh_bookings();
  std::int64_t retention_step();
  // Check-in, no-show release, completion, series flags (app/booking_step.cpp).
  std::size_t booking_lifecycle_step();

 private:
  std::unique_ptr<PgBridge> bridge_;
  std::string instance_id_;
  std::thread ticker_;
  std::atomic<bool> stopping_{false};
};

}  // namespace classroom
