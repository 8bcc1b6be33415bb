// The server's own periodic work (no cron): offline sweep and long-poll expiry,
// bookings near now, command expiry, retention; and keeping instances in step.
#include "app/app.hpp"
#include "realtime/pg_bridge.hpp"
#include "storage/db.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <unistd.h>

namespace classroom {

namespace {
const char* change_name(Change c) {
  switch (c) {
    case Change::device: return "device";
    case Change::room: return "room";
    case Change::bookings: return "bookings";
    case Change::commands: return "commands";
  }
  return "";
}
}  // namespace

void App::reload_campus() {
  auto now = clock.now();
  campus.load(telemetry.live_devices(), rooms.list(false), booking_spans.confirmed_between(now - 86400, now + 2 * 86400),
              telemetry.live_commands(now));
}

void App::refresh_bookings() {
  auto now = clock.now();
  campus.set_bookings(booking_spans.confirmed_between(now - 86400, now + 2 * 86400));
}

void App::apply_change(Change what, const std::string& key) {
  auto now = clock.now();
  switch (what) {
    case Change::device:
      if (auto d = telemetry.live_device(key)) campus.upsert_device(*d);
      else campus.remove_device(key);
      break;
    case Change::room:
      if (auto c = rooms.find(std::stoll(key))) campus.upsert_room(*c);
      else campus.remove_room(std::stoll(key));
      break;
    case Change::bookings:
      refresh_bookings();
      break;
    case Change::commands:
      campus.set_commands(telemetry.live_commands(now), now);
      break;
  }
}

void App::changed(Change what, const std::string& key) {
  apply_change(what, key);
  relay_change(what, key);
}

void App::relay_change(Change what, const std::string& key) {
  if (bridge_)
    bridge_->notify(PgBridge::kChanges, boost::json::serialize(boost::json::object{
                                            {"what", change_name(what)}, {"key", key}, {"from", instance_id_}}));
}

void App::tick() { campus.tick(clock.now(), unix_now_ms()); }

void App::sweep_offline() {
  for (const auto& device_id : telemetry.mark_offline(clock.now() - cfg.offline_after_s)) {
    spdlog::info("event=device_offline device_id={}", device_id);
    campus.mark_offline(device_id);
    relay_change(Change::device, device_id);
  }
}

std::int64_t App::retention_step() {
  auto now = clock.now();
  std::int64_t removed = telemetry.roll_up_oldest_hour(now - std::int64_t{cfg.status_retention_days} * 86400);
  removed += contact.delete_older_than(now - std::int64_t{cfg.contact_retention_days} * 86400, 500);
  return removed;
}

void App::start_background() {
  writer.start();
  if (!db->is_sqlite()) {
    instance_id_ = std::to_string(::getpid()) + "-" + std::to_string(unix_now_ms());
    bridge_ = std::make_unique<PgBridge>(
        parse_db_url(cfg.db).connection,
        [this](const std::string& channel, const std::string& payload) {
          if (channel == PgBridge::kEvents) return hub.receive(payload);
          boost::system::error_code ec;
          auto v = boost::json::parse(payload, ec);
          if (ec || !v.is_object()) return;
          // Our own notes come back too; we applied them already.
          if (auto from = v.as_object().if_contains("from"); from && from->is_string() && from->as_string() == instance_id_)
            return;
          auto what = v.as_object().if_contains("what");
          auto key = v.as_object().if_contains("key");
          if (!what || !key || !what->is_string() || !key->is_string()) return;
          static const std::pair<const char*, Change> names[] = {
              {"device", Change::device}, {"room", Change::room}, {"bookings", Change::bookings}, {"commands", Change::commands}};
          try {
            for (auto [n, c] : names)
              if (what->as_string() == n) apply_change(c, std::string(key->as_string()));
          } catch (const std::exception& e) {
            spdlog::warn("event=change_apply_failed what={}", e.what());
          }
        },
        [this] {
          try {
            reload_campus();
          } catch (const std::exception&) {
          }
        });
    hub.set_relay([this](const std::string& payload) { bridge_->notify(PgBridge::kEvents, payload); }, instance_id_);
    bridge_->start();
  }
  ticker_ = std::thread([this] {
    std::int64_t last_minute = 0, last_retention = 0, last_sweep = 0, last_bookings = 0;
    while (!stopping_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      try {
        tick();
        auto now = clock.now();
        if (now - last_sweep >= 2) {
          last_sweep = now;
          sweep_offline();
        }
        if (now - last_bookings >= 5) {
          last_bookings = now;
          booking_lifecycle_step();
        }
        if (now - last_minute >= 60) {
          last_minute = now;
          refresh_bookings();
          telemetry.expire_commands(now);
        }
        // Retention runs in small transactions, one hour of logs at a time, when idle enough.
        if (now - last_retention >= 5) {
          last_retention = now;
          for (int i = 0; i < 20 && retention_step() > 0; ++i) {
          }
        }
      } catch (const std::exception& e) {
        spdlog::warn("event=background_step_failed what=\"{}\"", e.what());
      }
    }
  });
}

void App::stop_background() {
  if (stopping_.exchange(true)) return;
  if (ticker_.joinable()) ticker_.join();
  writer.stop();
  if (bridge_) {
    hub.set_relay({}, {});
    bridge_->stop();
  }
}

}  // namespace classroom
