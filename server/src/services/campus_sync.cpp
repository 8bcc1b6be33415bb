#include "services/campus_sync.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>

namespace classroom {

namespace {
constexpr std::array<std::pair<Change, std::string_view>, 5> kChanges{{{Change::device, "device"},
                                                                      {Change::room, "room"},
                                                                      {Change::bookings, "bookings"},
                                                                      {Change::commands, "commands"},
                                                                      {Change::user, "user"}}};
// Bookings near now: the power rule looks a day back and two ahead.
constexpr std::int64_t kBookingsBack = 86400, kBookingsAhead = 2 * 86400;
}  // namespace

const char* change_name(Change c) {
  for (const auto& [change, name] : kChanges)
    if (change == c) return name.data();
  return "";
}

std::optional<Change> parse_change(std::string_view name) {
  for (const auto& [change, n] : kChanges)
    if (n == name) return change;
  return std::nullopt;
}

CampusSync::CampusSync(Campus& campus, Hub& hub, DeviceStore& devices, ClassroomStore& rooms,
                       BookingSpans& spans, PowerCommandStore& commands, const Clock& clock)
    : campus_(campus), hub_(hub), devices_(devices), rooms_(rooms), spans_(spans), commands_(commands),
      clock_(clock) {}

void CampusSync::reload() {
  auto now = clock_.now();
  Campus::Snapshot next;
  next.reserve(devices_.count(), rooms_.count());
  devices_.each_live([&](LiveDevice&& d) { next.add(d); });
  rooms_.each_live([&](LiveRoom&& r) { next.add(r); });
  campus_.load(std::move(next), spans_.confirmed_between(now - kBookingsBack, now + kBookingsAhead),
               commands_.live_commands(now));
}

void CampusSync::refresh_bookings() {
  auto now = clock_.now();
  campus_.set_bookings(spans_.confirmed_between(now - kBookingsBack, now + kBookingsAhead));
}

void CampusSync::load_key(const std::string& device_id) {
  if (auto d = devices_.live_device(device_id)) campus_.upsert_device(*d);
  else campus_.remove_device(device_id);
}

void CampusSync::apply(Change what, const std::string& key) {
  auto now = clock_.now();
  switch (what) {
    case Change::device:
      load_key(key);
      break;
    case Change::room:
      if (auto c = rooms_.find(std::stoll(key))) campus_.upsert_room(live_room(*c));
      else campus_.remove_room(std::stoll(key));
      break;
    case Change::bookings:
      refresh_bookings();
      break;
    case Change::commands:
      campus_.set_commands(commands_.live_commands(now), now);
      break;
    case Change::user:
      // The account was deactivated, deleted, demoted or signed out: its sessions end.
      hub_.end_sessions_of(std::stoll(key));
      break;
  }
}

void CampusSync::changed(Change what, const std::string& key) {
  apply(what, key);
  relay(what, key);
}

void CampusSync::relay(Change what, const std::string& key, bool counted) {
  if (!relay_) return;
  std::int64_t n = 0;
  try {
    n = counter_ && counted ? counter_->bump() : 0;
  } catch (const std::exception&) {
    // The database is down: the note still goes out; the next check reconciles.
  }
  note_seen(n);
  relay_(what, key, n);
}

void CampusSync::set_relay(Relay relay, ChangeCounter* counter) {
  relay_ = std::move(relay);
  counter_ = counter;
  if (counter_) note_seen(counter_->current());
}

void CampusSync::note_seen(std::int64_t counter) {
  std::lock_guard g(mu_);
  seen_ = std::max(seen_, counter);
}

bool CampusSync::check_for_lost_notes() {
  if (!counter_) return false;
  auto at = counter_->current();
  {
    std::lock_guard g(mu_);
    if (at <= seen_) {
      suspect_ = 0;
      return false;
    }
    // A note may be on its way: the gap counts when its notes are still missing at the next check.
    if (suspect_ == 0 || seen_ >= suspect_) {
      suspect_ = at;
      return false;
    }
    seen_ = at;
    suspect_ = 0;
  }
  spdlog::warn("event=change_notes_lost action=reload");
  reload();
  return true;
}

}  // namespace classroom
