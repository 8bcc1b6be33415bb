#pragma once
// Mail (README "Mail"): booking mails with their calendar invites, queued in the outbox
// by the booking's own transaction (storage/mail_outbox) and sent here over SMTP with
// libcurl, one at a time, STARTTLS when the server offers it (smtp://) or implicit TLS
// (smtps://). Delivered on 2xx; a 5xx refusal fails the mail for good with the
// server's answer; a 4xx, a timeout or a lost connection retries with the outbox's
// backoff. Users choose what they get (GET/PUT /api/auth/me/notifications). A second
// thread queues what is due by the clock: reminders before bookings and the admins'
// digest of device and sensor problems.
#include "storage/mail_outbox.hpp"
#include "util/clock.hpp"

#include <atomic>
#include <random>
#include <string>
#include <thread>

namespace classroom {

struct MailSettings {
  std::string smtp_url;       // smtp://[user@]host:port or smtps://...; empty: no mail
  std::string smtp_password;  // never logged
  MailAddress from;
  std::string public_url;     // links to <public_url>/account
  const date::time_zone* zone = nullptr;
  std::int64_t retry_min_s = 10, retry_max_s = 3600;
  std::int64_t digest_interval_s = 15 * 60;  // --mail-digest-min
};

struct SmtpTarget {
  std::string scheme, user, host;
  int port = 0;
};
// The URL's parts; std::invalid_argument naming what is wrong (start-up refuses it).
SmtpTarget parse_smtp_url(const std::string& url);

class MailService {
 public:
  MailService(MailStore& store, const Clock& clock) : store_(store), clock_(clock) {}
  NotificationPrefs prefs(std::int64_t user) { return store_.prefs(user); }
  // BadRequest naming reminder_min unless null or 5..10080 minutes (a week).
  NotificationPrefs set_prefs(std::int64_t user, const NotificationPrefs& p);
  std::vector<MailEntry> recent() { return store_.recent(200); }
  std::int64_t now() const { return clock_.now(); }

 private:
  MailStore& store_;
  const Clock& clock_;
};

class MailSender {
 public:
  MailSender(MailStore& store, OutboxStore& outbox, const Clock& clock, MailSettings settings, bool single_instance);
  ~MailSender();
  void start();  // nothing without an SMTP URL
  void stop();

  static constexpr long kConnectTimeoutS = 10;
  static constexpr long kTotalTimeoutS = 30;
  static constexpr std::int64_t kHoldS = 45;  // a claim (one mail) outlives the longest attempt
  static constexpr int kQueueEveryS = 2;      // how often reminders and digests are looked for

 private:
  void run();
  void queue_due();  // reminders and digests, on their own thread (a slow send holds nothing up)
  void send(const MailMessage& m);
  std::string redact(std::string text) const;
  MailStore& store_;
  OutboxStore& outbox_;
  const Clock& clock_;
  MailSettings settings_;
  bool single_instance_;
  std::string instance_id_;
  std::mt19937 random_;
  std::thread thread_, queuer_;
  std::atomic<bool> stopping_{false};
};

}  // namespace classroom
