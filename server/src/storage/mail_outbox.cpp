#include "storage/mail_outbox.hpp"

#include "domain/approval.hpp"
#include "storage/booking_sql.hpp"
#include "storage/db.hpp"
#include "storage/mail_sql.hpp"
#include "util/json_text.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <atomic>

namespace classroom {

namespace json = boost::json;
using namespace mail_sql;

namespace {

std::atomic<bool> booking_mail_on{false};

}  // namespace

void set_booking_mail(bool on) { booking_mail_on = on; }

bool mail_on() { return booking_mail_on; }

namespace {

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
  auto gate = booking_sql::approval_gate(s, b.classroom_id);
  std::vector<Approver> candidates;
  soci::rowset<soci::row> rs = (s.prepare << "SELECT id, role, approver_scopes FROM users WHERE is_active = 1 "
                                             "AND (role = 'admin' OR approver_scopes <> '') ORDER BY id");
  for (const auto& r : rs)
    candidates.push_back({row_i64(r, 0), parse_role(row_str(r, 1)).value_or(Role::staff), lines_of(row_str(r, 2))});
  auto to = request_recipients(candidates, b.user_id, gate);
  auto facts = booking_facts(s, b, "requested", at);
  facts["requester"] = b.username;
  if (b.series_id) {
    // A series asks once: its first session's mail stands for the rest.
    long long series = *b.series_id, id = b.id, earlier = 0;
    s << "SELECT COUNT(*) FROM bookings WHERE series_id = :s AND status = 'pending' AND id < :id", soci::use(series),
        soci::use(id), soci::into(earlier);
    if (earlier > 0) return 0;
    facts["series"] = true;
  }
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
  // booking.created, updated, cancelled, released; approved, declined, lapsed.
  auto r = recipient(s, *b.user_id, booking, action);
  if (!r) return false;
  queue_to(s, *r, booking_facts(s, b, action, at), "booking." + action, b, at);
  return true;
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
  if (const auto* series = o.if_contains("series"); series && series->is_bool()) f.series = series->as_bool();
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
