// Mail the clock sends: reminders before bookings, and the admins' digest of the
// device and sensor events recorded with the changes that noticed them.
#include "storage/booking_sql.hpp"
#include "storage/mail_outbox.hpp"
#include "storage/mail_sql.hpp"

namespace classroom {

using namespace mail_sql;

void record_alert(soci::session& s, const std::string& event, const std::string& device_id,
                  std::optional<long long> room, const std::string& detail, long long at) {
  if (!mail_on()) return;
  long long room_id = room.value_or(0);
  soci::indicator room_ind = room ? soci::i_ok : soci::i_null;
  s << "INSERT INTO alert_events (event, device_id, classroom_id, detail, at) VALUES (:e, :d, :c, :t, :a)",
      soci::use(event), soci::use(device_id), soci::use(room_id, room_ind), soci::use(detail), soci::use(at);
}

void record_alert_event(soci::session& s, const std::string& event, const std::string& payload, long long at) {
  if (!mail_on() || (event != "sensor.fault" && event != "device.online")) return;
  boost::system::error_code ec;
  auto v = json::parse(payload, ec);
  if (ec || !v.is_object()) return;
  const auto* data = v.as_object().if_contains("data");
  if (!data || !data->is_object()) return;
  const auto& d = data->as_object();
  std::optional<long long> room;
  if (const auto* c = d.if_contains("classroom_id"); c && c->is_int64()) room = c->as_int64();
  record_alert(s, event, str_of(d, "device_id"), room, event == "sensor.fault" ? str_of(d, "sensor_fault") : "", at);
}

namespace {

// Confirmed bookings not begun whose owner's reminder time has come, and whose reminder
// for this start time is not queued yet.
const char* kRemindersDue =
    "SELECT b.id, b.start_time, u.reminder_min FROM bookings b JOIN users u ON u.id = b.user_id "
    "WHERE b.status = 'confirmed' AND u.reminder_min IS NOT NULL AND b.start_time > :n "
    "AND b.start_time - u.reminder_min * 60 <= :n2 AND NOT EXISTS (SELECT 1 FROM booking_reminders r "
    "WHERE r.booking_id = b.id AND r.start_time = b.start_time) ORDER BY b.start_time, b.id LIMIT 200";

// Events newer than some active admin's last digest.
const char* kUnreportedEvents =
    "SELECT COUNT(*) FROM alert_events WHERE id > (SELECT COALESCE(MIN(COALESCE(d.last_event_id, 0)), 0) "
    "FROM users u LEFT JOIN mail_digests d ON d.user_id = u.id WHERE u.role = 'admin' AND u.is_active = 1)";

struct Due {
  long long id, start;
  int minutes;
};

std::vector<Due> reminders_due(soci::session& s, long long at) {
  std::vector<Due> due;
  soci::rowset<soci::row> rs = (s.prepare << kRemindersDue, soci::use(at), soci::use(at));
  for (const auto& r : rs) due.push_back({row_i64(r, 0), row_i64(r, 1), static_cast<int>(row_i64(r, 2))});
  return due;
}

}  // namespace

std::size_t MailStore::queue_reminders(std::int64_t now) {
  long long at = now;
  // Most looks find nothing: they take no write lock.
  if (db_.run([&](soci::session& s) { return reminders_due(s, at).empty(); })) return 0;
  return db_.write([&](soci::session& s) {
    std::size_t queued = 0;
    auto due = reminders_due(s, at);
    for (const auto& d : due) {
      if (!reminder_due(BookingStatus::confirmed, d.start, d.minutes, at)) continue;
      // The key decides who queues it: another instance's reminder (committed or
      // still in flight) makes this insert change nothing.
      long long id = d.id, start = d.start;
      soci::statement st = (s.prepare << "INSERT INTO booking_reminders (booking_id, start_time, queued_at) "
                                         "VALUES (:b, :s, :q) ON CONFLICT DO NOTHING",
                            soci::use(id), soci::use(start), soci::use(at));
      st.execute(true);
      if (st.get_affected_rows() == 0) continue;
      auto b = booking_sql::must_find(s, id);
      if (b.status != BookingStatus::confirmed || !b.user_id) continue;
      Recipient r{*b.user_id, "", ""};
      s << "SELECT email, username FROM users WHERE id = :id", soci::use(r.id), soci::into(r.email), soci::into(r.username);
      if (!valid_mail_address(r.email)) {
        spdlog::info("event=mail_skipped reason={} booking_id={} user_id={} action=reminder",
                     r.email.empty() ? "no_address" : "invalid_address", id, r.id);
        continue;
      }
      auto facts = booking_facts(s, b, "reminder", at);
      facts["reminder_min"] = d.minutes;
      queue_to(s, r, facts, "booking.reminder", b, at);
      spdlog::info("event=reminder_queued booking_id={} user_id={} start={} reminder_min={}", id, r.id, start, d.minutes);
      ++queued;
    }
    return queued;
  });
}

std::size_t MailStore::queue_digests(std::int64_t now, std::int64_t interval_s) {
  long long at = now;
  long long unreported = db_.run([&](soci::session& s) {
    long long n = 0;
    s << kUnreportedEvents, soci::into(n);
    return n;
  });
  if (unreported == 0) return 0;
  return db_.write([&](soci::session& s) {
    std::size_t queued = 0;
    // Every instance runs the step; one at a time does the work, the others skip.
    if (!db_.is_sqlite()) {
      int mine = 0;
      s << "SELECT CASE WHEN pg_try_advisory_xact_lock(727276) THEN 1 ELSE 0 END", soci::into(mine);
      if (!mine) return queued;
    }
    struct Admin {
      long long id;
      std::string username, email;
      bool wants;
      long long cursor;
      std::optional<std::int64_t> sent_at;
    };
    std::vector<Admin> admins;
    {
      soci::rowset<soci::row> rs =
          (s.prepare << "SELECT u.id, u.username, u.email, u.mail_bookings, 0, d.last_event_id, d.sent_at "
                        "FROM users u LEFT JOIN mail_digests d ON d.user_id = u.id "
                        "WHERE u.role = 'admin' AND u.is_active = 1 ORDER BY u.id");
      for (const auto& r : rs) {
        auto cursor = row_opt_i64(r, 5);
        auto sent = row_opt_i64(r, 6);
        if (sent && *sent == 0) sent.reset();
        admins.push_back({row_i64(r, 0), row_str(r, 1), row_str(r, 2), row_bool(r, 3), cursor.value_or(0), sent});
      }
    }
    for (const auto& a : admins) {
      std::vector<AlertEvent> events;
      long long newest = a.cursor;
      {
        soci::rowset<soci::row> rs =
            (s.prepare << "SELECT e.id, e.event, e.device_id, COALESCE(c.name, ''), e.detail, e.at FROM alert_events e "
                          "LEFT JOIN classrooms c ON c.id = e.classroom_id WHERE e.id > :c ORDER BY e.id LIMIT 1000",
             soci::use(a.cursor));
        for (const auto& r : rs) {
          events.push_back({row_i64(r, 0), row_str(r, 1), row_str(r, 2), row_str(r, 3), row_str(r, 4), row_i64(r, 5)});
          newest = std::max<long long>(newest, events.back().id);
        }
      }
      if (events.empty()) continue;
      auto lines = digest_lines(events);
      std::optional<std::int64_t> sent = a.sent_at;
      if (!lines.empty()) {
        std::int64_t oldest = lines.front().since;
        for (const auto& l : lines) oldest = std::min(oldest, l.since);
        if (!digest_due(a.sent_at, oldest, at, interval_s)) continue;
        sent = at;
        if (!a.wants || !valid_mail_address(a.email)) {
          spdlog::info("event=mail_skipped reason={} user_id={} action=digest",
                       !a.wants ? "turned_off" : a.email.empty() ? "no_address" : "invalid_address", a.id);
        } else {
          json::array items;
          for (const auto& l : lines)
            items.push_back(json::object{{"device_id", l.device_id},
                                         {"room", l.room},
                                         {"what", l.what},
                                         {"since", l.since},
                                         {"until", l.until ? json::value(*l.until) : json::value(nullptr)}});
          std::string payload = to_json_text(json::object{
              {"username", a.username}, {"email", a.email}, {"interval_s", interval_s}, {"lines", std::move(items)}});
          queue_mail(s, a.email, "alerts.digest", "digest:" + std::to_string(a.id), payload, at);
          spdlog::info("event=digest_queued user_id={} lines={} events={}", a.id, lines.size(), events.size());
          ++queued;
        }
      }
      // Coming back online alone reports nothing: the cursor moves past it quietly.
      long long sent_at = sent.value_or(0), user = a.id;  // 0: none sent yet
      s << "INSERT INTO mail_digests (user_id, last_event_id, sent_at) VALUES (:u, :e, :s) "
           "ON CONFLICT (user_id) DO UPDATE SET last_event_id = excluded.last_event_id, sent_at = excluded.sent_at",
          soci::use(user), soci::use(newest), soci::use(sent_at);
    }
    long long old = at - 7 * 86400;
    s << "DELETE FROM alert_events WHERE at < :o", soci::use(old);
    return queued;
  });
}

std::vector<DigestLine> digest_lines_of(const std::string& payload) {
  std::vector<DigestLine> out;
  auto v = json::parse(payload);
  const auto* lines = v.as_object().if_contains("lines");
  if (!lines || !lines->is_array()) return out;
  for (const auto& l : lines->as_array()) {
    const auto& o = l.as_object();
    DigestLine d{str_of(o, "device_id"), str_of(o, "room"), str_of(o, "what"), int_of(o, "since"), std::nullopt};
    if (const auto* u = o.if_contains("until"); u && u->is_int64()) d.until = u->as_int64();
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace classroom
