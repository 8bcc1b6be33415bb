#pragma once
// A real webhook receiver for the tests (tests/support/webhook_receiver.py, a Python
// http.server on 127.0.0.1): checks each delivery's signature, fails the first
// attempts of each delivery or hangs when told to, and records what it got.
#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace testing_support {

struct Received {
  std::string event, delivery;
  bool signature_ok = false;
  std::string content_type;
  int attempt = 0, status = 0;
  boost::json::value body;
};

class WebhookReceiver {
 public:
  struct Options {
    int fail_first = 0;  // answer 500 to the first N attempts of each delivery
    double hang_s = 0;   // wait this long before answering
    std::string redirect_to;  // answer every delivery 302 to this URL
  };
  WebhookReceiver(std::string secret, Options options);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  // Every request so far, in the order they arrived.
  std::vector<Received> requests() const;
  // The requests answered 200, in order.
  std::vector<Received> accepted() const;
  // Waits until `done(accepted())` holds; false after `timeout`.
  bool wait_until(const std::function<bool(const std::vector<Received>&)>& done, std::chrono::seconds timeout) const;

 private:
  std::string dir_;
  int pid_ = -1;
  int port_ = 0;
};

}  // namespace testing_support
