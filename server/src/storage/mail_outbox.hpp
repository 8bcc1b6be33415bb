#pragma once
// Mail through the outbox (kind 'mail'): a booking's change queues a mail to its booker
// in the change's own transaction, unless mail is off on this server, the booker turned
// booking mails off or has no usable address. The payload keeps the facts
// (BookingMailFacts as JSON); the sender writes the message from them. One booking's
// mails go out in order (order key "booking:<id>"). A mail a server refused for good
// (5xx) is marked failed and never tried again.
#include "domain/mail.hpp"
#include "storage/outbox.hpp"

#include <optional>

namespace classroom {

// Whether booking changes queue mails at all (the server runs with --smtp-url).
void set_booking_mail(bool on);
// Inside the booking's write transaction: the mail for `action` (created, updated,
// cancelled, released) to the booker, or nothing. Returns whether one was queued.
bool enqueue_booking_mail(soci::session& s, long long booking, const std::string& action, long long at);

BookingMailFacts facts_from_payload(const std::string& payload);

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
  NotificationPrefs prefs(std::int64_t user);  // NotFound
  void set_prefs(std::int64_t user, const NotificationPrefs& p, std::int64_t now);

 private:
  Db& db_;
};

}  // namespace classroom
