#include "storage/mail_outbox.hpp"

#include "auth/secrets.hpp"
#include "domain/approval.hpp"
#include "storage/booking_sql.hpp"
#include "storage/db.hpp"
#include "util/json_text.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <atomic>

namespace classroom {

namespace json = boost::json;

namespace {

std::atomic<bool> booking_mail_on{false};

std::int64_t int_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

std::string str_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

void set_booking_mail(bool on) { booking_mail_on = on; }

bool mail_on() { return booking_mail_on; }

namespace {

struct Recipient {
  long long id = 0;
  std::string username, email;
};

// The user, when they want booking mails and have an address a mail can go to.
std::optional<Recipient> recipient(soci::session& s, long long user, long long booking, const std::string& action) {
  Recipient r{user, "", ""};
  int wants = 1;
  s << "SELECT email, username, mail_bookings FROM users WHERE id = :id", soci::use(user), soci::into(r.email),
      soci::into(r.username), soci::into(wants);
  if (!s.got_data()) return std::nullopt;
  if (!wants) {
    spdlog::info("event=mail_skipped reason=turned_off booking_id={} user_id={} action={}", booking, user, action);
    return std::nullopt;
  }
  if (!valid_mail_address(r.email)) {
    spdlog::info("event=mail_skipped reason={} booking_id={} user_id={} action={}",
                 r.email.empty() ? "no_address" : "invalid_address", booking, user, action);
    return std::nullopt;
  }
  return r;
}

// What the mail about the booking says, as the outbox keeps it.
json::object booking_facts(soci::session& s, const Booking& b, const std::string& action, long long at) {
  // The invite's SEQUENCE: how often the booking changed since it was made.
  long long changes = 0, booking = b.id;
  s << "SELECT COUNT(*) FROM booking_events WHERE booking_id = :b AND action IN ('updated', 'cancelled', 'released')",
      soci::use(booking), soci::into(changes);
  return json::object{{"booking_id", b.id},       {"action", action},   {"title", b.title},
                      {"room", b.classroom_name}, {"description", b.description},
                      {"start", b.start},         {"end", b.end},       {"at", at},
                      {"sequence", changes},      {"reason", b.decision_reason}};
}

void queue_mail(soci::session& s, const std::string& to, const std::string& event, const std::string& key,
                const std::string& payload, long long at) {
  std::string delivery = random_token(18);
  s << "INSERT INTO outbox (kind, destination, event, order_key, payload, delivery_id, next_attempt_at, created_at) "
       "VALUES ('mail', :t, :e, :k, :p, :d, :n, :c)",
      soci::use(to), soci::use(event), soci::use(key), soci::use(payload), soci::use(delivery), soci::use(at),
      soci::use(at);
}

void queue_to(soci::session& s, const Recipient& r, json::object facts, const std::string& event,
              const Booking& b, long long at) {
  facts["username"] = r.username;
  facts["email"] = r.email;
  queue_mail(s, r.email, event, "booking:" + std::to_string(b.id), to_json_text(facts), at);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Who hears of a new request: the approvers whose scopes name its room or building;
// the admins when nobody does. Never its own author.
std::size_t mail_approvers(soci::session& s, const Booking& b, long long at) {
  ApprovalGate gate;
  long long room = b.classroom_id;
  {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT c.name, c.requires_approval, bl.name, bl.requires_approval "
                                               "FROM classrooms c LEFT JOIN buildings bl ON bl.id = c.building_id "
                                               "WHERE c.id = :id",
                                  soci::use(room));
    for (const auto& r : rs) {
      gate.room_name = row_str(r, 0);
      gate.room_requires = row_bool(r, 1);
      gate.building_name = row_str(r, 2);
      gate.building_requires = row_opt_i64(r, 3).value_or(0) != 0;
    }
  }
  std::vector<Approver> candidates;
  soci::rowset<soci::row> rs = (s.prepare << "SELECT id, role, approver_scopes FROM users WHERE is_active = 1 "
                                             "AND (role = 'admin' OR approver_scopes <> '') ORDER BY id");
  for (const auto& r : rs)
    candidates.push_back({row_i64(r, 0), parse_role(row_str(r, 1)).value_or(Role::staff), lines_of(row_str(r, 2))});
  auto to = request_recipients(candidates, b.user_id, gate);
  auto facts = booking_facts(s, b, "requested", at);
  facts["requester"] = b.username;
  std::size_t n = 0;
  for (auto user : to)
    if (auto r = recipient(s, user, b.id, "requested")) {
      queue_to(s, *r, facts, "approval.requested", b, at);
      ++n;
    }
  return n;
}

}  // namespace

bool enqueue_booking_mail(soci::session& s, long long booking, const std::string& action, long long at) {
  if (!booking_mail_on) return false;
  auto b = booking_sql::must_find(s, booking);
  if (action == "requested") return mail_approvers(s, b, at) > 0;
  if (!b.user_id) return false;
  const char* event = action == "approved"   ? "booking.approved"
                      : action == "declined" ? "booking.declined"
                      : action == "lapsed"   ? "booking.lapsed"
                      : nullptr;
  auto r = recipient(s, *b.user_id, booking, action);
  if (!r) return false;
  queue_to(s, *r, booking_facts(s, b, action, at), event ? event : "booking." + action, b, at);
  return true;
}

void record_alert(soci::session& s, const std::string& event, const std::string& device_id,
                  std::optional<long long> room, const std::string& detail, long long at) {
  if (!booking_mail_on) return;
  long long room_id = room.value_or(0);
  soci::indicator room_ind = room ? soci::i_ok : soci::i_null;
  s << "INSERT INTO alert_events (event, device_id, classroom_id, detail, at) VALUES (:e, :d, :c, :t, :a)",
      soci::use(event), soci::use(device_id), soci::use(room_id, room_ind), soci::use(detail), soci::use(at);
}

void record_alert_event(soci::session& s, const std::string& event, const std::string& payload, long long at) {
  if (!booking_mail_on || (event != "sensor.fault" && event != "device.online")) return;
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

BookingMailFacts facts_from_payload(const std::string& payload) {
  auto v = json::parse(payload);
  const auto& o = v.as_object();
  BookingMailFacts f;
  f.booking_id = int_of(o, "booking_id");
  f.action = str_of(o, "action");
  f.title = str_of(o, "title");
  f.room = str_of(o, "room");
  f.description = str_of(o, "description");
  f.start = int_of(o, "start");
  f.end = int_of(o, "end");
  f.at = int_of(o, "at");
  f.sequence = int_of(o, "sequence");
  f.username = str_of(o, "username");
  f.email = str_of(o, "email");
  f.reason = str_of(o, "reason");
  f.requester = str_of(o, "requester");
  f.reminder_min = int_of(o, "reminder_min");
  return f;
}

std::vector<MailMessage> MailStore::claim(const std::string& instance, std::int64_t now, std::int64_t hold_s,
                                          int limit) {
  long long at = now, until = now + hold_s;
  return db_.write([&](soci::session& s) {
    std::string sql =
        "SELECT o.id, o.destination, o.event, o.payload, o.delivery_id, o.attempts, o.created_at FROM outbox o "
        "WHERE o.kind = 'mail' AND o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= :n "
        "AND (o.claimed_until IS NULL OR o.claimed_until < :n2) "
        "AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.kind = 'mail' AND e.delivered_at IS NULL "
        "AND e.failed_at IS NULL AND e.order_key = o.order_key AND e.id < o.id) "
        "ORDER BY o.id LIMIT " + std::to_string(limit);
    if (!db_.is_sqlite()) sql += " FOR UPDATE OF o SKIP LOCKED";
    std::vector<MailMessage> out;
    soci::rowset<soci::row> rs = (s.prepare << sql, soci::use(at), soci::use(at));
    for (const auto& r : rs)
      out.push_back({row_i64(r, 0), row_str(r, 1), row_str(r, 2), row_str(r, 3), row_str(r, 4), row_i64(r, 5),
                     row_i64(r, 6)});
    for (const auto& m : out) mark_claimed(s, m.id, instance, until);
    return out;
  });
}

void MailStore::give_up(std::int64_t id, const std::string& instance, std::int64_t now, int status,
                        const std::string& error) {
  long long key = id, at = now;
  soci::indicator status_ind = status > 0 ? soci::i_ok : soci::i_null;
  db_.write([&](soci::session& s) {
    s << "UPDATE outbox SET failed_at = :n, attempts = attempts + 1, last_status = :s, last_error = :e, "
         "claimed_by = NULL, claimed_until = NULL WHERE id = :id AND claimed_by = :b",
        soci::use(at), soci::use(status, status_ind), soci::use(error), soci::use(key), soci::use(instance);
  });
}

std::vector<MailEntry> MailStore::recent(int limit) {
  return db_.run([&](soci::session& s) {
    std::vector<MailEntry> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT id, destination, event, delivery_id, attempts, created_at, last_status, delivered_at, "
                      "failed_at, next_attempt_at, last_error FROM outbox WHERE kind = 'mail' ORDER BY id DESC LIMIT " +
                          std::to_string(limit));
    for (const auto& r : rs) {
      MailEntry e{row_i64(r, 0), row_str(r, 1), row_str(r, 2), row_str(r, 3), "", row_i64(r, 4), row_i64(r, 5),
                  row_opt_i64(r, 6), row_opt_i64(r, 7), row_opt_i64(r, 8), row_opt_i64(r, 9), row_str(r, 10)};
      e.status = e.delivered_at ? "delivered" : e.failed_at ? "failed" : e.attempts > 0 ? "failing" : "pending";
      if (e.delivered_at || e.failed_at) e.next_attempt_at.reset();
      out.push_back(std::move(e));
    }
    return out;
  });
}

std::size_t MailStore::queue_reminders(std::int64_t now) {
  long long at = now;
  return db_.write([&](soci::session& s) {
    std::size_t queued = 0;
    // Confirmed bookings not begun whose owner's reminder time has come, and whose
    // reminder for this start time is not queued yet.
    struct Due {
      long long id, start;
      int minutes;
    };
    std::vector<Due> due;
    {
      soci::rowset<soci::row> rs =
          (s.prepare << "SELECT b.id, b.start_time, u.reminder_min FROM bookings b JOIN users u ON u.id = b.user_id "
                        "WHERE b.status = 'confirmed' AND u.reminder_min IS NOT NULL AND b.start_time > :n "
                        "AND b.start_time - u.reminder_min * 60 <= :n2 AND NOT EXISTS (SELECT 1 FROM booking_reminders r "
                        "WHERE r.booking_id = b.id AND r.start_time = b.start_time) ORDER BY b.start_time, b.id LIMIT 200",
           soci::use(at), soci::use(at));
      for (const auto& r : rs) due.push_back({row_i64(r, 0), row_i64(r, 1), static_cast<int>(row_i64(r, 2))});
    }
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

NotificationPrefs MailStore::prefs(std::int64_t user) {
  long long key = user;
  return db_.run([&](soci::session& s) {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT mail_bookings, reminder_min FROM users WHERE id = :id", soci::use(key));
    for (const auto& r : rs) {
      NotificationPrefs p;
      p.mail_bookings = row_bool(r, 0);
      if (auto m = row_opt_i64(r, 1)) p.reminder_min = static_cast<int>(*m);
      return p;
    }
    throw NotFound("No user with id " + std::to_string(user));
  });
}

void MailStore::set_prefs(std::int64_t user, const NotificationPrefs& p, std::int64_t now) {
  long long key = user, at = now;
  int on = p.mail_bookings ? 1 : 0, minutes = p.reminder_min.value_or(0);
  soci::indicator minutes_ind = p.reminder_min ? soci::i_ok : soci::i_null;
  db_.write([&](soci::session& s) {
    soci::statement st = (s.prepare << "UPDATE users SET mail_bookings = :m, reminder_min = :r, updated_at = :n "
                                       "WHERE id = :id",
                          soci::use(on), soci::use(minutes, minutes_ind), soci::use(at), soci::use(key));
    st.execute(true);
    if (st.get_affected_rows() == 0) throw NotFound("No user with id " + std::to_string(user));
  });
}

}  // namespace classroom
