#pragma once
// The outbox's sender: a thread that claims due messages and POSTs them with libcurl,
// several at once (a receiver that hangs holds only its own message, for at most the
// total timeout), each signed with its subscription's secret. A 2xx marks it
// delivered; anything else, a timeout or a refused address schedules a retry with
// backoff. Redirects are not followed. Every address is checked again before sending
// (DNS can change), and curl connects to exactly the addresses checked.
#include "services/webhooks.hpp"

#include <atomic>
#include <random>
#include <thread>

namespace classroom {

class WebhookSender {
 public:
  WebhookSender(OutboxStore& outbox, const Clock& clock, WebhookSettings settings, bool single_instance);
  ~WebhookSender();
  void start();
  void stop();

  static constexpr long kConnectTimeoutS = 5;
  static constexpr long kTotalTimeoutS = 10;
  static constexpr std::int64_t kHoldS = 30;  // a claim outlives the longest attempt
  static constexpr int kParallel = 8;

 private:
  void run();
  std::int64_t retry_at(std::int64_t attempts_before);
  OutboxStore& outbox_;
  const Clock& clock_;
  WebhookSettings settings_;
  bool single_instance_;
  std::string instance_id_;
  std::mt19937 random_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
};

}  // namespace classroom
