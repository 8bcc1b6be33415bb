#include "storage/outbox.hpp"

#include "auth/secrets.hpp"
#include "storage/db.hpp"
#include "util/json_text.hpp"

#include <date/date.h>

#include <sstream>

namespace classroom {

namespace {

constexpr const char* kInsert =
    "INSERT INTO outbox (kind, subscription_id, event, order_key, payload, delivery_id, next_attempt_at, created_at) "
    "VALUES ('webhook', :s, :e, :k, :p, :d, :n, :c)";

// Events are kept as ",a,b," so that one LIKE finds the subscriptions to one of them.
std::string events_text(const std::vector<std::string>& events) {
  std::string out = ",";
  for (const auto& e : events) out += e + ",";
  return out;
}

std::vector<std::string> events_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string e; std::getline(in, e, ',');)
    if (!e.empty()) out.push_back(e);
  return out;
}

void insert_message(soci::session& s, long long subscription, const std::string& event, const std::string& order_key,
                    const std::string& payload, long long at) {
  std::string delivery = random_token(18);
  s << kInsert, soci::use(subscription), soci::use(event), soci::use(order_key), soci::use(payload),
      soci::use(delivery), soci::use(at), soci::use(at);
}

Webhook read_webhook(const soci::row& r) {
  return {row_i64(r, 0), row_str(r, 1), events_list(row_str(r, 2)), row_str(r, 3), row_i64(r, 4)};
}

}  // namespace

std::string iso_utc(std::int64_t at) {
  return date::format("%FT%TZ", std::chrono::sys_seconds{std::chrono::seconds{at}});
}

std::string event_payload(const std::string& event, std::int64_t at, boost::json::object data) {
  return to_json_text(boost::json::object{{"event", event}, {"occurred_at", iso_utc(at)}, {"data", std::move(data)}});
}

std::vector<std::int64_t> subscribers_of(soci::session& s, const std::string& event) {
  std::vector<std::int64_t> out;
  std::string pattern = "%," + event + ",%";
  soci::rowset<soci::row> rs = (s.prepare << "SELECT id FROM webhooks WHERE events LIKE :p ORDER BY id", soci::use(pattern));
  for (const auto& r : rs) out.push_back(row_i64(r, 0));
  return out;
}

std::size_t enqueue_to(soci::session& s, const std::vector<std::int64_t>& subscribers, const OutboxEvent& e) {
  if (subscribers.empty()) return 0;
  std::string payload = e.payload();
  for (auto id : subscribers) insert_message(s, id, e.event, e.order_key, payload, e.at);
  return subscribers.size();
}

std::size_t enqueue_event(soci::session& s, const OutboxEvent& e) {
  return enqueue_to(s, subscribers_of(s, e.event), e);
}

Webhook WebhookStore::create(const Webhook& w, std::int64_t now) {
  long long at = now, id = 0;
  std::string events = events_text(w.events);
  db_.write([&](soci::session& s) {
    s << "INSERT INTO webhooks (url, events, secret, created_at) VALUES (:u, :e, :s, :c) RETURNING id", soci::use(w.url),
        soci::use(events), soci::use(w.secret), soci::use(at), soci::into(id);
  });
  Webhook out = w;
  out.id = id;
  out.created_at = now;
  return out;
}

std::vector<Webhook> WebhookStore::list() {
  return db_.run([](soci::session& s) {
    std::vector<Webhook> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT id, url, events, secret, created_at FROM webhooks ORDER BY id");
    for (const auto& r : rs) out.push_back(read_webhook(r));
    return out;
  });
}

std::optional<Webhook> WebhookStore::find(std::int64_t id) {
  long long key = id;
  return db_.run([&](soci::session& s) -> std::optional<Webhook> {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT id, url, events, secret, created_at FROM webhooks WHERE id = :id", soci::use(key));
    for (const auto& r : rs) return read_webhook(r);
    return std::nullopt;
  });
}

void WebhookStore::remove(std::int64_t id) {
  long long key = id;
  db_.write([&](soci::session& s) {
    soci::statement st = (s.prepare << "DELETE FROM webhooks WHERE id = :id", soci::use(key));
    st.execute(true);
    if (st.get_affected_rows() == 0) throw NotFound("No webhook with id " + std::to_string(id));
    s << "DELETE FROM outbox WHERE kind = 'webhook' AND subscription_id = :id", soci::use(key);
  });
}

std::vector<Delivery> WebhookStore::deliveries(std::int64_t id, int limit) {
  long long key = id;
  return db_.run([&](soci::session& s) {
    std::vector<Delivery> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT id, event, delivery_id, attempts, delivered_at, last_status, claimed_until, "
                      "next_attempt_at, created_at, last_error FROM outbox WHERE kind = 'webhook' AND subscription_id = :s "
                      "ORDER BY id DESC LIMIT " + std::to_string(limit),
         soci::use(key));
    for (const auto& r : rs)
      out.push_back({row_i64(r, 0), row_str(r, 1), row_str(r, 2), row_i64(r, 3), row_opt_i64(r, 4), row_opt_i64(r, 5),
                     row_opt_i64(r, 6), row_i64(r, 7), row_i64(r, 8), row_str(r, 9)});
    return out;
  });
}

void WebhookStore::queue_ping(std::int64_t id, const std::string& delivery_payload, std::int64_t now) {
  long long key = id;
  db_.write([&](soci::session& s) {
    int found = 0;
    s << "SELECT COUNT(*) FROM webhooks WHERE id = :id", soci::use(key), soci::into(found);
    if (!found) throw NotFound("No webhook with id " + std::to_string(id));
    // A ping waits for nothing: its order key is its own.
    insert_message(s, key, "ping", "ping:" + random_token(9), delivery_payload, now);
  });
}

void mark_claimed(soci::session& s, std::int64_t id, const std::string& instance, std::int64_t until) {
  long long key = id, at = until;
  s << "UPDATE outbox SET claimed_by = :b, claimed_until = :u WHERE id = :id", soci::use(instance), soci::use(at),
      soci::use(key);
}

std::vector<OutboxMessage> OutboxStore::claim(const std::string& instance, std::int64_t now, std::int64_t hold_s,
                                              int limit) {
  long long at = now, until = now + hold_s;
  return db_.write([&](soci::session& s) {
    std::string sql =
        "SELECT o.id, o.subscription_id, o.event, o.payload, o.delivery_id, o.attempts, w.url, w.secret "
        "FROM outbox o JOIN webhooks w ON w.id = o.subscription_id "
        "WHERE o.kind = 'webhook' AND o.delivered_at IS NULL AND o.next_attempt_at <= :n "
        "AND (o.claimed_until IS NULL OR o.claimed_until < :n2) "
        "AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.delivered_at IS NULL AND e.subscription_id = o.subscription_id "
        "AND e.order_key = o.order_key AND e.id < o.id) "
        "ORDER BY o.id LIMIT " + std::to_string(limit);
    // Another instance's claim in progress is passed over, not waited for.
    if (!db_.is_sqlite()) sql += " FOR UPDATE OF o SKIP LOCKED";
    std::vector<OutboxMessage> out;
    soci::rowset<soci::row> rs = (s.prepare << sql, soci::use(at), soci::use(at));
    for (const auto& r : rs)
      out.push_back({row_i64(r, 0), row_i64(r, 1), row_str(r, 2), row_str(r, 3), row_str(r, 4), row_str(r, 6),
                     row_str(r, 7), row_i64(r, 5)});
    for (const auto& m : out) mark_claimed(s, m.id, instance, until);
    return out;
  });
}

void OutboxStore::delivered(std::int64_t id, const std::string& instance, std::int64_t now, int status) {
  long long key = id, at = now;
  db_.write([&](soci::session& s) {
    s << "UPDATE outbox SET delivered_at = :n, attempts = attempts + 1, last_status = :s, last_error = '', "
         "claimed_by = NULL, claimed_until = NULL WHERE id = :id AND claimed_by = :b",
        soci::use(at), soci::use(status), soci::use(key), soci::use(instance);
  });
}

void OutboxStore::failed(std::int64_t id, const std::string& instance, std::int64_t next_at, int status,
                         const std::string& error) {
  long long key = id, next = next_at;
  soci::indicator status_ind = status > 0 ? soci::i_ok : soci::i_null;
  db_.write([&](soci::session& s) {
    s << "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :n, last_status = :s, last_error = :e, "
         "claimed_by = NULL, claimed_until = NULL WHERE id = :id AND claimed_by = :b",
        soci::use(next), soci::use(status, status_ind), soci::use(error), soci::use(key), soci::use(instance);
  });
}

void OutboxStore::release(const std::string& instance) {
  db_.write([&](soci::session& s) {
    s << "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = :b AND delivered_at IS NULL",
        soci::use(instance);
  });
}

void OutboxStore::release_all(const std::string& kind) {
  db_.write([&](soci::session& s) {
    s << "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by IS NOT NULL AND delivered_at IS NULL "
         "AND kind = :k",
        soci::use(kind);
  });
}

OutboxStats OutboxStore::stats() {
  return db_.run([](soci::session& s) {
    OutboxStats out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT COUNT(*), SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), "
                                               "MIN(created_at) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
    for (const auto& r : rs) {
      out.depth = row_i64(r, 0);
      out.failing = row_opt_i64(r, 1).value_or(0);
      out.oldest_pending = row_opt_i64(r, 2);
    }
    return out;
  });
}

}  // namespace classroom
