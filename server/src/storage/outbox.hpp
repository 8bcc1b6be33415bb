#pragma once
// The outbox and the webhook subscriptions it serves. A message is written inside the
// transaction of the change that caused it (enqueue_event), one per subscription to
// its event, and only when there is one; a sender claims due messages (PostgreSQL:
// FOR UPDATE SKIP LOCKED; SQLite: the one writer), sends them and records the result.
// A message waits while an earlier one with its subscription and order key is not
// delivered yet, so one room's events arrive in order.
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace soci { class session; }

namespace classroom {

class Db;

// Inside a claim's transaction: the message is this instance's until `until`.
void mark_claimed(soci::session& s, std::int64_t id, const std::string& instance, std::int64_t until);

// An event as the change that caused it writes it. `payload` is called only when some
// subscription wants the event (the report path pays nothing without one).
struct OutboxEvent {
  std::string event;
  std::string order_key;  // "room:12": messages with one key go out in order
  std::function<std::string()> payload;
  std::int64_t at = 0;
};
// Inside a write transaction on `s`; returns how many messages it queued.
std::size_t enqueue_event(soci::session& s, const OutboxEvent& e);
// The same in two steps, for a writer that queues many events in one transaction and
// looks each event's subscribers up once (the node-write batch).
std::vector<std::int64_t> subscribers_of(soci::session& s, const std::string& event);
std::size_t enqueue_to(soci::session& s, const std::vector<std::int64_t>& subscribers, const OutboxEvent& e);
// The body every delivery carries: {"event", "occurred_at" (ISO 8601 UTC), "data"}.
std::string event_payload(const std::string& event, std::int64_t at, boost::json::object data);
// "2026-11-30T12:00:00Z"
std::string iso_utc(std::int64_t at);

struct Webhook {
  std::int64_t id = 0;
  std::string url;
  std::vector<std::string> events;
  std::string secret;  // never shown back
  std::int64_t created_at = 0;
};

// One message as the delivery log shows it.
struct Delivery {
  std::int64_t id = 0;
  std::string event, delivery_id;
  std::int64_t attempts = 0;
  std::optional<std::int64_t> delivered_at, last_status, claimed_until;
  std::int64_t next_attempt_at = 0, created_at = 0;
  std::string last_error;
};

// A claimed message with what it takes to send it.
struct OutboxMessage {
  std::int64_t id = 0;
  std::int64_t subscription_id = 0;
  std::string event, payload, delivery_id, url, secret;
  std::int64_t attempts = 0;
};

struct OutboxStats {
  std::int64_t depth = 0;    // not delivered yet
  std::int64_t failing = 0;  // of those, tried at least once
  std::optional<std::int64_t> oldest_pending;  // created_at of the oldest
};

class WebhookStore {
 public:
  explicit WebhookStore(Db& db) : db_(db) {}
  Webhook create(const Webhook& w, std::int64_t now);
  std::vector<Webhook> list();
  std::optional<Webhook> find(std::int64_t id);
  void remove(std::int64_t id);  // NotFound; its undelivered messages go with it
  std::vector<Delivery> deliveries(std::int64_t id, int limit);
  void queue_ping(std::int64_t id, const std::string& delivery_payload, std::int64_t now);

 private:
  Db& db_;
};

class OutboxStore {
 public:
  explicit OutboxStore(Db& db) : db_(db) {}
  // Due messages nobody holds, the head of their order key; held by `instance` until
  // `now + hold_s`.
  std::vector<OutboxMessage> claim(const std::string& instance, std::int64_t now, std::int64_t hold_s, int limit);
  void delivered(std::int64_t id, const std::string& instance, std::int64_t now, int status);
  void failed(std::int64_t id, const std::string& instance, std::int64_t next_at, int status, const std::string& error);
  OutboxStats stats();
  // Lets go of the claims of `instance` (stopping), or of everyone's (one server on
  // SQLite starting: nobody else can hold one).
  void release(const std::string& instance);
  void release_all(const std::string& kind = "webhook");  // one kind's: each sender its own

 private:
  Db& db_;
};

}  // namespace classroom
