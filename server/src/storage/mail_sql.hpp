#pragma once
// Pieces of SQL the mail files share (mail_outbox.cpp, mail_jobs.cpp): who may be
// mailed, what a booking mail keeps of the booking, and the outbox row. Storage-internal.
#include "auth/secrets.hpp"
#include "domain/mail.hpp"
#include "storage/booking_store.hpp"
#include "storage/db.hpp"
#include "util/json_text.hpp"

#include <boost/json.hpp>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <string>

namespace classroom::mail_sql {

namespace json = boost::json;

inline std::int64_t int_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

inline std::string str_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

struct Recipient {
  long long id = 0;
  std::string username, email;
};

// The user, when they want booking mails and have an address a mail can go to.
inline std::optional<Recipient> recipient(soci::session& s, long long user, long long booking, const std::string& action) {
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
inline json::object booking_facts(soci::session& s, const Booking& b, const std::string& action, long long at) {
  // The invite's SEQUENCE: how often the booking changed since it was made.
  long long changes = 0, booking = b.id;
  s << "SELECT COUNT(*) FROM booking_events WHERE booking_id = :b AND action IN ('updated', 'cancelled', 'released')",
      soci::use(booking), soci::into(changes);
  return json::object{{"booking_id", b.id},       {"action", action},   {"title", b.title},
                      {"room", b.classroom_name}, {"description", b.description},
                      {"start", b.start},         {"end", b.end},       {"at", at},
                      {"sequence", changes},      {"reason", b.decision_reason}};
}

inline void queue_mail(soci::session& s, const std::string& to, const std::string& event, const std::string& key,
                const std::string& payload, long long at) {
  std::string delivery = random_token(18);
  s << "INSERT INTO outbox (kind, destination, event, order_key, payload, delivery_id, next_attempt_at, created_at) "
       "VALUES ('mail', :t, :e, :k, :p, :d, :n, :c)",
      soci::use(to), soci::use(event), soci::use(key), soci::use(payload), soci::use(delivery), soci::use(at),
      soci::use(at);
}

inline void queue_to(soci::session& s, const Recipient& r, json::object facts, const std::string& event,
              const Booking& b, long long at) {
  facts["username"] = r.username;
  facts["email"] = r.email;
  queue_mail(s, r.email, event, "booking:" + std::to_string(b.id), to_json_text(facts), at);
}

}  // namespace classroom::mail_sql
