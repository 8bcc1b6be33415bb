#include "services/webhook_sender.hpp"

#include "auth/secrets.hpp"
#include "auth/webhook_signature.hpp"
#include "domain/webhook_rules.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <unistd.h>

namespace classroom {

namespace {

// One POST in flight.
struct Transfer {
  OutboxMessage message;
  curl_slist* headers = nullptr;
  curl_slist* resolve = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  ~Transfer() {
    curl_slist_free_all(headers);
    curl_slist_free_all(resolve);
  }
};

std::size_t discard(char*, std::size_t size, std::size_t n, void*) { return size * n; }

}  // namespace

WebhookSender::WebhookSender(OutboxStore& outbox, const Clock& clock, WebhookSettings settings, bool single_instance)
    : outbox_(outbox), clock_(clock), settings_(settings), single_instance_(single_instance),
      instance_id_(std::to_string(::getpid()) + "-" + random_token(6)), random_(std::random_device{}()) {}

WebhookSender::~WebhookSender() { stop(); }

void WebhookSender::start() {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  thread_ = std::thread([this] { run(); });
}

void WebhookSender::stop() {
  if (stopping_.exchange(true)) return;
  if (thread_.joinable()) thread_.join();
}

std::int64_t WebhookSender::retry_at(std::int64_t attempts_before) {
  double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  return clock_.now() + retry_delay_s(attempts_before + 1, settings_.retry_min_s, settings_.retry_max_s, jitter);
}

void WebhookSender::run() {
  CURLM* multi = curl_multi_init();
  std::map<CURL*, std::unique_ptr<Transfer>> flying;
  auto fail = [&](const OutboxMessage& m, int status, const std::string& error) {
    spdlog::warn("event=webhook_failed webhook_id={} delivery_id={} event={} attempt={} status={} error=\"{}\"",
                 m.subscription_id, m.delivery_id, m.event, m.attempts + 1, status, error);
    outbox_.failed(m.id, instance_id_, retry_at(m.attempts), status, error);
  };
  // Starts one POST, or records why it cannot go.
  auto launch = [&](OutboxMessage m) {
    WebhookTarget target;
    try {
      target = parse_webhook_url(m.url);
    } catch (const std::exception&) {
      fail(m, 0, "the URL is no longer valid");
      return;
    }
    auto t = std::make_unique<Transfer>();
    if (!settings_.allow_private) {
      auto resolved = resolve_host(target.host);
      if (!resolved.error.empty()) return fail(m, 0, resolved.error);
      if (auto why = refused_addresses(resolved.addresses)) return fail(m, 0, "refused: " + *why);
      // Connect to exactly what was checked, whatever DNS says a moment later.
      std::string pin = target.host + ":" + std::to_string(target.port) + ":";
      for (std::size_t i = 0; i < resolved.addresses.size(); ++i) {
        const auto& a = resolved.addresses[i];
        pin += (i ? "," : "") + (a.find(':') != std::string::npos ? "[" + a + "]" : a);
      }
      t->resolve = curl_slist_append(nullptr, pin.c_str());
    }
    t->headers = curl_slist_append(t->headers, "Content-Type: application/json");
    t->headers = curl_slist_append(t->headers, ("X-Classroom-Event: " + m.event).c_str());
    t->headers = curl_slist_append(t->headers, ("X-Classroom-Delivery: " + m.delivery_id).c_str());
    t->headers = curl_slist_append(t->headers, ("X-Classroom-Signature: " + webhook_signature(m.secret, m.payload)).c_str());
    t->headers = curl_slist_append(t->headers, "Expect:");  // no 100-continue round trip
    t->message = std::move(m);
    CURL* easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, t->message.url.c_str());
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, t->message.payload.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(t->message.payload.size()));
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
    if (t->resolve) curl_easy_setopt(easy, CURLOPT_RESOLVE, t->resolve);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutS);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT, kTotalTimeoutS);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "classroomd-webhooks");
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error);
    curl_multi_add_handle(multi, easy);
    flying.emplace(easy, std::move(t));
  };
  auto finish = [&](CURL* easy, CURLcode code) {
    auto t = std::move(flying.at(easy));
    flying.erase(easy);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_multi_remove_handle(multi, easy);
    curl_easy_cleanup(easy);
    const auto& m = t->message;
    if (code == CURLE_OK && status >= 200 && status < 300) {
      spdlog::info("event=webhook_delivered webhook_id={} delivery_id={} event={} attempt={} status={}", m.subscription_id,
                   m.delivery_id, m.event, m.attempts + 1, status);
      outbox_.delivered(m.id, instance_id_, clock_.now(), static_cast<int>(status));
    } else if (code == CURLE_OK) {
      fail(m, static_cast<int>(status),
           "HTTP " + std::to_string(status) + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
    } else {
      fail(m, 0, t->error[0] ? std::string(t->error) : std::string(curl_easy_strerror(code)));
    }
  };

  // One server on a SQLite file: claims left by a crash are nobody's now.
  if (single_instance_) {
    try {
      outbox_.release_all();
    } catch (const std::exception&) {
    }
  }
  auto last_claim = std::chrono::steady_clock::time_point{};
  while (!stopping_) {
    try {
      auto now = std::chrono::steady_clock::now();
      if (flying.size() < static_cast<std::size_t>(kParallel) && now - last_claim >= std::chrono::milliseconds(250)) {
        last_claim = now;
        for (auto& m : outbox_.claim(instance_id_, clock_.now(), kHoldS, kParallel - static_cast<int>(flying.size())))
          launch(std::move(m));
      }
      int running = 0;
      curl_multi_perform(multi, &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi, &left))
        if (msg->msg == CURLMSG_DONE) finish(msg->easy_handle, msg->data.result);
      curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    } catch (const std::exception& e) {
      spdlog::warn("event=webhook_sender_step_failed what=\"{}\"", e.what());
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
  for (auto& [easy, t] : flying) {
    curl_multi_remove_handle(multi, easy);
    curl_easy_cleanup(easy);
  }
  curl_multi_cleanup(multi);
  // What was in flight is sent again by whoever claims it next.
  try {
    outbox_.release(instance_id_);
  } catch (const std::exception&) {
  }
}

}  // namespace classroom
