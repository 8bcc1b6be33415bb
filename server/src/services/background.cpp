#include "services/background.hpp"

#include "storage/pg_notify.hpp"
#include "util/json_text.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <unistd.h>

namespace classroom {

Background::Background(Campus& campus, CampusSync& sync, Hub& hub, DeviceStore& devices, PowerCommandStore& commands,
                       BookingService& bookings, LogStore& logs, ContactStore& contact, const Clock& clock,
                       BackgroundSettings settings)
    : campus_(campus), sync_(sync), hub_(hub), devices_(devices), commands_(commands), bookings_(bookings),
      logs_(logs), contact_(contact), clock_(clock), settings_(settings) {}

Background::~Background() { stop(); }

void Background::sweep_offline() {
  for (const auto& device_id : devices_.mark_offline(clock_.now() - settings_.offline_after_s, clock_.now())) {
    spdlog::info("event=device_offline device_id={}", device_id);
    campus_.mark_offline(device_id);
    sync_.relay(Change::device, device_id, false);
  }
}

std::int64_t Background::retention_step() {
  auto now = clock_.now();
  std::int64_t removed = logs_.roll_up_oldest_hour(now - std::int64_t{settings_.status_retention_days} * 86400);
  removed += contact_.delete_older_than(now - std::int64_t{settings_.contact_retention_days} * 86400, 500);
  return removed;
}

void Background::on_note(const std::string& channel, const std::string& payload) {
  if (channel == PgNotify::kEvents) return hub_.receive(payload);
  boost::system::error_code ec;
  auto v = boost::json::parse(payload, ec);
  if (ec || !v.is_object()) return;
  const auto& o = v.as_object();
  // Our own notes come back too; we applied them already.
  if (auto from = o.if_contains("from"); from && from->is_string() && from->as_string() == instance_id_) return;
  auto what = o.if_contains("what");
  auto key = o.if_contains("key");
  if (!what || !key || !what->is_string() || !key->is_string()) return;
  try {
    if (auto change = parse_change(what->as_string())) sync_.apply(*change, std::string(key->as_string()));
    if (auto n = o.if_contains("n"); n && n->is_int64()) sync_.note_seen(n->as_int64());
  } catch (const std::exception& e) {
    spdlog::warn("event=change_apply_failed what=\"{}\"", e.what());
  }
}

void Background::start(const std::optional<std::string>& pg_conninfo, ChangeCounter* counter) {
  if (pg_conninfo) {
    counter_ = counter;
    instance_id_ = std::to_string(::getpid()) + "-" + std::to_string(unix_now_ms());
    bridge_ = std::make_unique<PgNotify>(
        *pg_conninfo, [this](const std::string& channel, const std::string& payload) { on_note(channel, payload); },
        [this] {
          try {
            sync_.reload();  // notes may have been missed while the listener was away
          } catch (const std::exception&) {
          }
        });
    hub_.set_relay([this](const std::string& payload) { bridge_->notify(PgNotify::kEvents, payload); }, instance_id_);
    sync_.set_relay(
        [this](Change what, const std::string& key, std::int64_t n) {
          bridge_->notify(PgNotify::kChanges, to_json_text(boost::json::object{
                                                  {"what", change_name(what)}, {"key", key}, {"n", n}, {"from", instance_id_}}));
        },
        counter_);
    bridge_->start();
  }
  ticker_ = std::thread([this] { run(); });
}

void Background::run() {
  std::int64_t last_minute = 0, last_retention = 0, last_sweep = 0, last_bookings = 0, last_gap_check = 0;
  while (!stopping_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    try {
      auto now = clock_.now();
      campus_.tick(now, unix_now_ms());
      hub_.end_expired(now);
      if (now - last_sweep >= 2) {
        last_sweep = now;
        sweep_offline();
      }
      if (counter_ && now - last_gap_check >= 3) {
        last_gap_check = now;
        sync_.check_for_lost_notes();
      }
      if (now - last_bookings >= 5) {
        last_bookings = now;
        bookings_.lifecycle_step();
      }
      if (now - last_minute >= 60) {
        last_minute = now;
        sync_.refresh_bookings();
        commands_.expire_commands(now);
      }
      // Retention runs in small transactions, one hour of logs at a time.
      if (now - last_retention >= 5) {
        last_retention = now;
        for (int i = 0; i < 20 && retention_step() > 0; ++i) {
        }
      }
    } catch (const std::exception& e) {
      spdlog::warn("event=background_step_failed what=\"{}\"", e.what());
    }
  }
}

void Background::stop() {
  if (stopping_.exchange(true)) return;
  if (ticker_.joinable()) ticker_.join();
  if (bridge_) {
    hub_.set_relay({}, {});
    sync_.set_relay({}, nullptr);
    bridge_->stop();
  }
}

}  // namespace classroom
