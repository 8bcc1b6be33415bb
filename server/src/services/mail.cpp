#include "services/mail.hpp"

#include "auth/secrets.hpp"
#include "domain/errors.hpp"
#include "domain/webhook_rules.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <unistd.h>

namespace classroom {

namespace {

// The message as curl reads it for DATA.
struct Upload {
  const std::string& text;
  std::size_t sent = 0;
};

std::size_t read_upload(char* out, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  std::size_t take = std::min(size * n, u->text.size() - u->sent);
  std::memcpy(out, u->text.data() + u->sent, take);
  u->sent += take;
  return take;
}

}  // namespace

SmtpTarget parse_smtp_url(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u) throw std::invalid_argument("--smtp-url must be smtp://HOST:PORT or smtps://HOST:PORT");
  SmtpTarget t;
  t.scheme = u->scheme();
  std::transform(t.scheme.begin(), t.scheme.end(), t.scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t.scheme != "smtp" && t.scheme != "smtps") throw std::invalid_argument("--smtp-url must start with smtp:// or smtps://");
  if (!u->has_authority() || u->host().empty()) throw std::invalid_argument("--smtp-url must name a host");
  if (u->has_password()) throw std::invalid_argument("--smtp-url must not carry the password: use --smtp-password-file");
  t.user = u->has_userinfo() ? std::string(u->user()) : std::string();
  t.host = u->host();
  t.port = u->has_port() ? u->port_number() : (t.scheme == "smtps" ? 465 : 25);
  if (t.port == 0) throw std::invalid_argument("--smtp-url has no valid port");
  return t;
}

NotificationPrefs MailService::set_prefs(std::int64_t user, const NotificationPrefs& p) {
  if (p.reminder_min && (*p.reminder_min < 5 || *p.reminder_min > 10080))
    throw BadRequest("reminder_min", "reminder_min must be null (off) or between 5 and 10080 minutes");
  store_.set_prefs(user, p, clock_.now());
  spdlog::info("event=notifications_changed user_id={} mail_bookings={} reminder_min={}", user, p.mail_bookings,
               p.reminder_min ? std::to_string(*p.reminder_min) : "off");
  return store_.prefs(user);
}

MailSender::MailSender(MailStore& store, OutboxStore& outbox, const Clock& clock, MailSettings settings,
                       bool single_instance)
    : store_(store), outbox_(outbox), clock_(clock), settings_(std::move(settings)), single_instance_(single_instance),
      instance_id_(std::to_string(::getpid()) + "-mail-" + random_token(6)), random_(std::random_device{}()) {}

MailSender::~MailSender() { stop(); }

void MailSender::start() {
  if (settings_.smtp_url.empty()) return;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  thread_ = std::thread([this] { run(); });
  queuer_ = std::thread([this] { queue_due(); });
}

void MailSender::stop() {
  if (stopping_.exchange(true)) return;
  if (thread_.joinable()) thread_.join();
  if (queuer_.joinable()) queuer_.join();
}

void MailSender::queue_due() {
  while (!stopping_) {
    try {
      auto now = clock_.now();
      store_.queue_reminders(now);
      store_.queue_digests(now, settings_.digest_interval_s);
    } catch (const std::exception& e) {
      spdlog::warn("event=mail_queue_step_failed what=\"{}\"", redact(e.what()));
    }
    for (int i = 0; i < kQueueEveryS * 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// The password never reaches a log or the outbox's last error, whatever a server says.
std::string MailSender::redact(std::string text) const {
  const auto& p = settings_.smtp_password;
  if (p.empty()) return text;
  for (auto at = text.find(p); at != std::string::npos; at = text.find(p, at)) text.replace(at, p.size(), "[redacted]");
  return text;
}

void MailSender::send(const MailMessage& m) {
  auto give_up = [&](int status, const std::string& error) {
    spdlog::warn("event=mail_failed delivery_id={} event={} attempt={} status={} error=\"{}\"", m.delivery_id, m.event,
                 m.attempts + 1, status, error);
    store_.give_up(m.id, instance_id_, clock_.now(), status, error);
  };
  std::string message;
  try {
    auto facts = facts_from_payload(m.payload);
    BookingMailSettings how{settings_.from, settings_.zone, settings_.public_url};
    MailHeaders h{settings_.from, {facts.username, m.to}, m.delivery_id + "@" + mail_domain(settings_.from.address),
                  m.created_at};
    MailContent content;
    if (m.event == "alerts.digest") {
      auto lines = digest_lines_of(m.payload);
      auto interval = boost::json::parse(m.payload).as_object().at("interval_s").to_number<std::int64_t>();
      content = digest_mail(lines, facts.username, interval, how);
    } else if (m.event == "booking.reminder") {
      content = reminder_mail(facts, how);
    } else if (m.event == "approval.requested") {
      content = approval_request_mail(facts, how);
    } else if (m.event == "booking.approved" || m.event == "booking.declined" || m.event == "booking.lapsed") {
      content = approval_decision_mail(facts, how);
    } else {
      content = booking_mail(facts, how);
    }
    message = compose_mail(h, content);
  } catch (const std::exception& e) {
    return give_up(0, std::string("cannot write the mail: ") + e.what());
  }
  CURL* easy = curl_easy_init();
  char error[CURL_ERROR_SIZE] = {};
  Upload upload{message};
  std::string from = "<" + settings_.from.address + ">", to = "<" + m.to + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
  curl_easy_setopt(easy, CURLOPT_URL, settings_.smtp_url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!settings_.smtp_password.empty()) curl_easy_setopt(easy, CURLOPT_PASSWORD, settings_.smtp_password.c_str());
  // smtp://: STARTTLS when the server offers it; smtps:// is TLS from the start.
  curl_easy_setopt(easy, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(easy, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(easy, CURLOPT_READDATA, &upload);
  curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutS);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, kTotalTimeoutS);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
  CURLcode code = curl_easy_perform(easy);
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(easy);
  if (code == CURLE_OK) {
    spdlog::info("event=mail_delivered delivery_id={} event={} attempt={} status={}", m.delivery_id, m.event,
                 m.attempts + 1, status);
    outbox_.delivered(m.id, instance_id_, clock_.now(), static_cast<int>(status ? status : 250));
    return;
  }
  std::string why = redact(error[0] ? std::string(error) : std::string(curl_easy_strerror(code)));
  if (status >= 500 && status < 600) return give_up(static_cast<int>(status), "refused: " + why);
  double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  auto next = clock_.now() + retry_delay_s(m.attempts + 1, settings_.retry_min_s, settings_.retry_max_s, jitter);
  spdlog::warn("event=mail_retry delivery_id={} event={} attempt={} status={} error=\"{}\"", m.delivery_id, m.event,
               m.attempts + 1, status, why);
  outbox_.failed(m.id, instance_id_, next, static_cast<int>(status), why);
}

void MailSender::run() {
  // One server on a SQLite file: claims left by a crash are nobody's now.
  if (single_instance_) {
    try {
      outbox_.release_all("mail");
    } catch (const std::exception&) {
    }
  }
  while (!stopping_) {
    try {
      auto due = store_.claim(instance_id_, clock_.now(), kHoldS, 1);
      for (const auto& m : due) {
        if (stopping_) break;
        send(m);
      }
      if (due.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    } catch (const std::exception& e) {
      spdlog::warn("event=mail_sender_step_failed what=\"{}\"", redact(e.what()));
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
  try {
    outbox_.release(instance_id_);
  } catch (const std::exception&) {
  }
}

}  // namespace classroom
