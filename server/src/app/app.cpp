#include "app/app.hpp"

#include "api/routes.hpp"
#include "auth/password.hpp"
#include "domain/time.hpp"
#include "realtime/pg_bridge.hpp"
#include "storage/db.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <sys/stat.h>

namespace classroom {

namespace fs = std::filesystem;

std::string resolve_jwt_secret(const Config& cfg, bool sqlite) {
  if (!cfg.jwt_secret.empty()) return cfg.jwt_secret;
  if (!sqlite)
    throw std::runtime_error("--jwt-secret (CLASSROOM_JWT_SECRET) is required with PostgreSQL, "
                             "so that every instance signs tokens alike");
  fs::path file = fs::path(cfg.var_dir) / "jwt-secret";
  if (std::ifstream in(file); in) {
    std::string secret;
    std::getline(in, secret);
    if (secret.size() >= 32) return secret;
  }
  fs::create_directories(cfg.var_dir);
  std::string secret = random_token(48);
  {
    std::ofstream out(file, std::ios::trunc);
    out << secret << "\n";
  }
  ::chmod(file.c_str(), 0600);
  spdlog::info("event=jwt_secret_generated path={}", file.string());
  return secret;
}

App::App(Config c)
    : cfg(std::move(c)),
      zone(find_zone(cfg.timezone)),
      db(std::make_unique<Db>(cfg.db, static_cast<std::size_t>(cfg.pool_size))),
      users(*db),
      devices(*db),
      rooms(*db),
      contact(*db),
      telemetry(*db),
      booking_spans(*db),
      bookings(*db),
      jwt(resolve_jwt_secret(cfg, db->is_sqlite()), std::chrono::minutes(cfg.token_ttl_min)),
      login_by_client(cfg.login_limit_per_min, 60),
      login_by_user(cfg.login_limit_per_min, 60),
      contact_by_client(cfg.contact_limit_per_hour, 3600),
      campus(Campus::Options{cfg.offline_after_s, 120, zone},
             [this](boost::json::object event, bool admins_only) {
               hub.publish(std::move(event), admins_only ? Audience::admins : Audience::everyone);
             }),
      writer(telemetry, static_cast<std::size_t>(cfg.write_queue_limit)) {
  clock.shift(cfg.clock_offset_s);
  db->migrate();
  reload_campus();
  add_health_routes(router, *this);
  add_auth_routes(router, *this);
  add_user_routes(router, *this);
  add_device_routes(router, *this);
  add_classroom_routes(router, *this);
  add_contact_routes(router, *this);
  add_esp_routes(router, *this);
  add_power_routes(router, *this);
  add_stats_routes(router, *this);
  add_analytics_routes(router, *this);
  add_booking_routes(router, *this);
  add_booking_series_routes(router, *this);
  add_availability_routes(router, *this);
  add_calendar_routes(router, *this);
}

App::~App() { stop_background(); }

Caller App::authenticate(const std::string& token) {
  auto claims = jwt.verify(token, unix_now());
  if (!claims) throw Unauthorized("Invalid or expired token");
  auto user = users.find(claims->user_id);
  if (!user || !user->is_active || user->token_version != claims->version)
    throw Unauthorized("Token no longer valid");
  return Caller{user->id, user->username, user->role};
}

DeviceCaller App::authenticate_device(const Request& req) {
  return campus.authenticate(req.header("x-device-id"), req.header("x-api-key"));
}

}  // namespace classroom
