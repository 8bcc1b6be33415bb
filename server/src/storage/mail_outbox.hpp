#pragma once
// Mail through the outbox (kind 'mail'): a booking's change queues a mail to its booker
// in the change's own transaction, unless mail is off on this server, the booker turned
// booking mails off or has no usable address. The payload keeps the facts
// (BookingMailFacts as JSON); the sender writes the message from them. One booking's
// mails go out in order (order key "booking:<id>"). A mail a server refused for good
// (5xx) is marked failed and never tried again. A request mails its approvers; its
// decision or lapse mails the requester. Reminders and the admins' digest are queued
// by the clock (MailStore::queue_reminders, queue_digests; storage/mail_jobs.cpp).
#include "domain/mail.hpp"
#include "storage/outbox.hpp"

#include <optional>

namespace classroom {

// Whether booking changes queue mails at all (the server runs with --smtp-url).
void set_booking_mail(bool on);
// Inside the booking's write transaction: the mail for `action` (created, updated,
// cancelled, released, approved, declined, lapsed) to the booker, or for requested to
// the request's approvers (domain request_recipients), or nothing. Returns whether
// any was queued.
bool enqueue_booking_mail(soci::session& s, long long booking, const std::string& action, long long at);

BookingMailFacts facts_from_payload(const std::string& payload);
// A digest's lines as its payload keeps them.
std::vector<DigestLine> digest_lines_of(const std::string& payload);

// Whether this server sends mail at all.
bool mail_on();
// Inside the transaction of the change: a device offline or back, a sensor fault, for
// the admins' digest (nothing when mail is off).
void record_alert(soci::session& s, const std::string& event, const std::string& device_id,
                  std::optional<long long> room, const std::string& detail, long long at);
// The same from a webhook event's payload (the node-write batch's sensor.fault and
// device.online); other events are ignored.
void record_alert_event(soci::session& s, const std::string& event, const std::string& payload, long long at);

struct MailMessage {
  std::int64_t id = 0;
  std::string to, event, payload, delivery_id;
  std::int64_t attempts = 0, created_at = 0;
};

// One mail as the admins' outbox view shows it.
struct MailEntry {
  std::int64_t id = 0;
  std::string to, event, delivery_id, status;  // pending, failing, delivered, failed
  std::int64_t attempts = 0, created_at = 0;
  std::optional<std::int64_t> last_status, delivered_at, failed_at, next_attempt_at;
  std::string last_error;
};

struct NotificationPrefs {
  bool mail_bookings = true;
  std::optional<int> reminder_min;  // minutes before a booking's start; nullopt: off
};

class MailStore {
 public:
  explicit MailStore(Db& db) : db_(db) {}
  // Due mails nobody holds, each the oldest unsent one of its booking.
  std::vector<MailMessage> claim(const std::string& instance, std::int64_t now, std::int64_t hold_s, int limit);
  // Refused for good: kept with the error, never tried again, and no longer holding
  // back the booking's later mails.
  void give_up(std::int64_t id, const std::string& instance, std::int64_t now, int status, const std::string& error);
  std::vector<MailEntry> recent(int limit);
  // Queues the reminders that are due (reminder_due), each once per booking and start
  // time, recorded in booking_reminders in the mail's transaction; returns how many.
  std::size_t queue_reminders(std::int64_t now);
  // Queues each admin's digest that is due (digest_due) and moves their cursor; admins
  // who turned mail off get none. One instance at a time; returns how many.
  std::size_t queue_digests(std::int64_t now, std::int64_t interval_s);
  NotificationPrefs prefs(std::int64_t user);  // NotFound
  void set_prefs(std::int64_t user, const NotificationPrefs& p, std::int64_t now);

 private:
  Db& db_;
};

}  // namespace classroom
